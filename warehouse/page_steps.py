"""The ingest DAG's page task bodies, Airflow-free so they are tested without a scheduler.

* `plan_pages` runs once per ingest run, after every feed was fetched: it reads what the feeds staged and,
  from the published read copy, which of those stories are stored already, which pages earlier runs still
  owe, and what is known about each host (robots.txt, a 429/503 embargo). `extractors.feeds.page_plan` turns
  that into batches, one file each, under `<staging>/pages/<run>/`; XCom carries only their paths.
* `fetch_pages` runs once per batch, on any worker: every host of the batch in its own thread, politely
  (`extractors.feeds.page_fetching`). It stages a result per page and each host's new state.
* The ingest load (`warehouse.load_pages.apply_page_results`, in `load_articles`' transaction) stores them.

A re-run of the same run reuses the plan and every batch already fetched, so it asks no host again.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

from extractors import settings
from extractors.feeds.feed_entries import as_utc
from warehouse import staging

log = logging.getLogger(__name__)

PLAN_FILE = "plan.json"
OVER_BUDGET_FILE = "over-budget.results.jsonl"
RESULTS_SUFFIX = ".results.jsonl"
HOSTS_SUFFIX = ".hosts.json"


def pages_dir(run_key: str, root: Path | None = None) -> Path:
    return staging.run_dir(root or settings.staging_root(), "pages", run_key)


def _write_json_lines(path: Path, records: list[dict[str, Any]]) -> None:
    staging.write_atomically(path, "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records))


def _read_json_lines(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def staged_page_candidates(run_key: str, fulltext_feeds: set[str], root: Path | None = None) -> list[dict[str, Any]]:
    """The articles this run's `fulltext: true` feeds staged (only feeds whose fetch delivered a body)."""
    from warehouse.ingest_steps import ingest_dir

    found = []
    for record, path in staging.staged_feeds(ingest_dir(run_key, root)):
        if record.get("feed") in fulltext_feeds and record.get("outcome") == "new" and path.exists():
            found.extend(_read_json_lines(path))
    return found


def _warehouse_view(staged: list[dict[str, Any]], feeds: list[str], since: datetime,
                    warehouse_path: Path | None) -> tuple[set[str], list[dict[str, Any]], dict[str, dict]]:
    """(ids of staged stories already stored, pages owed by earlier runs, page_hosts rows by origin).

    Before the first load there is no warehouse at all: nothing is stored, owed or known about any host. A
    warehouse whose published copy is missing is an error (`reader` says so), never taken for an empty one."""
    from warehouse.connection import fetch_dicts, read_copy_path, reader
    from warehouse.named_queries import query

    path = warehouse_path or settings.warehouse_path()
    if not path.exists() and not read_copy_path(path).exists():
        return set(), [], {}
    con = reader(path)
    try:
        stories = pa.Table.from_pylist([{"article_id": a["article_id"], "canonical_url": a.get("canonical_url")}
                                        for a in staged], schema=pa.schema([("article_id", pa.string()),
                                                                            ("canonical_url", pa.string())]))
        con.register("staged_stories", stories)
        stored = {row[0] for row in con.execute(query("stored_stories")).fetchall()}
        owed = fetch_dicts(con.execute(query("owed_pages"), {"feeds": feeds, "since": since.replace(tzinfo=None)}))
        hosts = {row["origin"]: row for row in fetch_dicts(con.execute("SELECT * FROM page_hosts"))}
    finally:
        con.close()
    return stored, owed, hosts


def _host_entry(origin: str | None, jobs: list, hosts: dict[str, dict]) -> dict[str, Any]:
    return {"origin": origin, "jobs": [job.__dict__ for job in jobs], "state": hosts.get(origin) if origin else None}


def plan_pages(run_key: str, feeds: list[dict[str, Any]] | None, *, root: Path | None = None, now: datetime | None = None,
               warehouse_path: Path | None = None) -> list[str]:
    """Plan this run's page fetches; returns the batch files (one empty batch when no page is due).

    The plan is written once per run and reused by a re-run, so a re-run asks no host again; a feed whose
    fetch only succeeded in the re-run has its pages fetched by the next run (they stay `pending`). Without
    a feed list (`list_feeds` failed: `feeds` is None) nothing is planned and no plan is written."""
    from extractors.feeds.page_fetching import PageJob
    from extractors.feeds.page_plan import plan_pages as make_plan
    from extractors.feeds.politeness import Politeness

    if not feeds:
        return []
    directory = pages_dir(run_key, root)
    plan_file = directory / PLAN_FILE
    if plan_file.exists():
        batches = json.loads(plan_file.read_text(encoding="utf-8"))["batches"]
        log.info("pages: reusing this run's plan (%d batches)", len(batches))
        return batches
    politeness = Politeness.from_environment()
    now = as_utc(now) or datetime.now(timezone.utc)
    fulltext_feeds = sorted(f["name"] for f in feeds if f.get("fulltext"))
    staged = staged_page_candidates(run_key, set(fulltext_feeds), root) if fulltext_feeds else []
    stored, owed, hosts = (set(), [], {})
    if fulltext_feeds:
        stored, owed, hosts = _warehouse_view(staged, fulltext_feeds, now - timedelta(days=politeness.pending_days),
                                              warehouse_path)
    fresh = [a for a in staged if a["article_id"] not in stored]
    candidates = [PageJob(r["article_id"], r["feed"], r.get("url"), r.get("title")) for r in owed + fresh]
    plan = make_plan(candidates, pages_per_feed=politeness.pages_per_feed)
    paths = []
    # At least one batch, even an empty one: Airflow skips a task mapped over nothing, and a skipped upstream
    # would skip the load (its trigger rule all_done_min_one_success counts a skip as not done).
    for number, batch in enumerate(plan.batches or [[]]):
        path = directory / f"batch-{number:02d}.json"
        staging.write_atomically(path, json.dumps({"run_key": run_key, "hosts": [
            _host_entry(origin, jobs, hosts) for origin, jobs in batch]}, ensure_ascii=False, default=str))
        paths.append(str(path))
    budget_status = f"pending: over the feed's budget of {politeness.pages_per_feed} pages per run"
    _write_json_lines(directory / OVER_BUDGET_FILE, [
        {"article_id": job.article_id, "feed": job.feed, "url": job.url, "fulltext_status": budget_status,
         "text": None} for job in plan.over_budget])
    staging.write_atomically(plan_file, json.dumps({"batches": paths}))
    log.info("pages: %d due (%d owed by earlier runs, %d new), %d planned on %d hosts in %d batches, "
             "%d over the per-feed budget", len(candidates), len(owed), len(fresh), plan.pages,
             sum(len(b) for b in plan.batches), len(paths), len(plan.over_budget))
    return paths


def _host_state(entry: dict[str, Any]):
    from extractors.feeds.page_fetching import HostState
    from extractors.feeds.robots import RobotsRecord

    row = dict(entry.get("state") or {})
    if not row:
        return None
    row["robots_fetched_at"] = as_utc(row.get("robots_fetched_at"))
    return HostState(entry["origin"], RobotsRecord.from_row(row), as_utc(row.get("retry_after_until")),
                     int(row.get("throttled_runs") or 0))


def fetch_pages(batch: str, *, clock=None) -> dict[str, Any]:
    """Fetch one batch's pages (or reuse what an earlier try staged); returns counts for XCom."""
    from extractors.feeds.page_fetching import PageJob, fetch_hosts
    from extractors.feeds.politeness import Politeness

    path = Path(batch)
    results_file = path.with_name(path.name.removesuffix(".json") + RESULTS_SUFFIX)
    hosts_file = path.with_name(path.name.removesuffix(".json") + HOSTS_SUFFIX)
    if hosts_file.exists():
        statuses = Counter(r["fulltext_status"].split(":")[0] for r in _read_json_lines(results_file))
        log.info("pages %s: reusing what this run staged before %s", path.name, dict(statuses))
        return {"batch": path.name, "reused_staging": True, **statuses}
    spec = json.loads(path.read_text(encoding="utf-8"))
    entries = [(h["origin"], [PageJob(**j) for j in h["jobs"]], _host_state(h)) for h in spec["hosts"]]
    outcomes = fetch_hosts(entries, politeness=Politeness.from_environment(), clock=clock)
    results = [r for outcome in outcomes for r in outcome.results]
    _write_json_lines(results_file, results)
    # The hosts file is written last: its presence means the batch is completely staged.
    staging.write_atomically(hosts_file, json.dumps([o.host for o in outcomes if o.host], default=str))
    statuses = Counter(r["fulltext_status"].split(":")[0] for r in results)
    log.info("pages %s: %d hosts, %s", path.name, len(entries), dict(statuses))
    return {"batch": path.name, "hosts": len(entries), "reused_staging": False, **statuses}
