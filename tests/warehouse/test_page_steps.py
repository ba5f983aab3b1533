"""The ingest run's page steps through the real path (`stage_feed`, `plan_pages`, `fetch_pages`, `load_run`):
a real local server, the real DuckDB file. Budgets and host embargoes carry across runs; re-runs ask nothing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from extractors.feeds.http_fetch import Clock
from tests.faults.pipeline import Item, feed, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

NOW = datetime.now(timezone.utc).replace(microsecond=0)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def body(n: int) -> bytes:
    return (f"<html><body><article><h1>Story {n}</h1><p>Story number {n} is about a company that said on Monday "
            "it had signed a new agreement with a large European partner to build data centres.</p><p>The "
            "partners did not say what the agreement was worth, but people familiar with it said it runs for "
            "ten years and covers sites in France, Germany and Spain.</p></article></body></html>").encode()


@pytest.fixture
def site(newsmon_home, monkeypatch):
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
    with LocalHttpServer() as srv:
        srv.route("/robots.txt", body=b"User-agent: *\nDisallow: /locked/\n", headers={"Content-Type": "text/plain"})
        yield srv


def publish(srv: LocalHttpServer, count: int, *, locked: int | None = None) -> list[dict]:
    items = []
    for n in range(count):
        path = f"/locked/s{n}" if n == locked else f"/s{n}"
        srv.route(path, body=body(n), headers=HTML)
        items.append(Item(f"Story {n}", guid=f"story-{n}", link=srv.url(path), description=f"Teaser {n}."))
    srv.route("/feed.xml", body=rss(items), headers={"Content-Type": "application/xml"})
    return [feed("teasers", srv.url("/feed.xml"), fulltext=True)]


def statuses() -> dict[str, str]:
    return dict(rows("SELECT guid, fulltext_status FROM articles ORDER BY guid"))


def page_requests(srv: LocalHttpServer) -> list[str]:
    return [r.path for r in srv.requests if r.path not in ("/feed.xml", "/robots.txt")]


def test_over_budget_pages_are_fetched_by_the_next_runs_and_each_page_once(site, monkeypatch):
    monkeypatch.setenv("NEWSMON_PAGES_PER_FEED", "2")
    feeds = publish(site, 5, locked=4)
    first = run_ingest(feeds, "run-1", now=NOW)
    assert first.loaded["pages"] == {"ok": 2, "pending": 3}
    got = statuses()
    assert [got[f"story-{n}"] for n in (0, 1)] == ["ok", "ok"]
    assert all(got[f"story-{n}"] == "pending: over the feed's budget of 2 pages per run" for n in (2, 3, 4))
    assert rows("SELECT text FROM articles WHERE guid = 'story-3'") == [("Story 3\n\nTeaser 3.",)]

    run_ingest(feeds, "run-2", now=NOW + timedelta(minutes=30))     # two of the three owed pages
    got = statuses()
    assert sorted(got.values()).count("ok") + list(got.values()).count("disallowed") == 4
    run_ingest(feeds, "run-3", now=NOW + timedelta(minutes=60))     # the last one
    got = statuses()
    assert got.pop("story-4") == "disallowed" and set(got.values()) == {"ok"}   # robots.txt: never requested
    assert sorted(page_requests(site)) == ["/s0", "/s1", "/s2", "/s3"]
    assert "Story number 3 is about" in rows("SELECT text FROM articles WHERE guid = 'story-3'")[0][0]
    assert rows("SELECT count(*) FROM articles WHERE fulltext_status = 'ok' AND fulltext_at IS NOT NULL") == [(4,)]
    # robots.txt was cached in page_hosts: asked once in three runs.
    assert len(site.requests_to("/robots.txt")) == 1
    assert rows("SELECT robots_status, last_run_key FROM page_hosts") == [("rules", "run-3")]


def test_rerunning_a_run_asks_no_page_again_and_changes_nothing(site):
    feeds = publish(site, 3)
    run_ingest(feeds, "run-1", now=NOW)
    before = rows("SELECT * FROM articles ORDER BY article_id"), rows("SELECT * FROM page_hosts")
    requests = len(site.requests)
    again = run_ingest(feeds, "run-1", now=NOW)
    assert [p["reused_staging"] for p in again.pages] == [True]
    assert len(site.requests) == requests
    assert (rows("SELECT * FROM articles ORDER BY article_id"), rows("SELECT * FROM page_hosts")) == before


def test_a_429_defers_the_host_across_runs_then_its_pages_arrive(site):
    site.route("/s1", status=429, headers={"Retry-After": "7200"}, times=1)     # once, then the page
    feeds = publish(site, 3)
    run_ingest(feeds, "run-1", now=NOW)
    got = statuses()
    assert got["story-0"] == "ok" and got["story-1"].startswith("pending: HTTP 429") and got["story-2"].startswith("pending")
    [(until, throttled)] = rows("SELECT retry_after_until, throttled_runs FROM page_hosts")
    assert throttled == 1 and until >= (NOW + timedelta(seconds=7100)).replace(tzinfo=None)
    assert page_requests(site) == ["/s0", "/s1"]

    run_ingest(feeds, "run-2", now=NOW + timedelta(minutes=30))                    # still embargoed
    assert page_requests(site) == ["/s0", "/s1"] and statuses()["story-2"].startswith("pending: the host asked")
    later = Clock(now=lambda: datetime.now(timezone.utc) + timedelta(hours=3))
    run_ingest(feeds, "run-3", now=NOW + timedelta(hours=3), page_clock=later)
    assert set(statuses().values()) == {"ok"}
    assert sorted(page_requests(site)) == ["/s0", "/s1", "/s1", "/s2"]
    assert rows("SELECT retry_after_until, throttled_runs FROM page_hosts") == [(None, 0)]


def test_pending_pages_are_given_up_after_the_window(site, monkeypatch):
    monkeypatch.setenv("NEWSMON_PAGES_PER_FEED", "1")
    feeds = publish(site, 2)
    run_ingest(feeds, "run-1", now=NOW - timedelta(days=4))
    assert statuses()["story-1"].startswith("pending: over the feed's budget")
    run_ingest(feeds, "run-2", now=NOW)
    assert page_requests(site) == ["/s0"]                 # four days later story-1 is no longer asked for
