"""One article page: fetch it through the address guard, keep its main text.

trafilatura drops navigation, cookie banners and comments that `get_text()` would keep; it is imported inside
the function because it is heavy and most feeds never need it. A failure never loses the article: it keeps
its summary text and gets a `fulltext_status` that says why (see `PageResult`). Which pages are fetched, in
what order and how politely (robots.txt, pacing, budgets) is `extractors.feeds.page_fetching`'s business.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import httpx

from extractors.feeds.address_guard import check_peer, check_url
from extractors.feeds.http_fetch import ARTICLE_POLICY, Clock, FetchError, FetchPolicy, fetch, make_client

MIN_TEXT_CHARS = 200  # less than this is a teaser or a paywall stub, not an article
THROTTLE_STATUS = (429, 503)


@dataclass(frozen=True)
class PageResult:
    """What one page fetch gave. `status` is the article's `fulltext_status`:

    "ok" (`text` is the main text), "blocked" (not a public http(s) address), "disallowed" (robots.txt),
    "error: ..." (for good: 404, not HTML, no main text ...) or "pending: ..." (the host answered 429/503:
    `throttled`, and `retry_after_until` when it said how long; the page is asked for again in a later run).
    """

    status: str
    text: str | None = None
    throttled: bool = False
    retry_after_until: datetime | None = None


def extract_main_text(html: bytes | str, url: str | None = None) -> str | None:
    """Main text of an article page, or None when trafilatura finds none."""
    import trafilatura

    return trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )


def fetch_page(
    url: str | None,
    *,
    client: httpx.Client | None = None,
    clock: Clock | None = None,
    policy: FetchPolicy = ARTICLE_POLICY,
    guard: Callable[[str], None] = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
) -> PageResult:
    """Fetch one article page and extract its main text.

    `client` should be one made for article pages only (`make_article_client`): its pooled connections were
    all checked by `peer_guard`, which only sees new connections. `guard` runs before every hop; it may raise
    `FetchError("disallowed", ...)` for a hop robots.txt forbids.
    """
    if not url:
        return PageResult("error: entry has no link")
    try:
        response = fetch(url, policy=policy, client=client, clock=clock, guard=guard, peer_guard=peer_guard)
    except FetchError as error:
        if error.kind in ("blocked_address", "scheme"):
            return PageResult("blocked")
        if error.kind == "disallowed":
            return PageResult("disallowed")
        if error.status in THROTTLE_STATUS:
            return PageResult(f"pending: HTTP {error.status}, the host asked us to slow down", throttled=True,
                              retry_after_until=error.retry_after_until)
        return PageResult(f"error: {error.kind}: {error.message}"[:300])
    if response.status != 200 or not response.body:
        return PageResult(f"error: HTTP {response.status} with no page")
    content_type = (response.content_type or "").lower()
    if content_type and "html" not in content_type and "xml" not in content_type:
        return PageResult(f"error: not an HTML page ({content_type.split(';')[0]})")
    try:
        text = extract_main_text(response.body, response.url)
    except Exception as error:  # trafilatura raises assorted parser errors on odd pages
        return PageResult(f"error: extraction failed: {type(error).__name__}: {error}"[:300])
    if not text or len(text.strip()) < MIN_TEXT_CHARS:
        return PageResult("error: no main text found")
    return PageResult("ok", text.strip())


def make_article_client(policy: FetchPolicy = ARTICLE_POLICY) -> httpx.Client:
    """A client for article pages alone, so no connection made without the address checks is reused."""
    return make_client(policy)


def article_text(title: str | None, page_text: str) -> str:
    """An article's `text` from its page: the contract's "title first" shape, unless the page starts with it."""
    title = title or ""
    return page_text if not title or page_text.startswith(title) else f"{title}\n\n{page_text}"
