"""
### newsmon_ingest — news feeds into the warehouse

Every 30 minutes: read the feed list (`NEWSMON_FEEDS`), fetch each feed in its own mapped task
(conditional GET, timeouts, size caps, retries), stage the normalised articles as files under
`NEWSMON_HOME`, then load them into DuckDB in one transaction. When the quality gate passes it updates
the **newsmon_articles** Asset, which schedules `newsmon_extract`.

* Article pages of `fulltext: true` feeds: `plan_pages` gathers the run's pages (and those earlier runs
  still owe), at most `NEWSMON_PAGES_PER_FEED` per feed, grouped by host into batches; each `fetch_pages`
  task fetches one batch, one thread and one request at a time per host, honouring robots.txt and
  Crawl-delay, pausing `NEWSMON_PAGE_GAP_SECONDS` between requests and leaving a host alone after a
  429/503. The load stores the pages with the articles; a page that could not be fetched yet keeps the
  summary and is asked for in a later run.

* A broken feed fails only its own mapped task (it retries with backoff); the load still runs and
  records the failure in `feed_fetches` (also for a fetch task killed by its timeout before it could
  stage anything). A feed list that does not validate (or is missing) fails `list_feeds` and the whole
  run: nothing is loaded, the quality gate does not run and the Asset does not move; the alert email
  lists every bad entry. A run in which no feed answered fails the quality gate.
* Re-running a run reuses what it staged and loads it again: same rows, nothing duplicated.
* Writes run in pool `newsmon_warehouse` (one slot): DuckDB has one writer.
* After the load, `check_feed_health` flags feeds failing N runs in a row or silent for D days (table
  `feed_health`, shown on the *newsmon* page), and `quality_gate` runs the `ingest` checks of
  `warehouse/queries/quality_checks.sql`: a violation fails the run, naming the check.
* A task that fails after its last retry emails `NEWSMON_ALERT_TO` (connection `smtp_default`).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, get_current_context, task

from newsmon_common import (ARTICLES, DEFAULT_ARGS, check_feed_health, quality_gate, run_key,
                            warehouse_task_args)


@dag(
    dag_id="newsmon_ingest",
    schedule="*/30 * * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newsmon", "ingest"],
    doc_md=__doc__,
)
def newsmon_ingest():
    @task
    def list_feeds() -> list[dict]:
        from airflow.sdk.exceptions import AirflowFailException

        from warehouse.ingest_steps import list_feeds, retrying_cannot_fix

        try:
            return list_feeds()
        except Exception as error:
            if retrying_cannot_fix(error):
                raise AirflowFailException(str(error)) from error
            raise

    @task(execution_timeout=timedelta(minutes=5), max_active_tis_per_dagrun=8)
    def fetch_feed(feed: dict) -> dict:
        from warehouse.ingest_steps import stage_feed

        return stage_feed(feed, run_key(get_current_context()))

    # all_done: a failed feed must not stop planning pages or the load; min_one_success: without the feed
    # list (its task failed) there is nothing to plan or load, so everything after it ends upstream_failed
    # (one alert, from list_feeds).
    @task(trigger_rule="all_done_min_one_success")
    def plan_pages(feeds: list[dict]) -> list[str]:
        from warehouse.page_steps import plan_pages

        return plan_pages(run_key(get_current_context()), feeds)

    @task(execution_timeout=timedelta(minutes=25))
    def fetch_pages(batch: str) -> dict:
        from warehouse.page_steps import fetch_pages

        return fetch_pages(batch)

    @task(trigger_rule="all_done_min_one_success", **warehouse_task_args())
    def load_articles(feeds: list[dict]) -> dict:
        from warehouse.ingest_steps import load_run

        return load_run(run_key(get_current_context()), expected_feeds=feeds)

    feeds = list_feeds()
    fetched = fetch_feed.expand(feed=feeds)
    batches = plan_pages(feeds)
    fetched >> batches
    paged = fetch_pages.expand(batch=batches)
    loaded = load_articles(feeds)
    [fetched, paged] >> loaded
    loaded >> [check_feed_health(), quality_gate("ingest", outlets=[ARTICLES])]


newsmon_ingest()
