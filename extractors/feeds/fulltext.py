"""Article full text for `fulltext: true` feeds: fetch the page through the address guard, keep the main text.

trafilatura drops navigation, cookie banners and comments that `get_text()` would keep; it is imported inside
the function because it is heavy and most feeds never need it. A failure never loses the article: it keeps
its summary text and gets `fulltext_status` "blocked" or "error: ...".
"""
from __future__ import annotations

from typing import Any, Callable

import httpx

from extractors.feeds.address_guard import check_peer, check_url
from extractors.feeds.http_fetch import ARTICLE_POLICY, Clock, FetchError, FetchPolicy, fetch, make_client

MIN_TEXT_CHARS = 200  # less than this is a teaser or a paywall stub, not an article


def extract_main_text(html: bytes | str, url: str | None = None) -> str | None:
    """Main text of an article page, or None when trafilatura finds none."""
    import trafilatura

    return trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )


def fetch_fulltext(
    url: str | None,
    *,
    client: httpx.Client | None = None,
    clock: Clock | None = None,
    policy: FetchPolicy = ARTICLE_POLICY,
    guard: Callable[[str], None] = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
) -> tuple[str | None, str]:
    """(text, fulltext_status) for one article URL; status is "ok", "blocked" or "error: ...".

    `client` should be one made for article pages only (`make_article_client`): its pooled connections were
    all checked by `peer_guard`, which only sees new connections.
    """
    if not url:
        return None, "error: entry has no link"
    try:
        response = fetch(url, policy=policy, client=client, clock=clock, guard=guard, peer_guard=peer_guard)
    except FetchError as error:
        if error.kind in ("blocked_address", "scheme"):
            return None, "blocked"
        return None, f"error: {error.kind}: {error.message}"[:300]
    if response.status != 200 or not response.body:
        return None, f"error: HTTP {response.status} with no page"
    content_type = (response.content_type or "").lower()
    if content_type and "html" not in content_type and "xml" not in content_type:
        return None, f"error: not an HTML page ({content_type.split(';')[0]})"
    try:
        text = extract_main_text(response.body, response.url)
    except Exception as error:  # trafilatura raises assorted parser errors on odd pages
        return None, f"error: extraction failed: {type(error).__name__}: {error}"[:300]
    if not text or len(text.strip()) < MIN_TEXT_CHARS:
        return None, "error: no main text found"
    return text.strip(), "ok"


def make_article_client() -> httpx.Client:
    """A client for article pages alone, so no connection made without the address checks is reused."""
    return make_client(ARTICLE_POLICY)


def add_fulltext(
    article: dict[str, Any],
    *,
    client: httpx.Client | None = None,
    clock: Clock | None = None,
    guard: Callable[[str], None] = check_url,
    peer_guard: Callable[[str], None] | None = check_peer,
) -> dict[str, Any]:
    """Fill `text` and `fulltext_status` of one Article record in place (and return it)."""
    text, status = fetch_fulltext(article.get("url"), client=client, clock=clock, guard=guard, peer_guard=peer_guard)
    article["fulltext_status"] = status
    if text:
        title = article.get("title") or ""
        # Keep the contract's "title first" shape unless the extracted text already starts with the title.
        article["text"] = text if not title or text.startswith(title) else f"{title}\n\n{text}"
    return article
