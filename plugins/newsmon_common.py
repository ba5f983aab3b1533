"""Names every newsmon DAG shares: assets, the warehouse pool and queue, default task arguments.

Kept in the plugins folder, which Airflow puts on sys.path in every process (the DAGs folder it does
not), because Assets are Airflow objects and the `extractors`/`warehouse` packages stay Airflow-free.
"""
from __future__ import annotations

import os
from datetime import timedelta

from airflow.sdk import Asset

ARTICLES = Asset(name="newsmon_articles", uri="newsmon://warehouse/articles")
FACTS = Asset(name="newsmon_facts", uri="newsmon://warehouse/facts")

#: Every task that writes DuckDB runs in this one-slot pool (DuckDB allows one writer per file) ...
WAREHOUSE_POOL = "newsmon_warehouse"
#: ... and, under CeleryExecutor, on this queue, served by the one worker that owns the warehouse volume.
WAREHOUSE_QUEUE = os.environ.get("NEWSMON_WAREHOUSE_QUEUE", "warehouse")

DEFAULT_ARGS = {
    "owner": "newsmon",
    "retries": 2,
    "retry_delay": timedelta(seconds=int(os.environ.get("NEWSMON_RETRY_DELAY_SECONDS", "30"))),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}


def warehouse_task_args() -> dict:
    """Task arguments for a warehouse writer: the one-slot pool and the warehouse queue."""
    return {"pool": WAREHOUSE_POOL, "queue": WAREHOUSE_QUEUE}


def run_key(context) -> str:
    """What makes a run's work idempotent: its logical date (a scheduled interval, or a manual run at a
    given date), else its run id (asset-triggered and date-less manual runs). Staging and
    `feed_fetches` are keyed on it, so re-running the same interval reuses and replaces, never adds."""
    logical_date = context.get("logical_date")
    return logical_date.isoformat() if logical_date else context["run_id"]
