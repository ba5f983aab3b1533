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

Bounded, so one query cannot hang a terminal or the machine (`run_bounded`):
- a statement timeout (`--timeout`, default 60 s): a watchdog interrupts DuckDB when it runs out;
- a memory limit (`--memory-limit`, default 4GB) set before the query runs, with DuckDB's configuration
  locked, so `SET memory_limit = '100TB'` in the query is refused;
- rows are fetched in batches and written as they come (csv/json/jsonl stream any number of rows with
  bounded memory); `table` shows at most `--max-rows` (default 1000) and then one line
  "... N more rows" (the rest is counted, not kept);
- Ctrl-C interrupts the query and ends with one line, `error: interrupted`, and exit status 130; the
  query runs in a worker thread so the main thread is always free to take the signal;
- `table` output and error messages show control characters (terminal escapes, bidi overrides, line
  separators) escaped, `\\x1b` instead of ESC, so a feed title cannot drive the terminal.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

import duckdb

from warehouse.connection import WarehouseNotFound, reader

FORMATS = ("table", "csv", "json", "jsonl")
ONE_RESULT_FORMATS = ("csv", "json", "jsonl")
MAX_CELL = 60
CUT_MARK = "..."
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_MEMORY_LIMIT = "4GB"
DEFAULT_TABLE_ROWS = 1000
FETCH_BATCH = 2048
INTERRUPTED_EXIT = 130  # what shells report for a command ended by SIGINT

# C0/C1 controls and DEL, line/paragraph separators, and the bidi embeddings/overrides/isolates and marks
# that reorder what a terminal shows ("Trojan source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\u202e`, `\\n`), for a terminal;
    `keep_newlines` leaves line breaks (DuckDB's multi-line error messages)."""
    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        if char in _NAMED_ESCAPES:
            return _NAMED_ESCAPES[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _CONTROL.sub(shown, text)


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
    """A value as the table shows it: NULL spelt out, controls escaped, cut to MAX_CELL with a visible mark."""
    text = escape_controls("NULL" if value is None else str(_plain(value)))
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - len(CUT_MARK)] + CUT_MARK


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO, more: int = 0) -> None:
    """Rows as an aligned table; `more` counts rows not shown ("... N more rows")."""
    cells = [[table_cell(v) for v in row] for row in rows]
    names = [escape_controls(str(c)) for c in columns]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(names)]
    line = lambda vals: " | ".join(v.ljust(w) for v, w in zip(vals, widths))  # noqa: E731
    out.write(line(names) + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    if more:
        out.write(f"... {more} more rows (--max-rows to show more; --format csv streams them all)\n")
    total = len(rows) + more
    out.write(f"({total} row{'s' if total != 1 else ''})\n")


def stream_machine(columns: Sequence[str], batches: Iterator[list[tuple]], fmt: str, out: TextIO) -> None:
    """csv / json (one array) / jsonl, written batch by batch as the rows come."""
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        for batch in batches:
            w.writerows([[_plain(v) for v in row] for row in batch])
        return
    first = True
    for batch in batches:
        for row in batch:
            if fmt == "json":
                out.write(("[\n" if first else ",\n") + _row_json(columns, row))
            else:
                out.write(_row_json(columns, row) + "\n")
            first = False
    if fmt == "json":
        out.write("[]\n" if first else "\n]\n")


def stream_result(cursor: duckdb.DuckDBPyConnection, fmt: str, out: TextIO, max_rows: int) -> None:
    """Fetch in batches and write as they come; `table` keeps at most `max_rows` and counts the rest."""
    columns = [d[0] for d in cursor.description] if cursor.description else []
    batches: Iterator[list[tuple]] = iter(lambda: cursor.fetchmany(FETCH_BATCH), []) if columns else iter(())
    if fmt != "table":
        stream_machine(columns, batches, fmt, out)
        return
    shown: list[tuple] = []
    more = 0
    for batch in batches:
        room = max_rows - len(shown)
        shown.extend(batch[:room])
        more += len(batch) - min(room, len(batch))
    render_table(columns, shown, out, more=more)


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
    """DuckDB's whole message (its hint and the caret under the error included), said once, controls escaped."""
    where = f"statement {statement_number} of {statements}: " if statements > 1 else ""
    return f"error: {where}{escape_controls(str(exc), keep_newlines=True)}"


class QueryTimeout(Exception):
    """The statement ran longer than its timeout and was interrupted."""


class _StatementFailed(Exception):
    """A statement's DuckDB error, with its number (raised inside the worker thread)."""

    def __init__(self, error: duckdb.Error, number: int) -> None:
        super().__init__(str(error))
        self.error, self.number = error, number


def lock_down(con: duckdb.DuckDBPyConnection, memory_limit: str) -> None:
    """The memory limit, then DuckDB's configuration locked: nothing the query says can change either.
    The progress bar goes too: DuckDB draws it on stdout after 2 s, in the middle of the rows."""
    con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET enable_progress_bar = false")
    con.execute("SET lock_configuration = true")


def run_bounded(con: duckdb.DuckDBPyConnection, work: Callable[[], None], timeout: float) -> None:
    """Run `work` (which uses `con`) in a worker thread; interrupt DuckDB on Ctrl-C or after `timeout` s.

    Raises `KeyboardInterrupt` or `QueryTimeout` after the worker has stopped, else what `work` raised.
    A blocking `execute` in the main thread would keep Python from acting on SIGINT until DuckDB returns.
    """
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the main thread
            failure.append(exc)

    worker = threading.Thread(target=target, name="warehouse-sql", daemon=True)
    deadline = time.monotonic() + timeout
    stopped_by: BaseException | None = None
    worker.start()
    try:
        while worker.is_alive():
            worker.join(min(0.1, max(0.0, deadline - time.monotonic())))
            if worker.is_alive() and time.monotonic() >= deadline:
                stopped_by = QueryTimeout(f"the query ran longer than the statement timeout of {timeout:g} s "
                                          "(--timeout SECONDS to allow more)")
                break
    except KeyboardInterrupt as exc:
        stopped_by = exc
    if stopped_by is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave a traceback
        con.interrupt()
        worker.join(30)
        raise stopped_by
    if failure:
        raise failure[0]


def run_query(sql: str, fmt: str = "table", out: TextIO = sys.stdout, params: Sequence[Any] | None = None, *,
              timeout: float = DEFAULT_TIMEOUT_SECONDS, memory_limit: str = DEFAULT_MEMORY_LIMIT,
              max_rows: int = DEFAULT_TABLE_ROWS) -> int:
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
        try:
            lock_down(con, memory_limit)
        except duckdb.Error as exc:
            print(f"error: --memory-limit {memory_limit!r}: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 2

        def work() -> None:
            for number, statement in enumerate(statements, start=1):
                try:
                    cursor = con.execute(statement, params or [])
                except duckdb.Error as exc:
                    raise _StatementFailed(exc, number) from exc
                if number > 1:
                    out.write("\n")
                stream_result(cursor, fmt, out, max_rows)

        run_bounded(con, work, timeout)
        out.flush()
    except _StatementFailed as failed:
        print(duckdb_error(failed.error, failed.number, len(statements)), file=sys.stderr)
        return 1
    except duckdb.Error as exc:  # while fetching rows
        print(duckdb_error(exc, 1, 1), file=sys.stderr)
        return 1
    except QueryTimeout as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return INTERRUPTED_EXIT
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        return 0
    finally:
        con.close()
    return 0
