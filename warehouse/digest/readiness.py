"""Whether a digest day's data is in, and what a digest run does until it is.

A day is digested only after an ingest run that covered it (every fetch of it started after the day had
ended in `NEWSMON_TZ`, at least one feed answered) has finished and its articles have been extracted.
Before that a digest would call a day "quiet" that was merely not read yet: after a fresh start the
scheduler's first digest run came before the first ingest and was stored (and sent) as a quiet day.

So the run waits: it looks again every `DIGEST_RECHECK_SECONDS` without holding a worker slot (the DAG
reschedules the task), for up to `NEWSMON_DIGEST_WAIT_MINUTES` after the run started. Then it records the
day as `no_data` in `digests` (with the reason) and fails, so the run is red and alerts; it never renders a
quiet day for it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from warehouse import ops_settings
from warehouse.digest import store
from warehouse.local_time import day_bounds_utc

log = logging.getLogger(__name__)

RENDER, WAIT, NO_DATA = "render", "wait", "no_data"


def data_missing(day: date) -> str | None:
    """None when the day's data is in, else why not (one sentence for the log and the `digests` row)."""
    from warehouse.connection import fetch_dicts, read_copy_path, reader
    from warehouse.named_queries import query

    if not read_copy_path().exists():
        return "the warehouse does not exist yet: no ingest run has loaded anything"
    day_end = day_bounds_utc(day)[1]
    con = reader()
    try:
        rows = fetch_dicts(con.execute(query("digest_data_ready"), {"day_end": day_end}))
    finally:
        con.close()
    if not rows:
        return f"no ingest run that started after {day.isoformat()} ended has read a feed yet"
    if rows[0]["unextracted"]:
        return (f"ingest run {rows[0]['run_key']} covered {day.isoformat()}, but {rows[0]['unextracted']} of its "
                "articles are not extracted yet")
    return None


@dataclass(frozen=True)
class Verdict:
    action: str                      # RENDER, WAIT or NO_DATA
    reason: str | None = None
    look_again_at: datetime | None = None


def wait_for_data(day: date, *, waiting_since: datetime, now: datetime | None = None) -> Verdict:
    """RENDER when the data is in; WAIT (with when to look again) within the waiting time; else NO_DATA,
    recorded in `digests`."""
    now = now or datetime.now(timezone.utc)
    missing = data_missing(day)
    if missing is None:
        return Verdict(RENDER)
    if waiting_since.tzinfo is None:
        waiting_since = waiting_since.replace(tzinfo=timezone.utc)
    deadline = waiting_since + timedelta(minutes=ops_settings.digest_wait_minutes())
    if now < deadline:
        again = min(now + timedelta(seconds=ops_settings.DIGEST_RECHECK_SECONDS), deadline)
        log.info("digest for %s waits for its data (%s); looking again at %s", day, missing, again.isoformat())
        return Verdict(WAIT, missing, again)
    reason = f"no data for {day.isoformat()} after waiting until {deadline.isoformat()}: {missing}"
    store.record_no_data(day, reason, now=now)
    log.error("digest for %s recorded as no_data: %s", day, reason)
    return Verdict(NO_DATA, reason)
