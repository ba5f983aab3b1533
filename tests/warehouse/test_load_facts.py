"""Loading extraction results: idempotent, re-extraction replaces, discovered companies, daily mention counts,
and the knowledge base seeded with parents. Runs the real load path (load_facts -> writer -> read copy)."""
from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.warehouse.landscape_fixture import (article, build_landscape, landscape_articles, results_record,
                                               round_fact, write_shard)
from warehouse.connection import read_copy_path
from warehouse.extract_steps import load_facts

TABLES = ("companies", "facts", "mentions", "company_daily_mentions", "funding_rounds", "valuations", "investments",
          "acquisitions", "stock_moves", "model_releases", "deal_sources", "fx_rates")


def rows(path, sql):
    con = duckdb.connect(str(read_copy_path(path)), read_only=True)   # what readers see: the published copy
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def state(path) -> dict[str, list]:
    return {t: rows(path, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}


@pytest.fixture
def loaded(tmp_path):
    wh = tmp_path / "w.duckdb"
    summary = build_landscape(tmp_path / "staging", wh)
    return tmp_path, wh, summary


def test_load_fills_tables_and_seeds_the_knowledge_base(loaded):
    _, wh, summary = loaded
    assert summary["articles"] == len(landscape_articles()) and summary["shards"] == 2
    assert rows(wh, "SELECT count(*) FROM article_extractions") == [(len(landscape_articles()),)]
    assert rows(wh, "SELECT parent_company_id FROM companies WHERE name = 'Google DeepMind'") == [("alphabet",)]
    assert rows(wh, "SELECT count(*) FROM facts") == [(sum(len(a["facts"]) for a in landscape_articles()),)]
    # daily counts agree with the mentions they summarise
    assert rows(wh, "SELECT company_id, day, mentions FROM company_daily_mentions ORDER BY ALL") == \
        rows(wh, "SELECT company_id, published_on, count(*) FROM mentions GROUP BY ALL ORDER BY ALL")


def test_loading_the_same_results_again_changes_nothing(loaded):
    tmp_path, wh, _ = loaded
    before = state(wh)
    shards = sorted(str(p) for p in (tmp_path / "staging" / "extract").glob("shard-*[0-9].jsonl"))
    load_facts("again", shards, root=tmp_path / "staging", warehouse_path=wh)
    assert state(wh) == before


def test_re_extracting_an_article_replaces_its_facts_and_mentions(loaded):
    tmp_path, wh, _ = loaded
    # a new extractor version finds only two of Mistral's five reports as facts, and one org fewer in m1
    items = {a["article_id"]: a for a in landscape_articles()}
    m1 = dict(items["m1"], orgs=["Mistral AI", "ASML"])
    m3 = dict(items["m3"], facts=[])
    shard = write_shard(tmp_path / "staging" / "v2", "shard-00000",
                        [results_record(m1, "fixture-2"), results_record(m3, "fixture-2")])
    load_facts("v2", [shard], root=tmp_path / "staging", warehouse_path=wh)
    assert rows(wh, "SELECT extractor_version, count(*) FROM facts WHERE article_id IN ('m1', 'm3') GROUP BY ALL") == \
        [("fixture-2", 1)]
    assert rows(wh, "SELECT count(*) FROM mentions WHERE article_id = 'm1' AND company_id = 'nvidia'") == [(0,)]
    assert rows(wh, "SELECT mentions FROM company_daily_mentions WHERE company_id = 'nvidia' AND day = '2026-11-24'") == []
    assert rows(wh, "SELECT sources FROM funding_rounds WHERE investee = 'Mistral AI'") == [(4,)]
    assert rows(wh, "SELECT count(*) FROM deal_sources WHERE article_id = 'm3'") == [(0,)]


def test_discovered_companies_keep_their_earliest_first_seen(loaded):
    tmp_path, wh, _ = loaded
    assert rows(wh, "SELECT kind, source, first_seen FROM companies WHERE name = 'Quantloop'") == \
        [("discovered", "discovered", date(2026, 11, 23))]
    older = article("q0", "2026-06-01", "Quantloop founded", orgs=["Quantloop", "Vektorwerk Robotics"])
    later = article("q9", "2026-11-30", "Quantloop again", orgs=["Quantloop"])
    shard = write_shard(tmp_path / "staging" / "more", "shard-00000", [results_record(later), results_record(older)])
    load_facts("more", [shard], root=tmp_path / "staging", warehouse_path=wh)
    assert rows(wh, "SELECT first_seen FROM companies WHERE name = 'Quantloop'") == [(date(2026, 6, 1),)]
    assert rows(wh, "SELECT company_id, kind, first_seen FROM companies WHERE name = 'Vektorwerk Robotics'") == \
        [("vektorwerk-robotics", "discovered", date(2026, 6, 1))]
    # a known company is never added twice, whatever the case of its name in a fact
    assert rows(wh, "SELECT count(*) FROM companies WHERE lower(name) = 'asml'") == [(1,)]


def test_funding_round_of_an_unknown_currency_keeps_the_amount_without_usd(tmp_path):
    wh = tmp_path / "w.duckdb"
    items = [article("x1", "2026-11-20", "Odd currency", orgs=["Quantloop"],
                     facts=[round_fact("Quantloop", 5e6, "XYZ", round_="seed")])]
    build_landscape(tmp_path / "staging", wh, items)
    assert rows(wh, "SELECT amount, currency, amount_usd, rate_date FROM funding_rounds") == [(5e6, "XYZ", None, None)]


def test_incremental_mover_refresh_matches_a_full_recompute(loaded):
    tmp_path, wh, _ = loaded
    # a later load touching only the last days refreshes movers from there on; the result must equal a
    # recomputation over the whole history
    extra = [article(f"z{n}", "2026-11-26", f"Langdock news {n}", orgs=["Langdock"]) for n in range(3)]
    shard = write_shard(tmp_path / "staging" / "late", "shard-00000", [results_record(a) for a in extra])
    load_facts("late", [shard], root=tmp_path / "staging", warehouse_path=wh)
    incremental = rows(wh, "SELECT * FROM mention_movers ORDER BY ALL")
    assert ("langdock", date(2026, 11, 26), 8, 0) in incremental       # 2 (s1) + 3 x 2 mentions

    from warehouse.connection import writer
    from warehouse.load_facts import refresh_mention_movers

    with writer(wh) as con:
        refresh_mention_movers(con, date(2000, 1, 1))
    assert rows(wh, "SELECT * FROM mention_movers ORDER BY ALL") == incremental
