"""`fetch_feed`: the one function the ingest DAG's mapped task calls for each feed.

It turns one feed into a Feed fetch record plus Article records (docs/architecture.md) and never raises for
problems of the feed itself: they become `outcome="error"` (or "gone" for HTTP 410, "deferred" while the host
asked us to wait) with a readable `error`. The DAG task decides whether that turns the task red.

Article pages of a `fulltext: true` feed are not fetched here: its articles leave with
`fulltext_status = PAGE_PENDING`, and the ingest DAG's page tasks (`extractors.feeds.page_fetching`), which
see every feed's pages at once, fetch them one host at a time.

Secrets stay in this function: the record's `url` and `error`, and every log line, carry the feed URL with
secret-bearing query values redacted (`url_redaction`), and the credentials of a feed that names a
connection (`credentials_for(spec.connection)`) are scrubbed from any error text.
"""
from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

import httpx

from extractors.feeds.feed_credentials import FeedCredentials
from extractors.feeds.feed_entries import FeedParseError, as_utc, iso_utc, parse_feed
from extractors.feeds.feed_list import FeedSpec
from extractors.feeds.http_fetch import Clock, FetchError, FetchPolicy, fetch
from extractors.feeds.url_redaction import redact_text, redact_url

log = logging.getLogger(__name__)

PAGE_PENDING = "pending: page not fetched yet"  # a fulltext feed's article until its page task has run


@dataclass(frozen=True)
class FeedState:
    """What the warehouse remembers about a feed between runs."""

    etag: str | None = None
    last_modified: str | None = None
    retry_after_until: datetime | str | None = None


@dataclass(frozen=True)
class FeedFetchResult:
    fetch: dict[str, Any]
    articles: list[dict[str, Any]]


def fetch_feed(
    spec: FeedSpec,
    state: FeedState | None,
    *,
    now: datetime,
    client: httpx.Client | None = None,
    policy: FetchPolicy = FetchPolicy(),
    clock: Clock | None = None,
    credentials_for: Callable[[str], FeedCredentials] | None = None,
) -> FeedFetchResult:
    """Fetch, parse and normalise one feed; `now` is the fetch time recorded on every article.

    `credentials_for(conn_id)` resolves the connection a feed entry names (see `feed_credentials`)."""
    now = as_utc(now) or datetime.now(timezone.utc)
    state = state or FeedState()
    started = time.monotonic()
    secrets: list[str] = []
    record: dict[str, Any] = {
        "feed": spec.name,
        "url": redact_url(spec.url),
        "started_at": iso_utc(now),
        "finished_at": None,
        "http_status": None,
        "outcome": None,
        "error": None,
        "items_seen": 0,
        "bytes": 0,
        "duration_ms": 0,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "retry_after_until": None,
    }

    def finish(outcome: str, articles: list[dict[str, Any]] | None = None, error: str | None = None) -> FeedFetchResult:
        elapsed = time.monotonic() - started
        error = redact_text(error, secrets)
        record["outcome"] = outcome
        record["error"] = error
        record["duration_ms"] = int(elapsed * 1000)
        record["finished_at"] = iso_utc(datetime.fromtimestamp(now.timestamp() + elapsed, tz=timezone.utc))
        if error:
            log.warning("feed %s: %s: %s", spec.name, outcome, error)
        return FeedFetchResult(fetch=record, articles=articles or [])

    wait_until = as_utc(state.retry_after_until)
    if wait_until is not None and wait_until > now:
        record["retry_after_until"] = iso_utc(wait_until)
        return finish("deferred", error=f"host asked us to wait until {iso_utc(wait_until)} (Retry-After)")

    own_client = client is None
    if own_client:
        from extractors.feeds.http_fetch import make_client

        client = make_client(policy)
    try:
        try:
            credentials = _credentials(spec, credentials_for)
            secrets.extend(credentials.secrets())
            response = fetch(
                credentials.request_url(spec.url), etag=state.etag, last_modified=state.last_modified, policy=policy,
                client=client, clock=clock, headers=credentials.request_headers(),
            )
        except FetchError as error:
            record["http_status"] = error.status
            if error.retry_after_until is not None:
                record["retry_after_until"] = iso_utc(error.retry_after_until)
            if error.kind == "rate_limited":
                return finish("deferred", error=str(error))
            if error.kind == "http_status" and error.status == 410:
                return finish("gone", error=f"HTTP 410 Gone: the feed was removed ({record['url']})")
            return finish("error", error=f"{error.kind}: {error}")

        record["http_status"] = response.status
        if response.status == 304:
            record["etag"] = response.etag or state.etag
            record["last_modified"] = response.last_modified or state.last_modified
            return finish("not_modified")

        record["bytes"] = len(response.body)
        try:
            parsed = parse_feed(
                response.body, spec=spec, fetched_at=now, content_type=response.content_type, base_url=response.url
            )
        except FeedParseError as error:
            return finish("error", error=f"parse: {error}")
        # Validators only once the body proved usable: a broken body must be fetched again next time.
        record["etag"] = response.etag
        record["last_modified"] = response.last_modified
        record["items_seen"] = parsed.items_seen
        articles = parsed.articles
        if spec.fulltext:
            for article in articles:
                article["fulltext_status"] = PAGE_PENDING
        return finish("new", articles)
    except Exception as error:  # a bug must not take the whole run down silently: record it
        log.error("feed %s: unexpected failure\n%s", spec.name, redact_text(traceback.format_exc(), secrets))
        return finish("error", error=f"internal: {type(error).__name__}: {error}")
    finally:
        if own_client:
            client.close()


def _credentials(spec: FeedSpec, credentials_for: Callable[[str], FeedCredentials] | None) -> FeedCredentials:
    """The credentials of the connection the entry names (none: empty credentials)."""
    if not spec.connection:
        return FeedCredentials()
    if credentials_for is None:
        raise FetchError("credentials", f"feed {spec.name} names connection `{spec.connection}` but no "
                         "credentials lookup was given")
    try:
        return credentials_for(spec.connection)
    except Exception as error:  # a missing connection is the feed's problem, recorded like a failed fetch
        raise FetchError("credentials", f"connection `{spec.connection}`: {type(error).__name__}: {error}") from error

