"""Child processes for the process-fault tests (run with `python -m tests.faults.loader_child MODE RUN_KEY`).

* `load-and-hang`: loads the staged run RUN_KEY inside `writer()` with the loader's own `load_tables`, prints
  "in transaction" once the rows are inserted but not committed, then waits to be killed (SIGKILL).
* `hold-lock`: holds `writer()` (lock and open transaction) for HOLD seconds, printing "holding".
* `sql-session`: a user's open SQL session: a read-only connection to the read copy kept open; every line
  on stdin is run as a query and answered with one JSON line (like `make sql` left open in a terminal).
"""
from __future__ import annotations

import json
import sys
import time


def load_and_hang(run_key: str) -> None:
    from warehouse.connection import writer
    from warehouse.ingest_steps import ingest_dir
    from warehouse.load_articles import fetch_table, load_tables, read_articles
    from warehouse.staging import staged_feeds

    staged = staged_feeds(ingest_dir(run_key))
    fetches = fetch_table([record for record, _ in staged])
    articles = read_articles([path for _, path in staged])
    with writer() as con:
        stored = load_tables(con, run_key, fetches, articles)
        print(f"in transaction: {stored} rows inserted", flush=True)
        time.sleep(120)


def hold_lock(seconds: float) -> None:
    from warehouse.connection import writer

    with writer() as con:
        con.execute("SELECT count(*) FROM articles").fetchone()
        print("holding", flush=True)
        time.sleep(seconds)


def sql_session() -> None:
    import duckdb

    from warehouse.connection import read_copy_path

    con = duckdb.connect(str(read_copy_path()), read_only=True, config={"enable_external_access": False})
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            print(json.dumps({"rows": con.execute(line.strip()).fetchall()}, default=str), flush=True)
        except Exception as error:  # the test asserts on what a user would see
            print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "load-and-hang":
        load_and_hang(sys.argv[2])
    elif mode == "hold-lock":
        hold_lock(float(sys.argv[2]))
    elif mode == "sql-session":
        sql_session()
    else:
        raise SystemExit(f"unknown mode {mode}")
