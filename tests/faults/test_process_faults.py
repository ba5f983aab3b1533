"""Process faults around the warehouse: a loader killed with SIGKILL mid-transaction, a user's SQL session
held open during a load, and two writers at once. Real processes, real DuckDB files, real signals."""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.faults.pipeline import Item, feed, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
BIG_BATCH = 60_000


def child(*args: str, stdin: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "tests.faults.loader_child", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin, text=True)


def wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix):
            return line
        if not line and proc.poll() is not None:
            raise AssertionError(f"child exited {proc.returncode} before {prefix!r}: {proc.stderr.read()[-3000:]}")
    raise AssertionError(f"no {prefix!r} from child within {timeout}s")


def stage_big_batch(run_key: str, count: int) -> None:
    """`count` articles staged for `run_key` as the fetch tasks would have staged them."""
    from warehouse import staging
    from warehouse.ingest_steps import ingest_dir

    fetched = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    articles = [{
        "article_id": f"{i:016x}", "guid": f"bulk-{i}", "url": f"https://bulk.example/{i}",
        "canonical_url": f"https://bulk.example/{i}", "feed": "bulk-feed", "lang": "en",
        "title": f"Bulk story {i}", "summary": "s" * 200, "text": f"Bulk story {i}\n\n" + "t" * 400,
        "published_at": (fetched - timedelta(minutes=i % 1000)).isoformat(), "date_flag": None,
        "fetched_at": fetched.isoformat(), "fulltext_status": None} for i in range(count)]
    record = {"feed": "bulk-feed", "url": "https://bulk.example/feed", "started_at": fetched.isoformat(),
              "finished_at": fetched.isoformat(), "http_status": 200, "outcome": "new", "error": None,
              "items_seen": count, "bytes": 1, "duration_ms": 1, "etag": None, "last_modified": None,
              "retry_after_until": None}
    staging.write_feed_result(ingest_dir(run_key), record, articles)


@pytest.fixture
def baseline(newsmon_home):
    """A warehouse (and read copy) holding one earlier run's two articles."""
    body = rss([Item("Earlier story one", guid="early-1", link="https://early.example/1"),
                Item("Earlier story two", guid="early-2", link="https://early.example/2")])
    with LocalHttpServer() as server:
        server.route("/early.xml", body=body, headers={"Content-Type": "application/xml"})
        run_ingest([feed("early-feed", server.url("/early.xml"))], "earlier-run")
    assert rows("SELECT count(*) FROM articles") == [(2,)]
    return newsmon_home


def test_loader_killed_mid_transaction_leaves_no_partial_batch_and_the_rerun_completes(baseline):
    from warehouse.connection import read_copy_path, writer_lock
    from warehouse.ingest_steps import load_run
    from extractors import settings

    stage_big_batch("big-run", BIG_BATCH)
    copy_before = read_copy_path().read_bytes()
    loader = child("load-and-hang", "big-run")
    try:
        line = wait_for_line(loader, "in transaction")
        assert f"{BIG_BATCH} rows inserted" in line  # the whole batch was inside the open transaction
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait(timeout=10)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert loader.returncode == -signal.SIGKILL

    # The stale lock does not block: the kernel released the dead loader's flock.
    started = time.monotonic()
    with writer_lock(settings.warehouse_path(), timeout=5):
        pass
    assert time.monotonic() - started < 1
    # The warehouse opens with no trace of the batch; the read copy is the one published before.
    assert rows("SELECT count(*) FROM articles") == [(2,)]
    assert rows("SELECT count(*) FROM feed_fetches WHERE run_key = 'big-run'") == [(0,)]
    assert read_copy_path().read_bytes() == copy_before
    assert rows("SELECT count(*) FROM articles", read_copy=True) == [(2,)]

    summary = load_run("big-run")  # what the task's retry does
    assert summary["articles_new"] == BIG_BATCH
    assert rows("SELECT count(*), count(DISTINCT article_id), count(DISTINCT canonical_url) FROM articles") == [
        (BIG_BATCH + 2, BIG_BATCH + 2, BIG_BATCH + 2)]
    assert rows("SELECT guid FROM articles WHERE guid IN ('bulk-0', ?) ORDER BY guid", [f"bulk-{BIG_BATCH - 1}"]) == [
        ("bulk-0",), (f"bulk-{BIG_BATCH - 1}",)]
    assert rows("SELECT count(*) FROM articles", read_copy=True) == [(BIG_BATCH + 2,)]
    assert rows("SELECT items_new FROM feed_fetches WHERE run_key = 'big-run'") == [(BIG_BATCH,)]


def test_open_sql_session_on_the_read_copy_does_not_block_the_loader(baseline):
    session = child("sql-session", stdin=subprocess.PIPE)
    try:
        wait_for_line(session, '{"ready"')

        def ask(sql: str) -> dict:
            session.stdin.write(sql + "\n")
            session.stdin.flush()
            return json.loads(session.stdout.readline())

        assert ask("SELECT count(*) FROM articles") == {"rows": [[2]]}
        body = rss([Item(f"New story {i}", guid=f"new-{i}", link=f"https://new.example/{i}") for i in range(5)])
        with LocalHttpServer() as server:
            server.route("/new.xml", body=body, headers={"Content-Type": "application/xml"})
            started = time.monotonic()
            result = run_ingest([feed("new-feed", server.url("/new.xml"))], "while-reading")
            elapsed = time.monotonic() - started
        assert result.loaded["articles_new"] == 5 and elapsed < 20  # not stuck behind the reader
        # The session keeps working on the snapshot it opened; a new session sees the load.
        assert ask("SELECT count(*) FROM articles") == {"rows": [[2]]}
        assert ask("SELECT count(*) FROM articles WHERE feed = 'early-feed'") == {"rows": [[2]]}
        assert rows("SELECT count(*) FROM articles", read_copy=True) == [(7,)]
        assert rows("SELECT count(*) FROM articles") == [(7,)]
        refused = ask("DELETE FROM articles")
        assert "error" in refused and "read-only" in refused["error"].lower()
    finally:
        session.stdin.close()
        session.wait(timeout=10)
    assert session.returncode == 0


def test_second_writer_waits_with_a_clear_log_line_then_succeeds(baseline, caplog):
    from warehouse.ingest_steps import load_run

    body = rss([Item("Waiting story", guid="wait-1", link="https://wait.example/1")])
    holder = child("hold-lock", "3")
    try:
        wait_for_line(holder, "holding")
        with LocalHttpServer() as server, caplog.at_level(logging.INFO, logger="warehouse.connection"):
            server.route("/wait.xml", body=body, headers={"Content-Type": "application/xml"})
            from warehouse.ingest_steps import stage_feed

            stage_feed(feed("wait-feed", server.url("/wait.xml")), "second-writer")
            started = time.monotonic()
            summary = load_run("second-writer")
            waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert holder.returncode == 0
    assert waited > 1.0  # it really waited for the holder ...
    assert summary["articles_new"] == 1  # ... and then did its work
    waiting = [r.getMessage() for r in caplog.records if "being written by another loader" in r.getMessage()]
    assert len(waiting) == 1 and f"pid {holder.pid}" in waiting[0] and "waiting up to" in waiting[0]
    assert rows("SELECT count(*) FROM articles") == [(3,)]
