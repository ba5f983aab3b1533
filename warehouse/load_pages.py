"""Page results and host states, as the page tasks staged them, into `articles` and `page_hosts`.

Runs inside the ingest load's transaction (`load_ingest_run`), after the run's new articles were inserted,
so a page fetched for a story first seen in this run lands on its row, and a page owed by an earlier run
lands on the row that has waited for it. Set-based: one UPDATE ... FROM an Arrow table, one upsert.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from extractors.feeds.feed_entries import as_utc
from warehouse.named_queries import query

log = logging.getLogger(__name__)

_TS = pa.timestamp("us")
RESULT_SCHEMA = pa.schema([("article_id", pa.string()), ("fulltext_status", pa.string()), ("text", pa.string())])
HOST_SCHEMA = pa.schema([
    ("origin", pa.string()), ("robots_status", pa.string()), ("robots_http_status", pa.int32()),
    ("robots_txt", pa.string()), ("robots_fetched_at", _TS), ("robots_error", pa.string()),
    ("retry_after_until", _TS), ("throttled_runs", pa.int32()), ("requests", pa.int32()), ("pages_ok", pa.int32()),
    ("last_visit_at", _TS), ("last_error", pa.string()),
])


def staged_page_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """(results files, hosts files) the run's page tasks completed; a batch without its hosts file is not."""
    if not directory.exists():
        return [], []
    files = sorted(p for p in directory.iterdir() if not p.name.startswith("."))
    hosts = [p for p in files if p.name.endswith(".hosts.json")]
    complete = {p.name.removesuffix(".hosts.json") for p in hosts}
    results = [p for p in files if p.name.endswith(".results.jsonl")
               and (p.name.startswith("over-budget") or p.name.removesuffix(".results.jsonl") in complete)]
    return results, hosts


def _naive_utc(value: Any) -> datetime | None:
    moment = as_utc(value)
    return moment.replace(tzinfo=None) if moment else None


def apply_page_results(con, run_key: str, directory: Path, now: datetime) -> dict[str, int]:
    """Store what the run's page tasks staged; returns counts by status class (ok, pending, ...)."""
    result_files, host_files = staged_page_files(directory)
    results: list[dict[str, Any]] = []
    for path in result_files:
        with open(path, encoding="utf-8") as handle:
            results.extend(json.loads(line) for line in handle if line.strip())
    hosts = [host for path in host_files for host in json.loads(path.read_text(encoding="utf-8"))]
    if results:
        table = pa.Table.from_pylist([{name: r.get(name) for name in RESULT_SCHEMA.names} for r in results],
                                     schema=RESULT_SCHEMA)
        con.register("page_results", table)
        try:
            con.execute(query("apply_page_results"), {"now": _naive_utc(now)})
        finally:
            con.unregister("page_results")
    if hosts:
        rows = [{name: host.get(name) for name in HOST_SCHEMA.names} for host in hosts]
        for row in rows:
            for key in ("robots_fetched_at", "retry_after_until", "last_visit_at"):
                row[key] = _naive_utc(row[key])
        con.register("visited_hosts", pa.Table.from_pylist(rows, schema=HOST_SCHEMA))
        try:
            con.execute(query("upsert_page_hosts"), {"run_key": run_key})
        finally:
            con.unregister("visited_hosts")
    counts = Counter(r["fulltext_status"].split(":")[0] for r in results)
    if results or hosts:
        log.info("pages of run %s: %s from %d hosts", run_key, dict(counts), len(hosts))
    return dict(counts)
