"""Feed bytes -> Article records (see docs/architecture.md), with feedparser doing the format work.

feedparser only ever sees bytes wrapped in a BytesIO (a bare string could make it open a URL or a file),
and the DOCTYPE is removed first: no DTD is fetched and no entity declared by the feed is expanded (XXE,
billion laughs). Titles and summaries become plain text with beautifulsoup4.
"""
from __future__ import annotations

import calendar
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import feedparser
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from extractors.feeds import feed_dates  # noqa: F401 - registers the localised-date handler with feedparser
from extractors.feeds.canonical_url import canonical_url
from extractors.feeds.feed_list import FeedSpec
from extractors.language import detect_language

log = logging.getLogger(__name__)


class FeedParseError(ValueError):
    """The body is not a usable feed (HTML page, empty body, XML without entries)."""


FUTURE_TOLERANCE = timedelta(days=1)
TOO_OLD = timedelta(days=365)

# A DOCTYPE with an optional internal subset `[...]` (which may contain `>` inside entity values).
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_ANY_DECL = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_BYTES = 65536  # a DOCTYPE sits before the root element; only this much is searched for it
_MARKUP = re.compile(r"<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_SPACE = re.compile(r"\s+")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed")


@dataclass(frozen=True)
class ParsedFeed:
    """Normalised entries of one feed body; `warning` carries feedparser's complaint for accepted feeds."""

    articles: list[dict[str, Any]]
    items_seen: int  # entries in the body, before collapsing duplicates
    version: str
    warning: str | None


def strip_doctype(body: bytes) -> bytes:
    """Remove the DOCTYPE (with any internal subset); refuse bodies that still declare entities after that.

    The DOCTYPE is looked for in the prolog only (linear time on any input); a declaration anywhere else is
    not something a feed needs, so it is an error rather than something to parse.
    """
    if b"<!" not in body:
        return body
    head, tail = body[:PROLOG_BYTES], body[PROLOG_BYTES:]
    first = _ANY_DECL.search(head)
    if first is not None:
        doctype = _DOCTYPE.match(head, first.start())  # one attempt at one position: linear time
        if doctype is not None:
            head = head[: doctype.start()] + head[doctype.end() :]
    if _ANY_DECL.search(head) or _ANY_DECL.search(tail):
        raise FeedParseError("refused: the document declares a DOCTYPE or entities outside the prolog")
    return head + tail


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment (scripts and styles dropped), whitespace collapsed."""
    if not value:
        return ""
    if _MARKUP.search(value):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(value, "lxml")
        for tag in soup(_DROP_TAGS):
            tag.decompose()
        value = soup.get_text(" ")
    return _SPACE.sub(" ", value).strip()


def article_id_for(guid: str | None, canonical: str | None) -> str:
    """16 hex chars of sha1 over the guid, else over the canonical URL."""
    key = guid or canonical or ""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def as_utc(value: datetime | str | None) -> datetime | None:
    """An aware UTC datetime from an ISO string or datetime; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_feed(
    body: bytes,
    *,
    spec: FeedSpec,
    fetched_at: datetime,
    content_type: str | None = None,
    base_url: str | None = None,
) -> ParsedFeed:
    """Parse one feed body into Article records; raise `FeedParseError` if it is not a feed."""
    if not body or not body.strip():
        raise FeedParseError("empty response body")
    # Without a declared charset let the XML declaration decide (`text/xml` alone would mean US-ASCII).
    headers = {"content-type": content_type if content_type and "charset=" in content_type.lower() else "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    parsed = feedparser.parse(
        io.BytesIO(strip_doctype(body)),
        response_headers=headers,
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    warning = None
    if parsed.get("bozo"):
        warning = f"{type(parsed.get('bozo_exception')).__name__}: {parsed.get('bozo_exception')}"
    if not entries:
        if _HTML_START.match(body[:2048]):
            raise FeedParseError("not a feed: the server returned an HTML page")
        if warning or not version:
            raise FeedParseError(f"not a feed: no entries and the XML is malformed ({warning or 'unknown format'})")
    elif warning:
        log.warning("feed %s parsed with a warning (%s); keeping %d entries", spec.name, warning, len(entries))

    articles: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    seen_urls: set[str] = set()
    for entry in entries:
        article = normalise_entry(entry, spec=spec, fetched_at=fetched_at)
        if article is None:
            continue
        if article["article_id"] in seen_ids or (article["canonical_url"] and article["canonical_url"] in seen_urls):
            continue
        seen_ids.add(article["article_id"])
        if article["canonical_url"]:
            seen_urls.add(article["canonical_url"])
        articles.append(article)
    return ParsedFeed(articles=articles, items_seen=len(entries), version=version, warning=warning)


def normalise_entry(entry: Any, *, spec: FeedSpec, fetched_at: datetime) -> dict[str, Any] | None:
    """One feedparser entry -> Article record, or None when it has nothing to identify it by."""
    title = html_to_text(entry.get("title", ""))
    summary_html = entry.get("summary") or ""
    if not summary_html and entry.get("content"):
        summary_html = entry["content"][0].get("value", "")
    summary = html_to_text(summary_html)
    url = (entry.get("link") or "").strip() or None
    canonical = canonical_url(url) if url else None
    guid = (entry.get("id") or "").strip() or None
    if not guid and not canonical:
        if not title and not summary:
            return None
        # Neither guid nor link: identify by feed + title + summary, stable across fetches.
        guid = f"{spec.name}:{title}:{summary[:200]}"
    published, date_flag = published_time(entry, fetched_at)
    lang = spec.lang if spec.lang in ("en", "de") else detect_language(f"{title}. {summary}")
    return {
        "article_id": article_id_for(guid, canonical),
        "guid": guid,
        "url": url,
        "canonical_url": canonical,
        "feed": spec.name,
        "lang": lang,
        "title": title,
        "summary": summary,
        "text": f"{title}\n\n{summary}".strip(),
        "published_at": iso_utc(published),
        "date_flag": date_flag,
        "fetched_at": iso_utc(fetched_at),
        "fulltext_status": None,
    }


def published_time(entry: Any, fetched_at: datetime) -> tuple[datetime, str | None]:
    """Entry time in UTC and its flag: missing/future fall back to the fetch time, too_old is kept."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    if not parsed:
        return fetched_at, "missing"
    try:
        published = datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        return fetched_at, "missing"
    if published > fetched_at + FUTURE_TOLERANCE:
        return fetched_at, "future"
    if published < fetched_at - TOO_OLD:
        return published, "too_old"
    return published, None
