"""`python -m warehouse <command>`: sql (read-only query), shell (interactive DuckDB CLI on the read copy),
migrate (create/upgrade the warehouse), digest (render a day's digest email)."""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    sql = sub.add_parser("sql", help="run one read-only query against the warehouse read copy")
    sql.add_argument("query")
    from warehouse.sql_cli import FORMATS

    sql.add_argument("--format", choices=FORMATS, default="table",
                     help="table (default), csv, json (one array) or jsonl (one object per line)")
    sql.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                     help="interrupt the query after this many seconds (default 60)")
    sql.add_argument("--memory-limit", default="4GB", metavar="SIZE",
                     help="DuckDB memory limit for the query, e.g. 500MB (default 4GB); the query cannot raise it")
    sql.add_argument("--max-rows", type=int, default=1000, metavar="N",
                     help="rows the table format shows before a 'N more rows' line (default 1000)")
    sub.add_parser("shell", help="interactive DuckDB shell on the read copy (read-only)")
    sub.add_parser("migrate", help="create the warehouse or apply pending migrations")
    digest = sub.add_parser("digest", help="render a day's digest email without sending it")
    digest.add_argument("--date", required=True, help="YYYY-MM-DD, the day the digest covers")
    digest.add_argument("--out", help="write the email (RFC 5322) to this .eml file")
    digest.add_argument("--html", help="also write the HTML part to this file")
    args = parser.parse_args(argv)

    if args.command == "sql":
        if args.timeout <= 0 or args.max_rows < 1:
            parser.error("--timeout must be positive and --max-rows at least 1")
        try:
            from warehouse.sql_cli import run_query

            return run_query(args.query, args.format, timeout=args.timeout, memory_limit=args.memory_limit,
                             max_rows=args.max_rows)
        except KeyboardInterrupt:  # Ctrl-C before the query started (imports, opening the read copy)
            print("error: interrupted", file=sys.stderr)
            return 130
    if args.command == "migrate":
        from extractors import settings
        from warehouse.connection import writer

        with writer():  # applies pending migrations and publishes the read copy
            pass
        print(f"warehouse ready: {settings.warehouse_path()}")
        return 0
    if args.command == "shell":
        from warehouse.connection import WarehouseNotFound, read_copy_path, reader
        from warehouse.sql_shell import cli_binary, shell_arguments

        try:
            reader().close()  # fails with one line when there is no warehouse: a reader never creates one
        except WarehouseNotFound as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        cli = cli_binary()
        if not cli:
            print("error: the duckdb CLI is not installed (pip package duckdb-cli)", file=sys.stderr)
            return 1
        print(f"read-only shell on {read_copy_path()} (a snapshot published after each load; "
              "no file access, no shell commands)", flush=True)
        argv = shell_arguments(cli, read_copy_path())
        os.execv(argv[0], argv)
    if args.command == "digest":
        from warehouse.digest.cli import render_to_files

        return render_to_files(args.date, args.out, args.html)
    return 2


if __name__ == "__main__":
    sys.exit(main())
