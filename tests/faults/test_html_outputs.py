"""Text a hostile server chose, shown on the newsmon UI page: escaped, never markup.

The path is the real one: a feed whose redirect `Location` carries `<script>` and `<img onerror>` fails the
ingest, its error lands in `feed_fetches`, `check_feed_health` quotes it in the feed's note, and the UI page
renders that note. (The digest's escaping of feed titles and `javascript:` links is pinned by
tests/digest/test_digest_dag.py::test_fixture_day_arrives_complete_and_escaped.)
"""
from __future__ import annotations

from html.parser import HTMLParser

from tests.faults.pipeline import feed, fetch_row, run_ingest
from tests.support.http_server import LocalHttpServer

PAYLOAD = "<script>alert('ui')</script><img src=x onerror=alert(2)>"


class ActiveContent(HTMLParser):
    """Counts what a browser would execute: script elements, event-handler attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.images = 0
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.images += tag == "img"
        self.handlers += [name for name, value in attrs
                          if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")]

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_error_text_is_escaped_on_the_ui_page(newsmon_home, monkeypatch):
    from warehouse.feed_health import check_feed_health
    from warehouse.ui_page import load_page_data, render_page

    monkeypatch.setenv("NEWSMON_FEED_FAIL_RUNS", "1")
    with LocalHttpServer() as server:
        server.route("/evil.xml", status=302, redirect="/evil.xml?" + PAYLOAD)
        run_ingest([feed("evil-feed", server.url("/evil.xml"))], "ui-run")
    assert PAYLOAD in fetch_row("evil-feed")["error"]  # stored as the text it is
    check_feed_health("ui-run")

    html = render_page(load_page_data())
    page = ActiveContent()
    page.feed(html)
    assert (page.scripts, page.images, page.handlers) == (0, 0, [])
    assert "&lt;script&gt;" in html and "<script" not in html.lower()
    assert PAYLOAD in "".join(page.text)  # a reader sees the attack as text
