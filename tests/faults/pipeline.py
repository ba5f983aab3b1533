"""Driving the real ingest path from fault tests: feed bodies, `stage_feed` + `load_run`, warehouse queries.

`stage_feed` and `load_run` are the ingest DAG's task bodies (the DAG only wires them), so a run here is the
pipeline's own code minus the scheduler. Results are read back from the warehouse file itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from xml.sax.saxutils import escape

import duckdb

from extractors import settings


@dataclass
class Item:
    """One RSS item; `raw_title`/`raw_description` are inserted unescaped (for CDATA and hostile markup)."""

    title: str = ""
    guid: str | None = None
    link: str | None = None
    description: str = ""
    pub_date: str | None = "Thu, 26 Nov 2026 09:00:00 GMT"
    raw_title: str | None = None
    raw_description: str | None = None

    def xml(self) -> str:
        parts = ["<item>"]
        parts.append(f"<title>{self.raw_title if self.raw_title is not None else escape(self.title)}</title>")
        if self.link is not None:
            parts.append(f"<link>{escape(self.link)}</link>")
        if self.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(self.guid)}</guid>')
        description = self.raw_description if self.raw_description is not None else escape(self.description)
        parts.append(f"<description>{description}</description>")
        if self.pub_date is not None:
            parts.append(f"<pubDate>{self.pub_date}</pubDate>")
        parts.append("</item>")
        return "".join(parts)


def rss(items: list[Item], *, title: str = "Hostile test feed", encoding: str = "utf-8",
        declared: str | None = None, prolog: str = "") -> bytes:
    """An RSS 2.0 document encoded in `encoding`, declaring `declared` (default: the same) in its XML header."""
    text = (f'<?xml version="1.0" encoding="{declared or encoding}"?>\n{prolog}'
            f'<rss version="2.0"><channel><title>{escape(title)}</title><link>https://example.org/</link>'
            f"<description>test</description>{''.join(i.xml() for i in items)}</channel></rss>\n")
    return text.encode(encoding)


def feed(name: str, url: str, *, lang: str = "en", fulltext: bool = False) -> dict[str, Any]:
    """A feed-list entry as `list_feeds()` hands it to the fetch task."""
    return {"name": name, "url": url, "lang": lang, "fulltext": fulltext}


@dataclass
class RunResult:
    staged: dict[str, dict[str, Any]] = field(default_factory=dict)  # feed -> stage_feed summary
    failed: dict[str, str] = field(default_factory=dict)  # feed -> FeedFetchFailed message
    loaded: dict[str, Any] = field(default_factory=dict)
    pages: list[dict[str, Any]] = field(default_factory=list)  # fetch_pages summaries, one per batch


def run_ingest(feeds: list[dict[str, Any]], run_key: str, *, now: datetime | None = None, page_clock=None) -> RunResult:
    """One ingest run as the DAG does it: every feed staged (a failing one raises, like its red task), the
    article pages planned and fetched batch by batch (`page_clock`: an `http_fetch.Clock` whose `now` the
    page tasks see), then one load."""
    from warehouse.ingest_steps import FeedFetchFailed, stage_feed, load_run
    from warehouse.page_steps import fetch_pages, plan_pages

    result = RunResult()
    for spec in feeds:
        try:
            result.staged[spec["name"]] = stage_feed(spec, run_key, now=now or datetime.now(timezone.utc))
        except FeedFetchFailed as error:
            result.failed[spec["name"]] = str(error)
    for batch in plan_pages(run_key, feeds, now=now):
        result.pages.append(fetch_pages(batch, clock=page_clock))
    result.loaded = load_run(run_key)
    return result


def rows(sql: str, params: list[Any] | None = None, *, read_copy: bool = False) -> list[tuple]:
    """Query the warehouse file itself (or its read copy), read-only."""
    from warehouse.connection import read_copy_path

    path = read_copy_path() if read_copy else settings.warehouse_path()
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def fetch_row(feed_name: str) -> dict[str, Any]:
    """The newest `feed_fetches` row of one feed, as a dict."""
    path = settings.warehouse_path()
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute("SELECT * FROM feed_fetches WHERE feed = ? ORDER BY started_at DESC LIMIT 1", [feed_name])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        assert row is not None, f"no feed_fetches row for {feed_name}"
        return dict(zip(names, row))
    finally:
        con.close()


def articles_of(feed_name: str, columns: str = "title, summary, text") -> list[tuple]:
    return rows(f"SELECT {columns} FROM articles WHERE feed = ? ORDER BY title", [feed_name])
