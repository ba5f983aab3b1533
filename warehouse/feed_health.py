"""Which feeds need a human: failing N runs in a row, silent for D days, or gone.

Computed after every ingest load from `feed_fetches` (through the `feed_state` view) and written to the
`feed_health` table, which the UI page and the digest read. The check is bound to the run's data interval
(`as_of`), not the wall clock, so re-running a run writes the same rows. Thresholds: `ops_settings`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from warehouse import ops_settings
from warehouse.connection import fetch_dicts, writer
from warehouse.named_queries import query

log = logging.getLogger(__name__)

STATUSES = ("ok", "failing", "stale", "gone")


@dataclass(frozen=True)
class FeedHealth:
    feed: str
    status: str
    consecutive_failures: int
    days_without_new: int
    checked_at: datetime
    note: str | None


def _naive_utc(moment: datetime) -> datetime:
    """The warehouse stores UTC as naive TIMESTAMP."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def compute_feed_health(con, *, as_of: datetime | None = None, run_key: str | None = None,
                        fail_runs: int | None = None, stale_days: int | None = None) -> list[FeedHealth]:
    """Health rows for the feeds of `run_key` (every feed when None), as of `as_of` (default: the newest fetch)."""
    if as_of is None:
        as_of = con.execute("SELECT max(started_at) FROM feed_fetches").fetchone()[0]
        if as_of is None:
            return []
    params = {
        "as_of": _naive_utc(as_of),
        "run_key": run_key,
        "fail_runs": ops_settings.feed_fail_runs() if fail_runs is None else fail_runs,
        "stale_days": ops_settings.feed_stale_days() if stale_days is None else stale_days,
    }
    rows = fetch_dicts(con.execute(query("feed_health"), params))
    return [FeedHealth(**{k: r[k] for k in FeedHealth.__dataclass_fields__}) for r in rows]


def write_feed_health(con, *, as_of: datetime | None = None, run_key: str | None = None) -> list[FeedHealth]:
    """Replace the `feed_health` table with this check's rows (inside the caller's transaction)."""
    if as_of is None:
        as_of = con.execute("SELECT max(started_at) FROM feed_fetches").fetchone()[0]
        if as_of is None:
            con.execute("DELETE FROM feed_health")
            return []
    params = {"as_of": _naive_utc(as_of), "run_key": run_key,
              "fail_runs": ops_settings.feed_fail_runs(), "stale_days": ops_settings.feed_stale_days()}
    con.execute("DELETE FROM feed_health")
    con.execute(
        "INSERT INTO feed_health BY NAME SELECT * FROM (" + query("feed_health") + ")", params)
    return compute_feed_health(con, as_of=as_of, run_key=run_key)


def check_feed_health(run_key: str | None = None, as_of: datetime | None = None,
                      path: Path | None = None) -> dict[str, Any]:
    """The `check_feed_health` task body: write the table, log every flagged feed, return counts for XCom."""
    with writer(path) as con:
        rows = write_feed_health(con, as_of=as_of, run_key=run_key)
    counts = {status: sum(r.status == status for r in rows) for status in STATUSES}
    flagged = [r for r in rows if r.status != "ok"]
    for r in flagged:
        log.warning("feed %s is %s: %s", r.feed, r.status.upper(), r.note)
    log.info("feed health: %d feeds, %s", len(rows), ", ".join(f"{n} {s}" for s, n in counts.items()))
    return {"feeds": len(rows), **counts, "flagged": [r.feed for r in flagged]}
