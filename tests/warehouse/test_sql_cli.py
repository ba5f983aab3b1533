"""`python -m warehouse sql`: formats, whole errors, several statements, read-only, and it answers while
another process is writing. Every test runs the CLI as a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from warehouse.connection import writer

PY = sys.executable


def sql(*args, env=None):
    return subprocess.run([PY, "-m", "warehouse", "sql", *args], capture_output=True, text=True,
                          env=env or os.environ.copy(), timeout=60)


def seed(newsmon_home):
    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome, items_seen) "
                    "VALUES ('alpha', 'r1', 'http://x', TIMESTAMP '2026-11-26 10:00:00', 'new', 3)")


def test_formats(newsmon_home):
    seed(newsmon_home)
    table = sql("SELECT feed, items_seen FROM feed_fetches")
    assert table.returncode == 0, table.stderr
    assert "alpha" in table.stdout and "(1 row)" in table.stdout
    as_csv = sql("SELECT feed, items_seen FROM feed_fetches", "--format", "csv")
    assert as_csv.stdout.splitlines() == ["feed,items_seen", "alpha,3"]


def test_json_is_one_array_and_jsonl_one_object_per_line(newsmon_home):
    """Regression: --format json printed JSON Lines, which `json.load` and most tools reject for 2+ rows."""
    seed(newsmon_home)
    two_rows = "SELECT feed, items_seen, started_at FROM feed_fetches UNION ALL SELECT 'beta', NULL, NULL ORDER BY feed"
    as_json = sql(two_rows, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == [{"feed": "alpha", "items_seen": 3, "started_at": "2026-11-26T10:00:00"},
                                          {"feed": "beta", "items_seen": None, "started_at": None}]
    assert json.loads(sql("SELECT * FROM feed_fetches WHERE false", "--format", "json").stdout) == []
    as_jsonl = sql(two_rows, "--format", "jsonl")
    assert [json.loads(line)["feed"] for line in as_jsonl.stdout.splitlines()] == ["alpha", "beta"]


def test_errors_are_whole_with_duckdbs_hint_and_no_traceback(newsmon_home):
    """Regression: only the first line of DuckDB's error was printed, so 'Did you mean ...?' was lost."""
    seed(newsmon_home)
    result = sql("SELECT * FROM funding_round")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("error: Catalog Error: Table with name funding_round does not exist!")
    assert 'Did you mean "funding_rounds"?' in result.stderr
    assert "LINE 1: SELECT * FROM funding_round" in result.stderr and "Traceback" not in result.stderr


def test_several_statements_are_all_shown_in_order_in_table_format(newsmon_home):
    """Regression: only the last statement's result was printed."""
    seed(newsmon_home)
    result = sql("SELECT 'first' AS which; SELECT feed, items_seen FROM feed_fetches; SELECT 'third;' AS which")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("first") < out.index("alpha") < out.index("third;")     # a ';' inside a string stays
    assert out.count("(1 row)") == 3


def test_a_failing_statement_is_named_after_the_results_before_it(newsmon_home):
    seed(newsmon_home)
    result = sql("SELECT 'shown' AS first; SELECT * FROM no_such_table; SELECT 'never' AS third")
    assert result.returncode == 1
    assert "shown" in result.stdout and "never" not in result.stdout
    assert result.stderr.startswith("error: statement 2 of 3: Catalog Error: Table with name no_such_table")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_several_statements_are_refused_in_machine_formats_before_anything_runs(newsmon_home, fmt):
    seed(newsmon_home)
    result = sql("SELECT 1 AS a; SELECT 2 AS b", "--format", fmt)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == (f"error: 2 statements given, but --format {fmt} holds one result: run them "
                                     "one at a time, or use --format table to see every result in order")


def test_long_cells_are_cut_with_a_visible_mark(newsmon_home):
    """Regression: cells were cut at 60 characters without any sign that text was missing."""
    seed(newsmon_home)
    result = sql("SELECT repeat('x', 59) || 'END' AS long_cell, 'short' AS short_cell")
    row = result.stdout.splitlines()[2]
    assert row.startswith("x" * 57 + "... | short")
    assert "END" not in row
    exact = sql("SELECT repeat('y', 60) AS exactly_sixty").stdout.splitlines()[2]
    assert exact.strip() == "y" * 60                                         # nothing cut, no mark


def test_cannot_modify_the_warehouse_or_touch_files(newsmon_home, tmp_path):
    seed(newsmon_home)
    for statement in ("DELETE FROM feed_fetches", "DROP TABLE articles",
                      f"COPY (SELECT 1) TO '{tmp_path}/leak.csv'", "SELECT * FROM read_csv('/etc/passwd')"):
        result = sql(statement)
        assert result.returncode == 1, statement
        assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    assert not (tmp_path / "leak.csv").exists()
    assert "(1 row)" in sql("SELECT * FROM feed_fetches").stdout


def test_answers_while_a_writer_holds_the_warehouse(newsmon_home):
    seed(newsmon_home)
    holder = subprocess.Popen([PY, "-c", (
        "import time\n"
        "from warehouse.connection import writer\n"
        "with writer() as con:\n"
        "    con.execute(\"INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
        "VALUES ('beta', 'r2', 'http://y', now(), 'new')\")\n"
        "    print('holding', flush=True)\n"
        "    time.sleep(6)\n"
    )], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        during = sql("SELECT count(*) AS n FROM feed_fetches", "--format", "csv")
        assert during.returncode == 0, during.stderr
        assert during.stdout.splitlines()[1] == "1"          # the last published state
        assert time.monotonic() - started < 5                 # did not wait for the writer
    finally:
        assert holder.wait(timeout=30) == 0
    after = sql("SELECT count(*) AS n FROM feed_fetches", "--format", "csv")
    assert after.stdout.splitlines()[1] == "2"                # the writer's commit is published
