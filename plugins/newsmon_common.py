"""Names every newsmon DAG shares: assets, the warehouse pool and queue, default task arguments (with the
failure alert and the check of the run's params), and the operations tasks every DAG can add in one line
(`quality_gate`, `check_feed_health`).

Kept in the plugins folder, which Airflow puts on sys.path in every process (the DAGs folder it does
not), because Assets are Airflow objects and the `extractors`/`warehouse` packages stay Airflow-free.
"""
from __future__ import annotations

import difflib
from datetime import timedelta

from airflow.sdk import Asset, get_current_context, task

from extractors import settings

from newsmon_alerts import alert_on_failure

ARTICLES = Asset(name="newsmon_articles", uri="newsmon://warehouse/articles")
FACTS = Asset(name="newsmon_facts", uri="newsmon://warehouse/facts")

#: Every task that writes DuckDB runs in this one-slot pool (DuckDB allows one writer per file) ...
WAREHOUSE_POOL = "newsmon_warehouse"
#: ... and, under CeleryExecutor, on this queue, served by the one worker that owns the warehouse volume.
WAREHOUSE_QUEUE = settings.warehouse_queue()

def reject_unknown_params(context) -> None:
    """`pre_execute` of every newsmon task: a run triggered with a param the DAG does not declare fails at
    its first task, without retries, naming the known params. Airflow itself merges unknown keys of the
    run's conf silently, so `{"reprocess_al": true}` used to run a normal extract and end green."""
    from airflow.sdk.exceptions import AirflowFailException

    dag_run = context.get("dag_run")
    conf = dict(getattr(dag_run, "conf", None) or {})
    known = sorted(context["dag"].params.keys())
    unknown = sorted(set(conf) - set(known))
    if not unknown:
        return
    hints = [f"{name!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(name, known, n=1))
             else repr(name) for name in unknown]
    accepted = f"known params: {', '.join(known)}" if known else "it takes no params"
    raise AirflowFailException(f"{context['dag'].dag_id} was triggered with unknown param(s) {', '.join(hints)}; "
                               f"{accepted}. Trigger it again without them.")


DEFAULT_ARGS = {
    "owner": "newsmon",
    "retries": 2,
    "retry_delay": timedelta(seconds=settings.retry_delay_seconds()),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    # runs once per task instance that finally failed (not per retry): emails NEWSMON_ALERT_TO
    "on_failure_callback": alert_on_failure,
    # the first task of a run triggered with params the DAG does not know fails, naming the known ones
    "pre_execute": reject_unknown_params,
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


def quality_gate(stage: str, outlets: list[Asset] | None = None):
    """The `quality_gate` task for `stage` ('ingest' | 'extract'): runs the checks of
    `warehouse/queries/quality_checks.sql` in the warehouse pool and fails, naming every failed check,
    when one finds violating rows. Call it inside a DAG and put it after the load:
    `load_facts(...) >> quality_gate("extract", outlets=[FACTS])`. The stage's Asset is updated here, not by
    the load, so data that fails the gate does not trigger the next DAG."""

    @task(task_id="quality_gate", outlets=outlets or [], **warehouse_task_args())
    def run_quality_gate() -> dict:
        from warehouse.quality_gate import RunIdentity, enforce

        context = get_current_context()
        run_at = context.get("logical_date") or getattr(context.get("dag_run"), "run_after", None)
        return enforce(stage, run_key(context), run=RunIdentity(context["run_id"], run_at))

    return run_quality_gate()


def check_feed_health():
    """The `check_feed_health` task: flags feeds failing N runs in a row or silent for D days
    (NEWSMON_FEED_FAIL_RUNS, NEWSMON_FEED_STALE_DAYS), writes `feed_health`, logs the flagged feeds."""

    @task(task_id="check_feed_health", **warehouse_task_args())
    def run_check_feed_health() -> dict:
        from warehouse.feed_health import check_feed_health as check

        context = get_current_context()
        as_of = context.get("data_interval_end") or context.get("logical_date")
        return check(run_key(context), as_of=as_of)

    return run_check_feed_health()
