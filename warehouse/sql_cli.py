"""`python -m warehouse sql "SELECT ..."`: read-only queries against the published read copy.

It works while the pipeline writes (it never opens the written file), and it cannot change anything:
the connection is read-only and DuckDB's external access is off, so COPY TO, ATTACH or reading local
files are refused too.

Output formats: `table` (default, for people: cells longer than 60 characters end in `...`), `csv`,
`json` (one JSON array of row objects, as `duckdb -json` prints it) and `jsonl` (JSON Lines: one object
per line, for streaming tools). Several statements separated by `;` are run in order and, in `table`
format, every result is shown in that order; the machine formats hold one result each, so there several
statements are refused before anything runs. Errors are DuckDB's whole message, hint included
("Did you mean funding_rounds?"), never a traceback.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import duckdb

from warehouse.connection import WarehouseNotFound, reader

FORMATS = ("table", "csv", "json", "jsonl")
ONE_RESULT_FORMATS = ("csv", "json", "jsonl")
MAX_CELL = 60
CUT_MARK = "..."


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _row_json(columns: Sequence[str], row: Sequence[Any]) -> str:
    return json.dumps({c: _plain(v) for c, v in zip(columns, row)}, ensure_ascii=False, default=str)


def table_cell(value: Any) -> str:
    """A value as the table shows it: NULL spelt out, one line, cut to MAX_CELL with a visible mark."""
    text = ("NULL" if value is None else str(_plain(value))).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - len(CUT_MARK)] + CUT_MARK


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    cells = [[table_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths))  # noqa: E731
    out.write(line(list(columns)) + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def render_json_array(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    """One JSON document: an array of row objects (`[]` for no rows)."""
    if not rows:
        out.write("[]\n")
        return
    out.write("[\n" + ",\n".join(_row_json(columns, row) for row in rows) + "\n]\n")


def render_jsonl(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    for row in rows:
        out.write(_row_json(columns, row) + "\n")


def render_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    w = csv.writer(out)
    w.writerow(columns)
    w.writerows([[_plain(v) for v in row] for row in rows])


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json_array, "jsonl": render_jsonl}


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: TextIO) -> None:
    RENDERERS[fmt](columns, rows, out)


def split_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The statements of `sql` in order, as DuckDB's own parser splits them (a `;` in a string stays)."""
    return [statement.query.strip() for statement in con.extract_statements(sql)]


def statements_problem(statements: list[str], fmt: str, params: Sequence[Any] | None) -> str | None:
    """Why these statements cannot be run as asked, or None."""
    if not statements:
        return "no SQL statement given"
    if len(statements) > 1 and fmt in ONE_RESULT_FORMATS:
        return (f"{len(statements)} statements given, but --format {fmt} holds one result: run them one at a "
                "time, or use --format table to see every result in order")
    if len(statements) > 1 and params:
        return f"{len(statements)} statements given with parameters: parameters need a single statement"
    return None


def duckdb_error(exc: duckdb.Error, statement_number: int, statements: int) -> str:
    """DuckDB's whole message (its hint and the caret under the error included), said once."""
    where = f"statement {statement_number} of {statements}: " if statements > 1 else ""
    return f"error: {where}{exc}"


def run_query(sql: str, fmt: str = "table", out: TextIO = sys.stdout, params: Sequence[Any] | None = None) -> int:
    try:
        con = reader()
    except WarehouseNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"error: cannot open the warehouse read copy: {exc}", file=sys.stderr)
        return 1
    try:
        try:
            statements = split_statements(con, sql)
        except duckdb.Error as exc:
            print(duckdb_error(exc, 1, 1), file=sys.stderr)
            return 1
        problem = statements_problem(statements, fmt, params)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        for number, statement in enumerate(statements, start=1):
            try:
                cursor = con.execute(statement, params or [])
                columns = [d[0] for d in cursor.description] if cursor.description else []
                rows = cursor.fetchall() if columns else []
            except duckdb.Error as exc:
                print(duckdb_error(exc, number, len(statements)), file=sys.stderr)
                return 1
            if number > 1:
                out.write("\n")
            render(columns, rows, fmt, out)
    finally:
        con.close()
    return 0
