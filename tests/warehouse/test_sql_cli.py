"""`python -m warehouse sql`: formats, read-only, and it answers while another process is writing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

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
    as_json = sql("SELECT feed, items_seen, started_at FROM feed_fetches", "--format", "json")
    assert json.loads(as_json.stdout) == {"feed": "alpha", "items_seen": 3, "started_at": "2026-11-26T10:00:00"}
    as_csv = sql("SELECT feed, items_seen FROM feed_fetches", "--format", "csv")
    assert as_csv.stdout.splitlines() == ["feed,items_seen", "alpha,3"]


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
