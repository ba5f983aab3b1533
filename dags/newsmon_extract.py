"""
### newsmon_extract — articles into facts, deals and the landscape

Runs whenever `newsmon_ingest` updates the **newsmon_articles** Asset. Stages every article not yet
extracted by the current extractor version (all of them with the `reprocess_all` param) as shards of
~500 articles, extracts each shard in its own mapped task (spaCy built once per process, `nlp.pipe`
batches), then loads them in the warehouse pool: one transaction per shard replaces the shard's facts,
mentions and extraction records, adds discovered companies and refreshes daily mention counts; a last
transaction rebuilds the typed deal tables (one row per real-world event) and publishes the read copy.
`quality_gate` then runs every check of `warehouse/queries/quality_checks.sql` (stage `extract`); a
violation fails the run, naming the check. Only a passing gate updates the **newsmon_facts** Asset.

* `refresh_fx_rates` tries the live ECB reference rates; offline it logs and the bundled snapshot is used.
* Bounded work per article: at most 200,000 characters of an article are extracted, an article past its
  time limit (120 s) fails alone, a shard past 25 minutes leaves the rest for the next run; each cut and
  failure is a row of `extraction_limits` (knobs: `warehouse/ops_settings.py`).
* Nothing pending: the mapped extraction is empty and the load rebuilds identical rows.
* A new extractor version re-extracts history on its own; `reprocess_all` forces it for the same version.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Param, dag, get_current_context, task

from newsmon_common import ARTICLES, DEFAULT_ARGS, FACTS, quality_gate, run_key, warehouse_task_args


@dag(
    dag_id="newsmon_extract",
    schedule=[ARTICLES],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"reprocess_all": Param(False, type="boolean",
                                   description="re-extract every article, not only those of other extractor versions")},
    tags=["newsmon", "extract"],
    doc_md=__doc__,
)
def newsmon_extract():
    @task
    def stage_pending() -> list[str]:
        from warehouse.extract_steps import stage_pending

        context = get_current_context()
        return stage_pending(run_key(context), reprocess_all=bool(context["params"]["reprocess_all"]))

    @task(execution_timeout=timedelta(minutes=30))
    def extract_shard(shard: str) -> dict:
        from warehouse.extract_steps import extract_shard

        return extract_shard(shard)

    @task(execution_timeout=timedelta(minutes=2))
    def refresh_fx_rates() -> dict:
        from warehouse.extract_steps import refresh_fx_rates

        return refresh_fx_rates(run_key(get_current_context()))

    @task(trigger_rule="none_failed", **warehouse_task_args())
    def load_facts(shards: list[str]) -> dict:
        from warehouse.extract_steps import load_facts

        return load_facts(run_key(get_current_context()), shards)

    shards = stage_pending()
    extracted = extract_shard.expand(shard=shards)
    rates = refresh_fx_rates()
    loaded = load_facts(shards)
    [extracted, rates] >> loaded
    loaded >> quality_gate("extract", outlets=[FACTS])


newsmon_extract()
