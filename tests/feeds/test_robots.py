"""robots.txt as RFC 9309 says, fetched from a real local server: what each answer means, and the cache."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extractors.feeds.robots import ALLOW_ALL, BLOCKED, RULES, UNREACHABLE, RobotsRecord, fetch_robots, origin_of
from tests.feeds.conftest import FETCH_TIME

AGENT = "newsmon/0.1 (article pages; +https://github.com/newsmon/newsmon)"


@pytest.fixture
def allowed(monkeypatch):
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")


def robots_of(server, clock, cached=None) -> RobotsRecord:
    return fetch_robots(origin_of(server.url("/")), user_agent=AGENT, now=FETCH_TIME, cached=cached, clock=clock)


@pytest.mark.parametrize(("url", "origin"), [
    ("https://Example.COM/a/b?c", "https://example.com"),
    ("https://example.com:443/x", "https://example.com"),
    ("http://example.com:8080/x", "http://example.com:8080"),
    ("http://[::1]:81/x", "http://[::1]:81"),
    ("javascript:alert(1)", None), ("urn:newsmon:article:1", None), ("http:///nohost", None),
])
def test_origin_is_the_scope_of_one_robots_txt(url, origin):
    assert origin_of(url) == origin


def test_rules_use_the_longest_match_wildcards_and_our_group(server, clock, allowed):
    server.route("/robots.txt", body=b"User-agent: *\nDisallow: /\n\n"
                                     b"User-agent: newsmon\nDisallow: /news/\nAllow: /news/free/\n"
                                     b"Disallow: /*?print\nCrawl-delay: 2.5\n",
                 headers={"Content-Type": "text/plain"})
    robots = robots_of(server, clock)
    assert (robots.status, robots.http_status) == (RULES, 200)
    token = "newsmon"
    assert robots.allows(server.url("/about"), token)                       # our group, not '*': allowed
    assert not robots.allows(server.url("/news/paid-story"), token)
    assert robots.allows(server.url("/news/free/story"), token)             # longer Allow beats Disallow
    assert not robots.allows(server.url("/about?print=1"), token)           # wildcard
    assert not robots.allows(server.url("/about"), "otherbot")              # '*' disallows everything
    assert robots.crawl_delay(token) == 2.5
    assert [r.headers["user-agent"] for r in server.requests_to("/robots.txt")] == [AGENT]


def test_request_rate_counts_as_a_delay(server, clock, allowed):
    server.route("/robots.txt", body=b"User-agent: *\nRequest-rate: 1/4s\n", headers={"Content-Type": "text/plain"})
    assert robots_of(server, clock).crawl_delay("newsmon") == 4.0


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_4xx_robots_txt_allows_everything(server, clock, allowed, status):
    server.route("/robots.txt", status=status, body=b"no")
    robots = robots_of(server, clock)
    assert (robots.status, robots.http_status, robots.throttled) == (ALLOW_ALL, status, False)
    assert robots.allows(server.url("/anything"), "newsmon")


@pytest.mark.parametrize("status", [500, 503, 429])
def test_an_unreachable_robots_txt_disallows_everything(server, clock, allowed, status):
    server.route("/robots.txt", status=status, body=b"down")
    robots = robots_of(server, clock)
    assert robots.status == UNREACHABLE and not robots.allows(server.url("/anything"), "newsmon")
    assert robots.throttled == (status in (429, 503))
    assert len(server.requests_to("/robots.txt")) == 1          # one request: no retry storm on robots.txt


def test_an_unreachable_robots_txt_keeps_using_the_cached_copy(server, clock, allowed):
    cached = RobotsRecord(origin_of(server.url("/")), RULES, FETCH_TIME - timedelta(days=2),
                          http_status=200, body="User-agent: *\nDisallow: /private/\n")
    server.route("/robots.txt", status=500, body=b"down")
    robots = robots_of(server, clock, cached=cached)
    assert robots.status == RULES and robots.fetched_at == cached.fetched_at and "unreachable" in robots.error
    assert robots.allows(server.url("/public"), "newsmon") and not robots.allows(server.url("/private/x"), "newsmon")


def test_a_robots_txt_on_an_internal_address_is_never_requested(server, clock, monkeypatch):
    monkeypatch.delenv("NEWSMON_FETCH_ALLOW", raising=False)
    robots = robots_of(server, clock)
    assert robots.status == BLOCKED and server.requests == []


def test_cache_freshness_follows_the_24_hours_and_never_caches_a_failure():
    ttl = timedelta(hours=24)
    fresh = RobotsRecord("https://a.example", RULES, FETCH_TIME - timedelta(hours=23))
    assert fresh.is_fresh(FETCH_TIME, ttl)
    assert not RobotsRecord("https://a.example", ALLOW_ALL, FETCH_TIME - timedelta(hours=25)).is_fresh(FETCH_TIME, ttl)
    assert not RobotsRecord("https://a.example", UNREACHABLE, FETCH_TIME).is_fresh(FETCH_TIME, ttl)
    assert not RobotsRecord("https://a.example", BLOCKED, FETCH_TIME).is_fresh(FETCH_TIME, ttl)
    row = fresh.as_row()
    assert RobotsRecord.from_row(row) == fresh
