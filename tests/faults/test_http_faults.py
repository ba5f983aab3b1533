"""Unfriendly servers through the real ingest path: slow drip and silence (under `dag.test()` of
newsmon_ingest, other feeds still landing), redirect loops, 404, 410 run after run, 500 and 429.

The fetch deadline is shortened with `NEWSMON_FETCH_DEADLINE_SECONDS` (the knob `feed_policy()` reads);
requests are asserted on the local server's own record.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.faults.pipeline import Item, articles_of, feed, fetch_row, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
GOOD = rss([Item("Mistral signs a compute deal", guid="good-1", link="https://good.example/1"),
            Item("Aleph Alpha hires", guid="good-2", link="https://good.example/2")])
XML = {"Content-Type": "application/xml"}


@pytest.fixture
def server():
    with LocalHttpServer() as srv:
        srv.route("/good.xml", body=GOOD, headers=XML)
        yield srv


# -- slow drip and a server that never answers, under the real DAG ------------------------------------------

def test_drip_and_silent_servers_end_at_the_deadline_and_the_other_feeds_land(airflow_db, newsmon_home, tmp_path,
                                                                              monkeypatch, server):
    from airflow.dag_processing.dagbag import DagBag

    server.route("/drip.xml", drip=GOOD, drip_interval=1.0, headers=XML)  # one byte per second
    server.route("/silent.xml", hang=True)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n" + "".join(
        f"  - name: {name}\n    url: {server.url(f'/{name}.xml')}\n    lang: en\n"
        for name in ("good", "drip", "silent")))
    monkeypatch.setenv("NEWSMON_FEEDS", str(feeds))
    monkeypatch.setenv("NEWSMON_FETCH_DEADLINE_SECONDS", "2")
    dag = DagBag(dag_folder=str(REPO / "dags" / "newsmon_ingest.py")).dags["newsmon_ingest"]

    started = time.monotonic()
    run = dag.test(logical_date=datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc))
    elapsed = time.monotonic() - started

    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    assert states[("load_articles", -1)] == "success"
    assert sorted(s for (t, _), s in states.items() if t == "fetch_feed") == ["failed", "failed", "success"]
    assert articles_of("good", "title") == [("Aleph Alpha hires",), ("Mistral signs a compute deal",)]
    for name in ("drip", "silent"):
        row = fetch_row(name)
        assert row["outcome"] == "error" and row["error"].startswith("timeout:"), row
        assert "2s" in row["error"] and row["duration_ms"] < 4000, row  # each try ends at the deadline
        assert articles_of(name) == []
    assert fetch_row("drip")["http_status"] == 200  # the status line came; the body never finished
    # 3 tries each (1 + 2 retries), never more: a timeout is not hammered within a try.
    assert len(server.requests_to("/drip.xml")) == 3 and len(server.requests_to("/silent.xml")) == 3
    assert elapsed < 90  # without the deadline: 45 s per try, and the drip alone would take minutes


# -- statuses, through stage_feed + load_run ----------------------------------------------------------------

def test_redirect_loop_is_an_error_after_one_round(newsmon_home, server):
    server.route("/loop-a.xml", status=302, redirect="/loop-b.xml")
    server.route("/loop-b.xml", status=302, redirect="/loop-a.xml")
    run = run_ingest([feed("loop", server.url("/loop-a.xml")), feed("good", server.url("/good.xml"))], "loop-run")
    row = fetch_row("loop")
    assert row["outcome"] == "error" and row["error"].startswith("redirect_loop: redirect loop:")
    assert len(server.requests_to("/loop-a.xml")) == 1 and len(server.requests_to("/loop-b.xml")) == 1
    assert "loop" in run.failed and len(articles_of("good")) == 2


def test_404_is_an_error_row_without_retries_inside_the_fetch(newsmon_home, server):
    run_ingest([feed("missing", server.url("/missing.xml")), feed("good", server.url("/good.xml"))], "404-run")
    row = fetch_row("missing")
    assert (row["outcome"], row["http_status"]) == ("error", 404)
    assert row["error"] == f"http_status: HTTP 404 from {server.url('/missing.xml')}"
    assert len(server.requests_to("/missing.xml")) == 1
    assert len(articles_of("good")) == 2


def test_410_run_after_run_marks_the_feed_gone(newsmon_home, server):
    from warehouse.connection import writer
    from warehouse.feed_health import write_feed_health

    server.route("/removed.xml", status=410, body=b"gone")
    base = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
    for i in range(3):
        run = run_ingest([feed("removed", server.url("/removed.xml"))], f"gone-{i}", now=base + timedelta(minutes=30 * i))
        assert "removed" not in run.failed  # "gone" is a state of the feed, not a failed task to retry
    assert rows("SELECT outcome, http_status FROM feed_fetches WHERE feed = 'removed'") == [("gone", 410)] * 3
    assert rows("SELECT consecutive_gone, last_outcome FROM feed_state WHERE feed = 'removed'") == [(3, "gone")]
    with writer() as con:
        [health] = write_feed_health(con)
    assert health.status == "gone" and "410" in (health.note or "")


def test_500_is_retried_with_backoff_and_then_lands(newsmon_home, server):
    server.route("/flaky.xml", status=500, body=b"oops", times=2)
    server.route("/flaky.xml", body=GOOD, headers=XML)
    run_ingest([feed("flaky", server.url("/flaky.xml"))], "flaky-run")
    times = [r.time for r in server.requests_to("/flaky.xml")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.95 and times[2] - times[1] >= 1.95  # 1 s, then 2 s
    assert fetch_row("flaky")["outcome"] == "new" and len(articles_of("flaky")) == 2


def test_500_forever_is_an_error_after_the_retries(newsmon_home, server):
    server.route("/down.xml", status=503, body=b"down")
    run = run_ingest([feed("down", server.url("/down.xml"))], "down-run")
    row = fetch_row("down")
    assert row["outcome"] == "error" and row["error"].startswith("http_status: HTTP 503 after 3 attempts")
    assert len(server.requests_to("/down.xml")) == 3 and "down" in run.failed


def test_short_retry_after_is_waited_out_before_asking_again(newsmon_home, server):
    server.route("/busy.xml", status=429, headers={"Retry-After": "2"}, times=1)
    server.route("/busy.xml", body=GOOD, headers=XML)
    run_ingest([feed("busy", server.url("/busy.xml"))], "busy-run")
    first, second = [r.time for r in server.requests_to("/busy.xml")]
    assert second - first >= 1.95
    assert fetch_row("busy")["outcome"] == "new"


def test_long_retry_after_is_honoured_across_runs(newsmon_home, server):
    server.route("/limited.xml", status=429, headers={"Retry-After": "3600"}, times=1)
    server.route("/limited.xml", body=rss([Item("Rate-limited outlet story", guid="rl-1", link="https://rl.example/1")]),
                 headers=XML)
    first_run = datetime.now(timezone.utc)
    run_ingest([feed("limited", server.url("/limited.xml")), feed("good", server.url("/good.xml"))], "rl-1",
               now=first_run)
    row = fetch_row("limited")
    assert row["outcome"] == "deferred" and row["http_status"] == 429
    until = row["retry_after_until"].replace(tzinfo=timezone.utc)
    assert timedelta(minutes=59) < until - first_run < timedelta(minutes=61)
    assert len(server.requests_to("/limited.xml")) == 1

    # The next scheduled run, 30 minutes later: no request to that feed at all, the others are fetched.
    good_before = len(server.requests_to("/good.xml"))
    run_ingest([feed("limited", server.url("/limited.xml")), feed("good", server.url("/good.xml"))], "rl-2",
               now=first_run + timedelta(minutes=30))
    assert len(server.requests_to("/limited.xml")) == 1
    assert len(server.requests_to("/good.xml")) == good_before + 1
    assert rows("SELECT outcome, retry_after_until IS NOT NULL FROM feed_fetches WHERE run_key = 'rl-2' "
                "AND feed = 'limited'") == [("deferred", True)]

    # Once the time has passed, the feed is asked again and lands.
    run_ingest([feed("limited", server.url("/limited.xml"))], "rl-3", now=first_run + timedelta(minutes=61))
    assert len(server.requests_to("/limited.xml")) == 2
    assert articles_of("limited", "title") == [("Rate-limited outlet story",)]


def test_non_http_feed_urls_are_refused_before_any_request(newsmon_home, tmp_path):
    """The feed list refuses them; and should one reach the fetcher anyway, it refuses too (no file read)."""
    from extractors.feeds.feed_list import FeedListError, load_feed_list

    secret = tmp_path / "local.xml"
    secret.write_bytes(GOOD)
    listing = tmp_path / "feeds.yaml"
    listing.write_text(f"feeds:\n  - name: local-file\n    url: file://{secret}\n")
    with pytest.raises(FeedListError) as refused:
        load_feed_list(listing)
    assert "local-file" in str(refused.value) and "http(s)" in str(refused.value)
    run = run_ingest([feed("local-file", f"file://{secret}"), feed("gopher", "gopher://127.0.0.1:70/feed")], "scheme-run")
    for name in ("local-file", "gopher"):
        row = fetch_row(name)
        assert row["outcome"] == "error" and row["error"].startswith("scheme: refused URL scheme"), row
    assert rows("SELECT count(*) FROM articles") == [(0,)]


def test_fetch_deadline_knob(monkeypatch):
    from extractors.feeds.http_fetch import FetchPolicy, feed_policy

    monkeypatch.delenv("NEWSMON_FETCH_DEADLINE_SECONDS", raising=False)
    assert feed_policy() == FetchPolicy()
    monkeypatch.setenv("NEWSMON_FETCH_DEADLINE_SECONDS", "2.5")
    policy = feed_policy()
    assert (policy.deadline, policy.read_timeout, policy.connect_timeout) == (2.5, 2.5, 2.5)
    assert policy.max_bytes == FetchPolicy().max_bytes
    for bad in ("soon", "0", "-3"):
        monkeypatch.setenv("NEWSMON_FETCH_DEADLINE_SECONDS", bad)
        with pytest.raises(ValueError, match="NEWSMON_FETCH_DEADLINE_SECONDS"):
            feed_policy()
