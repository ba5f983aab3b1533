"""`dag.test()` of newsmon_ingest then newsmon_extract over the fixture feeds: real HTTP server on 127.0.0.1
(feeds and a fixture ECB rates file), real spaCy extraction, real DuckDB file, real Airflow."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.dags.test_ingest_dag import FIXTURES, LOGICAL_DATE, write_feed_list
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
ECB_FIXTURES = REPO / "tests" / "warehouse" / "fixtures"
TYPED = ("funding_rounds", "valuations", "investments", "acquisitions", "stock_moves", "model_releases", "deal_sources")
SNAPSHOT_TABLES = ("facts", "mentions", "companies", "company_daily_mentions", "fx_rates") + TYPED


def rows(sql: str):
    from extractors import settings

    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot() -> dict[str, list]:
    return {t: rows(f"SELECT * FROM {t} ORDER BY ALL") for t in SNAPSHOT_TABLES}


def write_extract_feed_list(path: Path, srv: LocalHttpServer) -> Path:
    """The ingest test's feeds (EN + DE Mistral duplicate, a broken feed) plus gamma-ai-wire (discovered, talks)."""
    write_feed_list(path, srv)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"  - name: gamma-ai-wire\n    url: {srv.url('/gamma-ai-wire.xml')}\n    lang: en\n")
    return path


@pytest.fixture
def dags():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO / "dags"))
    return bag.dags["newsmon_ingest"], bag.dags["newsmon_extract"]


def test_ingest_then_extract_fills_every_table_and_is_idempotent(airflow_db, newsmon_home, tmp_path, monkeypatch, dags):
    ingest, extract = dags
    with LocalHttpServer(root=FIXTURES) as feeds, LocalHttpServer(root=ECB_FIXTURES) as ecb:
        monkeypatch.setenv("NEWSMON_FEEDS", str(write_extract_feed_list(tmp_path / "feeds.yaml", feeds)))
        monkeypatch.setattr("warehouse.fx_rates.ECB_DAILY_URL", ecb.url("/eurofxref-daily.xml"))
        ingest.test(logical_date=LOGICAL_DATE)
        run = extract.test(logical_date=LOGICAL_DATE)
        states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
        assert states[("load_facts", -1)] == "success", states
        assert states[("refresh_fx_rates", -1)] == "success"
        assert len(ecb.requests_to("/eurofxref-daily.xml")) == 1

    # every article extracted once, by the current version
    from extractors.nlp.version import EXTRACTOR_VERSION

    assert rows("SELECT count(*), count(DISTINCT extractor_version), any_value(extractor_version) FROM article_extractions") \
        == [(8, 1, EXTRACTOR_VERSION)]
    # the knowledge base seeded companies, parents resolved to ids
    assert rows("SELECT parent_company_id FROM companies WHERE company_id = 'google'") == [("alphabet",)]
    assert rows("SELECT count(*) FROM companies WHERE source = 'knowledge_base'")[0][0] > 100
    # live (fixture) ECB rates stored beside the snapshot
    assert rows("SELECT round(usd_per_unit, 4) FROM fx_rates WHERE currency = 'EUR' AND rate_date = '2026-11-24'") \
        == [(1.16,)]

    # the EN and the DE report of the same Mistral round: one event, two sources, both articles linked
    rounds = rows("SELECT investee, amount, currency, round(amount_usd), rate_date, sources, status, announced_on "
                  "FROM funding_rounds WHERE investee_id = 'mistral-ai'")
    assert rounds == [("Mistral AI", 1.7e9, "EUR", round(1.7e9 * 1.16), date(2026, 11, 24), 2, "completed",
                       date(2026, 11, 25))]
    linked = rows("SELECT count(DISTINCT s.article_id), count(DISTINCT a.feed) FROM deal_sources s "
                  "JOIN funding_rounds f USING (deal_id) JOIN articles a USING (article_id) WHERE f.investee_id = 'mistral-ai'")
    assert linked == [(2, 2)]
    assert rows("SELECT round FROM funding_rounds WHERE investee_id = 'mistral-ai'") == [("series_c",)]
    assert rows("SELECT acquirer, target, status FROM acquisitions") == [("SAP", "Langdock", "completed")]
    assert rows("SELECT company, direction, percent FROM stock_moves") == [("Nvidia", "up", 6.0)]
    assert rows("SELECT company, model FROM model_releases") == [("Anthropic", "Claude Opus 5")]
    # Quantloop is not in the knowledge base: discovered, first seen on its article's date; its seed round is a deal
    assert rows("SELECT kind, source, first_seen FROM companies WHERE name = 'Quantloop'") \
        == [("discovered", "discovered", date(2026, 11, 26))]
    assert rows("SELECT amount_usd, round, investors, lead_investor FROM funding_rounds WHERE investee = 'Quantloop'") \
        == [(12e6, "seed", ["Index Ventures"], "Index Ventures")]
    assert rows("SELECT count(*) FROM landscape_changes WHERE change_type = 'new_entrant' AND company = 'Quantloop'") == [(1,)]
    # a round in talks stays a talks row (not counted as raised money)
    assert rows("SELECT status, amount_usd, valuation_usd FROM funding_rounds WHERE investee = 'OpenAI'") \
        == [("talks", 40e9, 300e9)]
    assert rows("SELECT total_raised_usd FROM company_landscape WHERE company = 'OpenAI'") == [(0,)]
    # mentions and their daily counts agree
    assert rows("SELECT sum(mentions) FROM company_daily_mentions") == rows("SELECT count(*) FROM mentions")
    assert rows("SELECT count(DISTINCT article_id) FROM mentions WHERE company_id = 'nvidia'") == [(3,)]
    landscape = rows("SELECT total_raised_usd > 0, mentions_7d, as_of FROM company_landscape WHERE company = 'Mistral AI'")
    assert landscape == [(True, 4, date(2026, 11, 26))]    # title + summary of each of the two reports
    assert rows("SELECT count(*) FROM landscape_changes WHERE change_type = 'funding_round'") == [(2,)]
    assert rows("SELECT count(*) FROM landscape_changes WHERE change_type = 'funding_talks'") == [(1,)]

    # nothing pending: running extract again changes nothing
    before = snapshot()
    extractions_before = rows("SELECT * FROM article_extractions ORDER BY article_id")
    run = extract.test(logical_date=datetime(2026, 11, 26, 11, 0, tzinfo=timezone.utc))
    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    assert states[("load_facts", -1)] == "success"
    assert snapshot() == before
    assert rows("SELECT * FROM article_extractions ORDER BY article_id") == extractions_before

    # a new extractor version with reprocess_all re-extracts everything, replacing (not adding) facts
    monkeypatch.setattr("extractors.nlp.version.EXTRACTOR_VERSION", "test-bumped")
    extract.test(logical_date=datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc), run_conf={"reprocess_all": True})
    assert rows("SELECT DISTINCT extractor_version FROM facts") == [("test-bumped",)]
    assert rows("SELECT count(*) FROM article_extractions WHERE extractor_version = 'test-bumped'") == [(8,)]
    after = snapshot()
    assert len(after["facts"]) == len(before["facts"])
    assert len(after["mentions"]) == len(before["mentions"])
    for table in TYPED + ("company_daily_mentions",):
        assert after[table] == before[table], table
