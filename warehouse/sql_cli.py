"""`python -m warehouse sql "SELECT ..."`: one read-only query against the published read copy.

It works while the pipeline writes (it never opens the written file), and it cannot change anything:
the connection is read-only and DuckDB's external access is off, so COPY TO, ATTACH or reading local
files are refused too.
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


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        for row in rows:
            out.write(json.dumps({c: _plain(v) for c, v in zip(columns, row)}, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        w.writerows([[_plain(v) for v in row] for row in rows])
    else:
        cells = [[("NULL" if v is None else str(_plain(v))).replace("\n", " ") for v in row] for row in rows]
        widths = [max([len(c)] + [min(len(r[i]), 60) for r in cells]) for i, c in enumerate(columns)]
        line = lambda vals: " | ".join(v[:60].ljust(w) for v, w in zip(vals, widths))  # noqa: E731
        out.write(line(list(columns)) + "\n" + "-+-".join("-" * w for w in widths) + "\n")
        for r in cells:
            out.write(line(r) + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


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
        cursor = con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    finally:
        con.close()
    render(columns, rows, fmt, out)
    return 0
