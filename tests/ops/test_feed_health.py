"""Feed health: failing after N failed runs in a row, stale after D days without news, gone on 410,
thresholds from the environment, same rows on a re-run."""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from warehouse.connection import reader, writer
from warehouse.feed_health import check_feed_health

T0 = datetime(2026, 11, 20, 8, 0)


def fetch(con, feed: str, run: int, outcome: str, items_new: int = 0, status: int | None = 200, error=None):
    con.execute(
        "INSERT INTO feed_fetches (feed, run_key, url, started_at, http_status, outcome, error, items_seen, items_new) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [feed, f"run-{run}", f"http://127.0.0.1/{feed}.xml", T0 + timedelta(hours=12 * run), status, outcome,
         error, items_new, items_new])


@pytest.fixture
def history(newsmon_home):
    """Eight runs, 12 h apart (T0 .. T0+3.5 days), one feed per behaviour."""
    with writer() as con:
        for run in range(8):
            fetch(con, "steady-news", run, "new", items_new=2)
            # fine until run 5, then three errors in a row
            if run < 5:
                fetch(con, "breaking-feed", run, "new", items_new=1)
            else:
                fetch(con, "breaking-feed", run, "error", status=500, error="HTTP 500 Internal Server Error")
            # one new article at the start, then only 'not modified'
            fetch(con, "quiet-feed", run, "new" if run == 0 else "not_modified", items_new=1 if run == 0 else 0)
            fetch(con, "gone-feed", run, "new" if run < 7 else "gone", items_new=1 if run < 7 else 0,
                  status=200 if run < 7 else 410)
            # two failures only: below the default threshold of 3
            fetch(con, "wobbly-feed", run, "error" if run >= 6 else "new", items_new=0 if run >= 6 else 1,
                  status=503 if run >= 6 else 200, error="HTTP 503" if run >= 6 else None)
    return newsmon_home


def health() -> dict[str, tuple]:
    con = reader()
    try:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT feed, status, consecutive_failures, days_without_new, note FROM feed_health").fetchall()}
    finally:
        con.close()


def test_each_feed_gets_the_status_its_history_deserves(history):
    summary = check_feed_health("run-7", as_of=T0 + timedelta(days=3, hours=12))
    rows = health()
    assert rows["steady-news"][:3] == ("ok", 0, 0)
    assert rows["breaking-feed"][:2] == ("failing", 3)
    assert "HTTP 500" in rows["breaking-feed"][3]
    assert rows["quiet-feed"][0] == "stale" and rows["quiet-feed"][2] == 3
    assert rows["gone-feed"][0] == "gone" and "410" in rows["gone-feed"][3]
    assert rows["wobbly-feed"][:2] == ("ok", 2)
    assert summary["failing"] == 1 and summary["stale"] == 1 and summary["gone"] == 1 and summary["ok"] == 2
    assert sorted(summary["flagged"]) == ["breaking-feed", "gone-feed", "quiet-feed"]


def test_thresholds_come_from_the_environment(history, monkeypatch):
    monkeypatch.setenv("NEWSMON_FEED_FAIL_RUNS", "2")
    monkeypatch.setenv("NEWSMON_FEED_STALE_DAYS", "5")
    check_feed_health("run-7", as_of=T0 + timedelta(days=3, hours=12))
    rows = health()
    assert rows["wobbly-feed"][0] == "failing"
    assert rows["quiet-feed"][0] == "ok"


def test_rerunning_the_check_writes_the_same_rows(history):
    as_of = T0 + timedelta(days=3, hours=12)
    check_feed_health("run-7", as_of=as_of)
    first = health()
    check_feed_health("run-7", as_of=as_of)
    assert health() == first


def test_only_feeds_of_the_run_are_reported(history):
    with writer() as con:
        fetch(con, "steady-news", 8, "new", items_new=1)
    check_feed_health("run-8")
    assert set(health()) == {"steady-news"}


def test_empty_warehouse_has_no_health_rows(newsmon_home):
    assert check_feed_health("nothing")["feeds"] == 0
