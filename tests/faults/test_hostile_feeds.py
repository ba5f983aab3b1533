"""Hostile feed *content* through the real ingest path (`stage_feed` + `load_run`), asserted on warehouse rows.

One run stages every feed below from a local server; each test then checks what one case left in
`articles` / `feed_fetches`, and that the good feeds of the same run landed regardless.
The parser-level behaviour is covered in tests/feeds; here the question is what reaches the warehouse.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.faults.pipeline import Item, articles_of, feed, fetch_row, rows, rss, run_ingest
from tests.support.http_server import LocalHttpServer

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
RUN = "faults-hostile-content"
SQL_TITLE = "O'Reilly \"AI\" report; '; DROP TABLE articles; -- \\ 100% _x_"

GOOD = rss([Item("Anthropic opens a Munich office", guid="good-1", link="https://good.example/a"),
            Item("Cohere hires a new CFO", guid="good-2", link="https://good.example/b")])
MALFORMED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>broken'
             b"<item><title>never closed</titl></channel>")
HTML_PAGE = (b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Not a feed</h1>"
             b"<a href='/feed'>our feed moved</a></body></html>")
LATIN1 = rss([Item("Künstliche Intelligenz für Übersetzungen: Größer denn je", guid="latin-1",
                   link="https://latin.example/ki", description="Straße, Maß und Fuß.")], encoding="iso-8859-1")
CP1252 = rss([Item("„KI-Gipfel“ kostet 5 € pro Teilnehmer – sagt Müller", guid="cp-1",
                   link="https://cp.example/gipfel", description="Preis: 10 € … „ja“")], encoding="windows-1252")
# Declares UTF-8 but the bytes are Windows-1252 (a common misconfiguration).
WRONG_ENCODING = rss([Item("Zürich startup raises 3 € million", guid="wrong-1", link="https://wrong.example/z")],
                     encoding="windows-1252", declared="utf-8")
DATES = rss([
    Item("Item without a date", guid="date-none", link="https://dates.example/none", pub_date=None),
    Item("Item from 2030", guid="date-2030", link="https://dates.example/2030", pub_date="Mon, 07 Jan 2030 10:00:00 GMT"),
    Item("Item from 1999", guid="date-1999", link="https://dates.example/1999", pub_date="Fri, 05 Mar 1999 10:00:00 GMT"),
    Item("Item from yesterday", guid="date-ok", link="https://dates.example/ok", pub_date="Thu, 26 Nov 2026 08:00:00 GMT"),
])
XSS = rss([
    Item(raw_title="<![CDATA[Funding <script>alert('t')</script>news]]>", guid="xss-1", link="https://xss.example/1",
         raw_description="<![CDATA[<p>Teaser <img src=x onerror=\"alert('s')\"> with <a href=\"javascript:alert(1)\">a link</a></p>]]>"),
    Item("Plain title", guid="xss-2", link="javascript:alert(document.cookie)", raw_description="&lt;b&gt;bold&lt;/b&gt; text"),
    # Escaped twice: the *text* of the summary is "<script>...", which is what a reader must see, inertly.
    Item("Literal markup", guid="xss-3", link="https://xss.example/3",
         description="&lt;script&gt;alert('literal')&lt;/script&gt; shown as text"),
])
SQL = rss([Item(SQL_TITLE, guid="sql-'; DROP TABLE feed_fetches; --", link="https://sql.example/a?q=1'--",
                description="Robert'); DROP TABLE articles;-- said hi")])
DUPLICATES_A = rss([
    Item("Same guid twice", guid="dup-guid", link="https://dup.example/one"),
    Item("Same guid twice (repeat)", guid="dup-guid", link="https://dup.example/one-again"),
    Item("Tracked link", guid="dup-track-1", link="https://dup.example/story?id=7"),
    Item("Tracked link copy", guid="dup-track-2", link="https://dup.example/story?id=7&utm_source=rss&utm_medium=feed&fbclid=abc"),
    Item("Shared story", guid="a-shared", link="https://shared.example/2026/11/big-news"),
])
DUPLICATES_B = rss([Item("Shared story, other outlet", guid="b-shared",
                         link="https://shared.example/2026/11/big-news?utm_campaign=partner")])

# RSS needs only a guid: these items have no <link> at all.
NO_LINKS = rss([Item("Linkless one", guid="nolink-1", link=None), Item("Linkless two", guid="nolink-2", link=None)])

BODIES = {
    "good-feed": (GOOD, {}),
    "malformed-xml": (MALFORMED, {}),
    "html-page": (HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
    "empty-200": (b"", {}),
    "latin1-feed": (LATIN1, {"Content-Type": "application/rss+xml"}),
    "cp1252-feed": (CP1252, {"Content-Type": "application/rss+xml"}),
    "wrong-encoding": (WRONG_ENCODING, {"Content-Type": "application/rss+xml"}),
    "dates-feed": (DATES, {}),
    "xss-feed": (XSS, {}),
    "sql-feed": (SQL, {}),
    "dup-a": (DUPLICATES_A, {}),
    "dup-b": (DUPLICATES_B, {}),
    "no-links": (NO_LINKS, {}),
}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("hostile-home")
    with pytest.MonkeyPatch.context() as mp, LocalHttpServer() as server:
        mp.setenv("NEWSMON_HOME", str(home))
        mp.delenv("NEWSMON_WAREHOUSE", raising=False)
        mp.delenv("NEWSMON_STAGING", raising=False)
        for name, (body, headers) in BODIES.items():
            server.route(f"/{name}.xml", body=body, headers={"Content-Type": "application/xml", **headers})
        result = run_ingest([feed(name, server.url(f"/{name}.xml"), lang="de" if "1" in name else "en")
                             for name in BODIES], RUN, now=NOW)
        yield result, server


@pytest.fixture
def run(hostile_run):
    return hostile_run[0]


def test_good_feed_lands_although_the_run_is_full_of_hostile_feeds(run):
    assert run.loaded["feeds"] == len(BODIES)
    assert articles_of("good-feed", "title") == [("Anthropic opens a Munich office",), ("Cohere hires a new CFO",)]
    assert fetch_row("good-feed")["outcome"] == "new"


@pytest.mark.parametrize("name, expected", [
    ("malformed-xml", "parse: not a feed: no entries and the XML is malformed"),
    ("html-page", "parse: not a feed: the server returned an HTML page"),
    ("empty-200", "parse: empty response body"),
])
def test_unusable_body_is_an_error_row_and_no_articles(run, name, expected):
    row = fetch_row(name)
    assert (row["outcome"], row["http_status"]) == ("error", 200)
    assert row["error"].startswith(expected), row["error"]
    assert row["etag"] is None  # the broken body is fetched again next time, not skipped by a 304
    assert articles_of(name) == []
    assert name in run.failed  # its task shows red (and retries); the run's load still happened


def test_latin1_umlauts_arrive_intact(run):
    assert articles_of("latin1-feed", "title, summary") == [
        ("Künstliche Intelligenz für Übersetzungen: Größer denn je", "Straße, Maß und Fuß.")]


def test_windows_1252_euro_and_german_quotes_arrive_intact(run):
    assert articles_of("cp1252-feed", "title, summary") == [
        ("„KI-Gipfel“ kostet 5 € pro Teilnehmer – sagt Müller", "Preis: 10 € … „ja“")]


def test_wrong_declared_encoding_keeps_the_item_without_mojibake_or_replacement(run):
    """Declared UTF-8, sent Windows-1252: the item is kept (not lost) and decoded as what it really is."""
    assert fetch_row("wrong-encoding")["outcome"] == "new"
    [(title,)] = articles_of("wrong-encoding", "title")
    assert title == "Zürich startup raises 3 € million"


def test_missing_future_and_ancient_dates_are_flagged(run):
    got = dict(rows("SELECT guid, date_flag FROM articles WHERE feed = 'dates-feed'"))
    assert got == {"date-none": "missing", "date-2030": "future", "date-1999": "too_old", "date-ok": None}
    published = dict(rows("SELECT guid, published_at FROM articles WHERE feed = 'dates-feed'"))
    fetched = datetime(2026, 11, 27, 12, 0)
    assert published["date-none"] == fetched and published["date-2030"] == fetched  # fetch time stands in
    assert published["date-1999"] == datetime(1999, 3, 5, 10, 0)  # kept, but flagged


def test_script_img_onerror_and_javascript_are_stored_as_plain_text(run):
    stored = dict(rows("SELECT guid, title || ' | ' || summary || ' | ' || text FROM articles WHERE feed = 'xss-feed'"))
    assert set(stored) == {"xss-1", "xss-2", "xss-3"}
    for value in (stored["xss-1"], stored["xss-2"]):
        lowered = value.lower()
        assert "<" not in value and ">" not in value, value
        assert "onerror" not in lowered and "javascript:" not in lowered and "alert(" not in lowered, value
    assert rows("SELECT title, summary FROM articles WHERE guid = 'xss-1'") == [("Funding news", "Teaser with a link")]
    assert rows("SELECT summary FROM articles WHERE guid = 'xss-2'") == [("bold text",)]
    # Text that *is* angle brackets stays text (one level of escaping undone, no tag interpreted).
    assert rows("SELECT summary FROM articles WHERE guid = 'xss-3'") == [("<script>alert('literal')</script> shown as text",)]


def test_javascript_link_is_kept_only_as_inert_data(run):
    """The url column keeps what the feed said (it is evidence); outputs must never make it a live link
    (see test_html_outputs_escape_hostile_titles in test_html_outputs.py)."""
    [(url, status)] = rows("SELECT url, fulltext_status FROM articles WHERE guid = 'xss-2'")
    assert url.startswith("javascript:") and status is None  # never fetched


def test_quotes_and_sql_in_titles_round_trip_and_drop_nothing(run):
    assert rows("SELECT title, guid, url FROM articles WHERE feed = 'sql-feed'") == [
        (SQL_TITLE, "sql-'; DROP TABLE feed_fetches; --", "https://sql.example/a?q=1'--")]
    assert rows("SELECT summary FROM articles WHERE feed = 'sql-feed'") == [("Robert'); DROP TABLE articles;-- said hi",)]
    assert rows("SELECT count(*) FROM feed_fetches WHERE run_key = ?", [RUN]) == [(len(BODIES),)]


def test_duplicates_are_stored_once(run):
    assert rows("SELECT count(*) FROM articles WHERE guid = 'dup-guid'") == [(1,)]
    assert rows("SELECT count(*) FROM articles WHERE canonical_url = 'https://dup.example/story?id=7'") == [(1,)]
    shared = rows("SELECT feed, guid FROM articles WHERE canonical_url = 'https://shared.example/2026/11/big-news'")
    assert len(shared) == 1
    assert rows("SELECT count(*) FROM articles WHERE feed IN ('dup-a', 'dup-b')") == [(3 + len(shared) - 1,)]
    seen = dict(rows("SELECT feed, items_seen FROM feed_fetches WHERE feed IN ('dup-a', 'dup-b')"))
    assert seen == {"dup-a": 5, "dup-b": 1}  # seen, but not stored twice


def test_rerunning_the_same_run_changes_nothing(hostile_run):
    run, server = hostile_run
    before = rows("SELECT * EXCLUDE (loaded_at) FROM articles ORDER BY article_id")
    good_requests = len(server.requests_to("/good-feed.xml"))
    again = run_ingest([feed(name, server.url(f"/{name}.xml")) for name in BODIES], RUN, now=NOW)
    assert rows("SELECT * EXCLUDE (loaded_at) FROM articles ORDER BY article_id") == before
    assert again.loaded["articles_new"] == run.loaded["articles_new"]
    assert len(server.requests_to("/good-feed.xml")) == good_requests  # staged feeds are reused, not refetched


def test_items_without_links_are_stored_and_do_not_break_the_load(run):
    """Regression: url/canonical_url are NOT NULL, and one linkless item failed the whole run's load."""
    got = rows("SELECT guid, url, canonical_url, fulltext_status FROM articles WHERE feed = 'no-links' ORDER BY guid")
    assert [g for g, *_ in got] == ["nolink-1", "nolink-2"]
    for guid, url, canonical, status in got:
        assert url == canonical and url.startswith("urn:newsmon:article:") and status is None
    assert len({url for _, url, _, _ in got}) == 2  # kept apart, not collapsed as one "missing URL"
