"""The ingest DAG's task bodies, Airflow-free so they are tested without a scheduler.

`stage_feed` fetches one feed into staging files (or reuses what an earlier try of the same run staged,
which makes re-running a run idempotent and spares the feed a second request); `load_run` loads every
feed the run staged, including the ones whose task failed, so the failure is recorded in `feed_fetches`.

What `list_feeds` hands over (XCom, the mapped tasks' rendered arguments) carries each URL redacted
(`url_redaction`); when that hid something, `stage_feed` takes the real URL from the feed list by name, so a
`?token=` lives only in the feed list file and the fetching process.
"""
from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extractors import settings
from warehouse import staging

log = logging.getLogger(__name__)

FAILED_OUTCOMES = ("error",)


class FeedFetchFailed(RuntimeError):
    """Raised after the failure was staged, so the task shows red and retries while the run still loads."""


def list_feeds(path: Path | None = None) -> list[dict[str, Any]]:
    from extractors.feeds.feed_list import load_feed_list

    return [feed_for_xcom(spec) for spec in load_feed_list(path)]


def feed_for_xcom(spec) -> dict[str, Any]:
    """The entry as the fetch task receives it: URL redacted, `url_redacted` set when that changed it."""
    from extractors.feeds.url_redaction import has_secret, redact_url

    record = dataclasses.asdict(spec)
    if has_secret(spec.url):
        record.update(url=redact_url(spec.url), url_redacted=True)
    return record


def feed_spec(feed: dict[str, Any], path: Path | None = None):
    """The FeedSpec to fetch: from the feed list by name when the handed-over URL was redacted."""
    from extractors.feeds.feed_list import FeedSpec, load_feed_list

    if not feed.get("url_redacted"):
        return FeedSpec(**{k: v for k, v in feed.items() if k in FeedSpec.__dataclass_fields__})
    for spec in load_feed_list(path):
        if spec.name == feed["name"]:
            return spec
    raise FeedFetchFailed(f"feed {feed['name']} is no longer in the feed list; nothing fetched")


def connection_credentials(conn_id: str):
    """A feed's credentials from the Airflow connection `conn_id` (AIRFLOW_CONN_<ID>, a secrets backend or
    the metadata DB). Airflow is imported here only, so the rest of the package stays Airflow-free."""
    from airflow.sdk import Connection

    from extractors.feeds.feed_credentials import FeedCredentials

    conn = Connection.get(conn_id)
    return FeedCredentials.from_connection(conn.login, conn.password, conn.extra_dejson, conn_id=conn_id)


def retrying_cannot_fix(error: BaseException) -> bool:
    """True for a feed list whose content is invalid: a retry reads the same bytes and fails the same way,
    so the task fails at once (and alerts) instead of three times. A file that cannot be read at all may be
    a passing condition (a mount, a deploy rewriting it), so that one keeps its retries."""
    from extractors.feeds.feed_list import FeedListError

    return isinstance(error, FeedListError) and not isinstance(error.__cause__, OSError)


def ingest_dir(run_key: str, root: Path | None = None) -> Path:
    return staging.run_dir(root or settings.staging_root(), "ingest", run_key)


def _summary(record: dict[str, Any], reused: bool) -> dict[str, Any]:
    keys = ("feed", "outcome", "http_status", "items_seen", "bytes", "duration_ms", "error")
    return {**{k: record.get(k) for k in keys}, "reused_staging": reused}


def stage_feed(feed: dict[str, Any], run_key: str, *, root: Path | None = None, now: datetime | None = None,
               credentials_for=None) -> dict[str, Any]:
    """`credentials_for(conn_id)` resolves a feed's `connection` (default: the Airflow connection)."""
    from extractors.feeds.fetch_feed import FeedState, fetch_feed
    from warehouse.feed_state import load_feed_states

    directory = ingest_dir(run_key, root)
    earlier = staging.read_fetch_record(directory, feed["name"])
    if earlier is not None and earlier.get("outcome") not in FAILED_OUTCOMES:
        log.info("feed %s: reusing what this run staged before (%s, %s items)",
                 feed["name"], earlier.get("outcome"), earlier.get("items_seen"))
        return _summary(earlier, reused=True)

    known = load_feed_states().get(feed["name"])
    state = None
    if known:
        state = FeedState(etag=known.get("etag"), last_modified=known.get("last_modified"),
                          retry_after_until=known.get("retry_after_until"))
    from extractors.feeds.http_fetch import feed_policy

    result = fetch_feed(feed_spec(feed), state, now=now or datetime.now(timezone.utc), policy=feed_policy(),
                        credentials_for=credentials_for or connection_credentials)
    staging.write_feed_result(directory, result.fetch, result.articles)
    summary = _summary(result.fetch, reused=False)
    log.info("feed %s: %s (HTTP %s), %s items, %s bytes in %s ms", feed["name"], summary["outcome"],
             summary["http_status"], summary["items_seen"], summary["bytes"], summary["duration_ms"])
    if summary["outcome"] in FAILED_OUTCOMES:
        raise FeedFetchFailed(f"feed {feed['name']} ({feed['url']}): {summary['error']}")
    return summary


def load_run(run_key: str, *, expected_feeds: list[dict[str, Any]] | None = None,
             root: Path | None = None) -> dict[str, Any]:
    """Load what the run staged. A fetch task killed by its execution timeout (or a crashed worker) staged
    nothing; for each such expected feed an error record is staged first, so `feed_fetches` and feed health
    still show the failure and a re-run of that task fetches again."""
    from warehouse.load_articles import load_ingest_run

    directory = ingest_dir(run_key, root)
    now = datetime.now(timezone.utc).isoformat()
    for feed in expected_feeds or []:
        if staging.read_fetch_record(directory, feed["name"]) is None:
            log.warning("feed %s: its fetch task ended without staging a result (timeout or crash)", feed["name"])
            staging.write_feed_result(directory, {
                "feed": feed["name"], "url": feed["url"], "started_at": now, "finished_at": now,
                "http_status": None, "outcome": "error", "items_seen": 0, "bytes": 0,
                "error": "fetch task ended without a result (execution timeout or crash); see its task log",
            }, [])
    from warehouse.page_steps import pages_dir

    return load_ingest_run(run_key, directory, pages_dir=pages_dir(run_key, root)).as_dict()
