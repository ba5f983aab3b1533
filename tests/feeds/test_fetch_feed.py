"""fetch_feed: the Feed fetch record and its outcomes (new, not_modified, error, gone, deferred)."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from extractors.feeds.feed_list import FeedSpec
from extractors.feeds.fetch_feed import FeedState, fetch_feed
from extractors.feeds.http_fetch import FetchPolicy
from tests.feeds.conftest import FETCH_TIME, FIXTURES

FETCH_FIELDS = {
    "feed", "url", "started_at", "finished_at", "http_status", "outcome", "error", "items_seen", "bytes",
    "duration_ms", "etag", "last_modified", "retry_after_until",
}
ARTICLE_FIELDS = {
    "article_id", "guid", "url", "canonical_url", "feed", "lang", "title", "summary", "text", "published_at",
    "date_flag", "fetched_at", "fulltext_status",
}


def spec_for(server, path: str, **kwargs) -> FeedSpec:
    return FeedSpec(name=kwargs.pop("name", "test-feed"), url=server.url(path), **kwargs)


def test_records_have_the_contract_fields_and_are_json_serialisable(server, clock):
    result = fetch_feed(spec_for(server, "/rss20_basic.xml"), None, now=FETCH_TIME, clock=clock)
    assert set(result.fetch) == FETCH_FIELDS
    assert all(set(a) == ARTICLE_FIELDS for a in result.articles)
    json.dumps({"fetch": result.fetch, "articles": result.articles})
    assert result.fetch["started_at"] == "2026-11-27T12:00:00+00:00"
    assert result.fetch["etag"] and result.fetch["last_modified"]  # remembered for the next conditional GET
    assert result.fetch["bytes"] == (FIXTURES / "rss20_basic.xml").stat().st_size


def test_second_fetch_with_remembered_validators_is_one_304(server, clock):
    spec = spec_for(server, "/rss20_basic.xml")
    first = fetch_feed(spec, None, now=FETCH_TIME, clock=clock)
    state = FeedState(etag=first.fetch["etag"], last_modified=first.fetch["last_modified"])
    second = fetch_feed(spec, state, now=FETCH_TIME + timedelta(minutes=30), clock=clock)
    assert second.fetch["outcome"] == "not_modified" and second.fetch["http_status"] == 304
    assert second.articles == [] and second.fetch["items_seen"] == 0
    assert second.fetch["etag"] == first.fetch["etag"]
    requests = server.requests_to("/rss20_basic.xml")
    assert len(requests) == 2 and requests[1].headers["if-none-match"] == first.fetch["etag"]


def test_deferred_feed_makes_no_request(server, clock):
    until = FETCH_TIME + timedelta(minutes=20)
    result = fetch_feed(spec_for(server, "/rss20_basic.xml"), FeedState(retry_after_until=until), now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "deferred"
    assert result.fetch["retry_after_until"] == until.isoformat()
    assert server.requests == []
    # Once the time has passed, the feed is fetched again.
    later = fetch_feed(spec_for(server, "/rss20_basic.xml"), FeedState(retry_after_until=until.isoformat()),
                       now=until + timedelta(seconds=1), clock=clock)
    assert later.fetch["outcome"] == "new" and len(server.requests) == 1


def test_long_retry_after_becomes_deferred_with_the_time(server, clock):
    server.route("/busy.xml", status=429, headers={"Retry-After": "7200"})
    result = fetch_feed(spec_for(server, "/busy.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "deferred" and result.fetch["http_status"] == 429
    assert result.fetch["retry_after_until"] == (FETCH_TIME + timedelta(hours=2)).isoformat()
    assert "Retry-After" in result.fetch["error"]


@pytest.mark.parametrize(("status", "outcome"), [(404, "error"), (410, "gone"), (403, "error")])
def test_client_errors(server, clock, status, outcome):
    server.route("/feed.xml", status=status, body=b"no")
    result = fetch_feed(spec_for(server, "/feed.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == outcome and result.fetch["http_status"] == status
    assert str(status) in result.fetch["error"]
    assert len(server.requests_to("/feed.xml")) == 1


def test_500_is_retried_and_then_recorded_as_error(server, clock):
    server.route("/feed.xml", status=500)
    result = fetch_feed(spec_for(server, "/feed.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "error" and result.fetch["http_status"] == 500
    assert len(server.requests_to("/feed.xml")) == 3
    assert clock.sleeps == [1.0, 2.0]


def test_timeout_is_an_error_not_an_exception(server, clock):
    server.route("/feed.xml", hang=True)
    policy = FetchPolicy(connect_timeout=1, read_timeout=1, deadline=2)
    result = fetch_feed(spec_for(server, "/feed.xml"), None, now=FETCH_TIME, clock=clock, policy=policy)
    assert result.fetch["outcome"] == "error" and result.fetch["error"].startswith("timeout")


def test_oversize_feed_is_an_error(server, clock):
    server.route("/feed.xml", body=b"<rss>" + b" " * 300_000 + b"</rss>")
    result = fetch_feed(spec_for(server, "/feed.xml"), None, now=FETCH_TIME, clock=clock,
                        policy=FetchPolicy(max_bytes=100_000))
    assert result.fetch["outcome"] == "error" and result.fetch["error"].startswith("too_large")
    assert result.fetch["http_status"] == 200


def test_empty_200_is_an_error(server, clock):
    server.route("/feed.xml", body=b"", headers={"ETag": '"empty"'})
    result = fetch_feed(spec_for(server, "/feed.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "error" and "empty response body" in result.fetch["error"]
    assert result.fetch["etag"] is None  # a broken body must not be skipped by the next conditional GET


def test_xxe_external_entity_is_not_resolved(server, clock, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-XXE-MARKER", encoding="utf-8")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
<rss version="2.0"><channel><title>x</title><link>https://example.org/</link><description>d</description>
<item><title>Leak &xxe;</title><guid isPermaLink="false">xxe-1</guid><description>Body &xxe; here.</description></item>
</channel></rss>""".encode()
    server.route("/xxe.xml", body=body)
    result = fetch_feed(spec_for(server, "/xxe.xml"), None, now=FETCH_TIME, clock=clock)
    dumped = json.dumps({"fetch": result.fetch, "articles": result.articles})
    assert "TOP-SECRET-XXE-MARKER" not in dumped
    assert result.fetch["outcome"] == "new" and len(result.articles) == 1


def test_cross_feed_duplicate_has_the_same_article_id(server, clock):
    """The same guid served by two feeds is one article (the loader's upsert keeps one row)."""
    a = fetch_feed(spec_for(server, "/rss20_basic.xml", name="feed-a"), None, now=FETCH_TIME, clock=clock)
    server.route("/mirror.xml", body=(FIXTURES / "rss20_basic.xml").read_bytes())
    b = fetch_feed(spec_for(server, "/mirror.xml", name="feed-b"), None, now=FETCH_TIME, clock=clock)
    assert [x["article_id"] for x in a.articles] == [x["article_id"] for x in b.articles]
    assert {x["feed"] for x in b.articles} == {"feed-b"}


def test_language_from_feed_overrides_detection(server, clock):
    result = fetch_feed(spec_for(server, "/rss20_lang_auto.xml", lang="de"), None, now=FETCH_TIME, clock=clock)
    assert {a["lang"] for a in result.articles} == {"de"}


def test_fulltext_feed_leaves_its_pages_to_the_page_tasks(server, clock, monkeypatch):
    """fetch_feed of a `fulltext: true` feed requests no article page: its articles leave with their summary
    and `fulltext_status = PAGE_PENDING`, for the page tasks that fetch every feed's pages host by host."""
    from extractors.feeds.fetch_feed import PAGE_PENDING

    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>ft</title><link>{server.url('/')}</link><description>d</description>
<item><title>Story</title><link>{server.url('/story.html')}</link><guid isPermaLink="false">ft-1</guid><description>Short teaser.</description></item>
</channel></rss>""".encode()
    server.route("/ft.xml", body=feed)
    monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
    result = fetch_feed(spec_for(server, "/ft.xml", fulltext=True), None, now=FETCH_TIME, clock=clock)
    [story] = result.articles
    assert story["fulltext_status"] == PAGE_PENDING and story["text"] == "Story\n\nShort teaser."
    assert [r.path for r in server.requests] == ["/ft.xml"]
    plain = fetch_feed(spec_for(server, "/ft.xml", fulltext=False), None, now=FETCH_TIME, clock=clock)
    assert plain.articles[0]["fulltext_status"] is None


def test_external_dtd_is_never_fetched(server, clock):
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "{server.url('/evil.dtd')}">
<rss version="2.0"><channel><title>x</title><link>https://example.org/</link><description>d</description>
<item><title>Item</title><guid isPermaLink="false">dtd-1</guid><description>Body.</description></item>
</channel></rss>""".encode()
    server.route("/dtd.xml", body=body)
    server.route("/evil.dtd", body=b'<!ENTITY leak "LEAKED">')
    result = fetch_feed(spec_for(server, "/dtd.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "new" and len(result.articles) == 1
    assert server.requests_to("/evil.dtd") == []


def test_a_body_that_is_a_url_is_not_followed_by_feedparser(server, clock):
    """Regression guard: feedparser.parse(str) would open a URL or a file path; we only hand it bytes."""
    server.route("/pointer.xml", body=server.url("/rss20_basic.xml").encode())
    result = fetch_feed(spec_for(server, "/pointer.xml"), None, now=FETCH_TIME, clock=clock)
    assert result.fetch["outcome"] == "error"
    assert server.requests_to("/rss20_basic.xml") == []
