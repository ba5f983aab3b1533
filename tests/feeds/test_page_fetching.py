"""Polite page fetching against real local servers: robots.txt, Crawl-delay, per-host gap, 429/503 back-off,
the User-Agent, budgets; the servers' request logs (paths, headers, arrival times) are the evidence."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from extractors.feeds.http_fetch import Clock
from extractors.feeds.page_fetching import HostState, PageJob, fetch_host_pages, fetch_hosts
from extractors.feeds.politeness import DEFAULT_USER_AGENT, Politeness
from extractors.feeds.robots import origin_of
from tests.support.http_server import LocalHttpServer

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(topic: str) -> bytes:
    """An article page of our own writing, long enough to count as main text."""
    return (f"<html><head><title>{topic}</title></head><body><nav>Home | Newsletter | Login</nav><article>"
            f"<h1>{topic}</h1><p>{topic} was announced on Thursday by the company, which said the move had been "
            "planned for more than a year and would be completed before the end of the quarter.</p>"
            "<p>Analysts said the decision showed how quickly the market for AI infrastructure is changing, and "
            "that rivals in Europe and the United States were likely to follow within months.</p></article>"
            "<footer>Cookie settings</footer></body></html>").encode()


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
    with LocalHttpServer() as srv:
        yield srv


def clock_at(now: datetime = NOW) -> Clock:
    """Real monotonic time and real sleeps (pacing shows in the server's log), a fixed wall-clock `now`."""
    return Clock(now=lambda: now)


def jobs_for(srv: LocalHttpServer, paths: list[str], feed: str = "feed", delay: float = 0.0) -> list[PageJob]:
    for path in paths:
        srv.route(path, body=page(path.strip("/").replace("-", " ")), headers=HTML, delay=delay)
    return [PageJob(f"id{n}", feed, srv.url(path), f"Title {n}") for n, path in enumerate(paths)]


def run(srv, jobs, politeness=Politeness(min_gap_seconds=0.05), state=None, now=NOW):
    return fetch_host_pages(origin_of(srv.url("/")), jobs, state, politeness=politeness, clock=clock_at(now))


def statuses(outcome) -> dict[str, str]:
    return {r["article_id"]: r["fulltext_status"] for r in outcome.results}


def test_a_path_robots_txt_disallows_is_never_requested(site):
    site.route("/robots.txt", body=b"User-agent: *\nDisallow: /members/\n", headers={"Content-Type": "text/plain"})
    jobs = jobs_for(site, ["/open-story", "/members/paid-story"])
    site.route("/redirected", status=302, redirect="/members/other-paid-story")
    jobs.append(PageJob("id2", "feed", site.url("/redirected"), "Title 2"))
    site.route("/members/other-paid-story", body=page("paid"), headers=HTML)
    outcome = run(site, jobs)
    assert statuses(outcome) == {"id0": "ok", "id1": "disallowed", "id2": "disallowed"}
    paths = [r.path for r in site.requests]
    assert paths == ["/robots.txt", "/open-story", "/redirected"]           # the redirect hop was refused too
    assert not any(p.startswith("/members/") for p in paths)
    ok = outcome.results[0]
    assert ok["text"].startswith("Title 0\n\n") and "Cookie settings" not in ok["text"]
    assert outcome.host["robots_status"] == "rules" and outcome.host["requests"] == 3


def test_crawl_delay_and_the_minimum_gap_are_kept(site):
    """Arrival times in the server's log: every request starts at least the delay after the previous one."""
    site.route("/robots.txt", body=b"User-agent: newsmon\nCrawl-delay: 0.6\n", headers={"Content-Type": "text/plain"})
    outcome = run(site, jobs_for(site, ["/a", "/b", "/c"]), Politeness(min_gap_seconds=0.2))
    assert set(statuses(outcome).values()) == {"ok"}
    times = [r.time for r in site.requests]
    assert [r.path for r in site.requests] == ["/robots.txt", "/a", "/b", "/c"]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.6

    # Without a Crawl-delay the configured gap rules (a second host: its own robots.txt, its own pace).
    with LocalHttpServer() as other:
        other.route("/robots.txt", status=404)
        run(other, jobs_for(other, ["/x", "/y", "/z"]), Politeness(min_gap_seconds=0.4))
        times = [r.time for r in other.requests]
        assert len(times) == 4 and min(b - a for a, b in zip(times, times[1:])) >= 0.4


def test_one_request_at_a_time_per_host_while_hosts_run_side_by_side(site):
    """Two hosts in one batch: each host's requests never overlap (each starts after the previous answer
    plus the gap); the hosts run in parallel, so the batch takes about one host's time, not two."""
    import time

    politeness = Politeness(min_gap_seconds=0.1)
    with LocalHttpServer() as second:
        hosts = []
        for srv in (site, second):
            srv.route("/robots.txt", status=404)
            jobs = jobs_for(srv, [f"/s{n}" for n in range(4)], delay=0.3)   # each answer takes 0.3 s
            hosts.append((origin_of(srv.url("/")), jobs, None))
        started = time.monotonic()
        outcomes = fetch_hosts(hosts, politeness=politeness, clock=clock_at())
        elapsed = time.monotonic() - started
        for srv, outcome in zip((site, second), outcomes):
            assert set(statuses(outcome).values()) == {"ok"}
            pages = [r.time for r in srv.requests if r.path != "/robots.txt"]
            assert min(b - a for a, b in zip(pages, pages[1:])) >= 0.3 + 0.1
        assert elapsed < 2 * 4 * 0.4       # a serial run of both hosts would need at least this


def test_429_on_a_page_defers_the_host_and_later_runs_ask_nothing_until_then(site):
    site.route("/robots.txt", status=404)
    site.route("/p2", status=429, headers={"Retry-After": "3600"}, times=1)   # once, then the page
    jobs = jobs_for(site, ["/p1", "/p2", "/p3"])
    outcome = run(site, jobs)
    got = statuses(outcome)
    assert got["id0"] == "ok" and got["id1"].startswith("pending: HTTP 429") and got["id2"].startswith("pending:")
    assert [r.path for r in site.requests] == ["/robots.txt", "/p1", "/p2"]   # /p3 was not asked
    assert outcome.host["retry_after_until"] == NOW + timedelta(seconds=3600)
    assert outcome.host["throttled_runs"] == 1

    state = HostState(outcome.host["origin"], None, outcome.host["retry_after_until"], 1)
    before = len(site.requests)
    waiting = run(site, jobs[1:], state=state, now=NOW + timedelta(minutes=30))
    assert len(site.requests) == before                                       # not even robots.txt
    assert set(statuses(waiting).values()) == {f"pending: the host asked us to wait until {(NOW + timedelta(hours=1)).isoformat()}"}
    assert waiting.host["retry_after_until"] == NOW + timedelta(hours=1)

    later = run(site, jobs[1:], state=state, now=NOW + timedelta(hours=2))
    assert set(statuses(later).values()) == {"ok"}
    assert later.host["retry_after_until"] is None and later.host["throttled_runs"] == 0


def test_503_without_retry_after_backs_off_longer_each_throttled_run(site):
    site.route("/robots.txt", status=404)
    site.route("/busy", status=503, body=b"busy")
    jobs = [PageJob("b", "feed", site.url("/busy"), "Busy")]
    politeness = Politeness(min_gap_seconds=0.05)
    first = run(site, jobs, politeness)
    assert first.results[0]["fulltext_status"].startswith("pending: HTTP 503")
    assert first.host["retry_after_until"] == NOW + timedelta(minutes=30) and first.host["throttled_runs"] == 1
    assert len(site.requests_to("/busy")) == 2                              # http_fetch's one retry, then stop
    second = run(site, jobs, politeness, state=HostState(first.host["origin"], None, None, 1), now=NOW)
    assert second.host["retry_after_until"] == NOW + timedelta(minutes=60) and second.host["throttled_runs"] == 2
    assert politeness.throttle_wait(20) == timedelta(hours=24)


def test_the_user_agent_is_the_configured_one(site, monkeypatch):
    monkeypatch.setenv("NEWSMON_USER_AGENT", "examplebot/2.0 (+https://example.org/bot-contact)")
    politeness = replace(Politeness.from_environment(), min_gap_seconds=0.05)
    assert politeness.robots_token == "examplebot"
    site.route("/robots.txt", body=b"User-agent: examplebot\nDisallow: /not-for-examplebot\n",
               headers={"Content-Type": "text/plain"})
    outcome = run(site, jobs_for(site, ["/story", "/not-for-examplebot"]), politeness)
    assert statuses(outcome) == {"id0": "ok", "id1": "disallowed"}
    assert {r.headers["user-agent"] for r in site.requests} == {"examplebot/2.0 (+https://example.org/bot-contact)"}

    monkeypatch.delenv("NEWSMON_USER_AGENT")
    default = Politeness.from_environment()
    assert default.user_agent == DEFAULT_USER_AGENT and default.robots_token == "newsmon"
    assert "+https://" in DEFAULT_USER_AGENT


def test_a_fresh_cached_robots_txt_is_not_asked_again_and_an_old_one_is(site):
    site.route("/robots.txt", body=b"User-agent: *\nDisallow: /old-rule/\n", headers={"Content-Type": "text/plain"})
    first = run(site, jobs_for(site, ["/one"]))
    from extractors.feeds.robots import RobotsRecord

    cached = RobotsRecord.from_row(first.host)
    run(site, jobs_for(site, ["/two"]), state=HostState(cached.origin, cached), now=NOW + timedelta(hours=23))
    assert len(site.requests_to("/robots.txt")) == 1
    run(site, jobs_for(site, ["/three"]), state=HostState(cached.origin, cached), now=NOW + timedelta(hours=25))
    assert len(site.requests_to("/robots.txt")) == 2


def test_an_unreachable_robots_txt_fetches_no_page_and_keeps_them_pending(site):
    site.route("/robots.txt", status=500, body=b"oops")
    outcome = run(site, jobs_for(site, ["/a", "/b"]))
    assert all(s.startswith("pending: robots.txt unreachable") for s in statuses(outcome).values())
    assert [r.path for r in site.requests] == ["/robots.txt"]


def test_the_host_budget_leaves_the_rest_pending(site):
    site.route("/robots.txt", status=404)
    outcome = run(site, jobs_for(site, [f"/n{i}" for i in range(6)]),
                  Politeness(min_gap_seconds=0.3, host_budget_seconds=0.8))
    got = list(statuses(outcome).values())
    assert got[:2] == ["ok", "ok"] and all(s.startswith("pending: the run's 0.8s") for s in got[3:])
    assert len(site.requests) <= 4


def test_pages_of_an_internal_host_are_blocked_without_any_request(monkeypatch):
    monkeypatch.delenv("NEWSMON_FETCH_ALLOW", raising=False)
    with LocalHttpServer() as srv:
        outcome = run(srv, jobs_for(srv, ["/admin"]))
        assert statuses(outcome) == {"id0": "blocked"} and srv.requests == []
