"""One row per real-world event: cross-outlet duplicates merge, disagreements are flagged, talks are promoted,
different deals stay apart. Clustering is tested on fact tuples, and once through the real rebuild in DuckDB."""
from __future__ import annotations

import json
import random
from datetime import date

import duckdb
import pytest

from extractors.nlp.knowledge_base import load_companies
from tests.warehouse.landscape_fixture import round_fact
from warehouse.deal_clustering import Context, build_events, rebuild_typed_tables
from warehouse.fx_rates import RateTable, load_snapshot, snapshot_rates
from warehouse.migrate import apply_migrations


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(rates=RateTable.from_rates(snapshot_rates()), names={c.company_id: c.name for c in load_companies()})


def fact(fid: str, article: str, day: str, payload: dict, status: str = "completed") -> tuple:
    ftype = payload["type"]
    if payload.get("status") == "talks":
        status = "talks"
    return fid, ftype, article, json.dumps(payload), status, date.fromisoformat(day)


def rounds(facts, ctx):
    return build_events(facts, ctx)[0]["funding_rounds"]


def five_outlets() -> list[tuple]:
    """Mistral's Series C: three English and two German reports over three days; one states the amount in
    dollars ($2bn = EUR 1.7bn within 5 % at the snapshot rate), one gives no amount."""
    return [
        fact("f1", "en-alpha", "2025-11-24", round_fact("Mistral AI", 1.7e9, "EUR", round_="series_c", investors=["ASML"])),
        fact("f2", "de-beta", "2025-11-24", round_fact("Mistral AI", 1.7e9, "EUR", round_="unknown")),
        fact("f3", "en-gamma", "2025-11-25", round_fact("Mistral AI", 2.0e9, "USD", round_="series_c", investors=["Nvidia"])),
        fact("f4", "de-delta", "2025-11-25", round_fact("Mistral AI", None, None, round_="series_c")),
        fact("f5", "en-epsilon", "2025-11-26", round_fact("Mistral AI", 1.7e9, "EUR", round_="series_c", investors=["ASML"])),
    ]


def test_five_outlets_two_languages_three_days_are_one_round(ctx):
    found = rounds(five_outlets(), ctx)
    assert len(found) == 1
    row = found[0]
    assert (row["investee"], row["sources"], row["amount"], row["currency"], row["round"]) == \
        ("Mistral AI", 5, 1.7e9, "EUR", "series_c")
    assert row["announced_on"] == date(2025, 11, 24) and row["last_reported_on"] == date(2025, 11, 26)
    assert row["investors"] == ["ASML", "Nvidia"]          # union, most reported first
    assert row["amount_usd"] == pytest.approx(1.7e9 * 1.1747) and row["rate_date"] == date(2025, 10, 1)
    assert row["conflicting"] is False


def test_deal_ids_do_not_depend_on_input_order(ctx):
    facts = five_outlets()
    first = rounds(facts, ctx)[0]["deal_id"]
    random.Random(4).shuffle(facts)
    assert rounds(facts, ctx)[0]["deal_id"] == first


def test_disagreeing_valuations_are_one_flagged_row(ctx):
    facts = [
        fact("v1", "a1", "2025-11-24", round_fact("Mistral AI", 1.7e9, "EUR", valuation=11.7e9)),
        fact("v2", "a2", "2025-11-24", round_fact("Mistral AI", 1.7e9, "EUR", valuation=11.7e9)),
        fact("v3", "a3", "2025-11-25", round_fact("Mistral AI", 1.7e9, "EUR", valuation=14e9)),
    ]
    events = build_events(facts, ctx)[0]
    (row,) = events["funding_rounds"]
    assert row["conflicting"] is True and row["sources"] == 3
    assert row["valuation"] == 11.7e9                      # what most reports say
    assert "11.7bn (2 reports)" in row["conflict_note"] and "14bn (1 report)" in row["conflict_note"]
    (valuation,) = events["valuations"]                    # the round's valuation is one valuation event, flagged too
    assert valuation["conflicting"] is True and valuation["amount"] == 11.7e9 and valuation["sources"] == 3


def test_talks_stay_distinct_until_a_completed_report_promotes_them(ctx):
    talks = [fact("t1", "a1", "2025-10-01", round_fact("OpenAI", 40e9, "USD", status="talks")),
             fact("t2", "a2", "2025-10-03", round_fact("OpenAI", 40e9, "USD", status="talks"))]
    (row,) = rounds(talks, ctx)
    assert (row["status"], row["sources"], row["announced_on"]) == ("talks", 2, date(2025, 10, 1))

    completed = fact("c1", "a3", "2025-10-30", round_fact("OpenAI", 40e9, "USD", round_="growth"))
    (row,) = rounds(talks + [completed], ctx)
    assert row["status"] == "completed" and row["sources"] == 3
    assert row["announced_on"] == date(2025, 10, 30)       # the first completed report
    assert row["first_reported_on"] == date(2025, 10, 1)   # when the talks surfaced

    # a completed round of another size is another deal; the talks row stays as it was
    other = fact("c2", "a4", "2025-10-30", round_fact("OpenAI", 6.6e9, "USD"))
    found = sorted(rounds(talks + [other], ctx), key=lambda r: r["amount"])
    assert [(r["amount"], r["status"]) for r in found] == [(6.6e9, "completed"), (40e9, "talks")]
    # talks reported after the round closed are new talks, not part of the completed deal
    later = fact("t3", "a5", "2025-11-02", round_fact("OpenAI", 40e9, "USD", status="talks"))
    found = rounds(talks + [completed, later], ctx)
    assert sorted(r["status"] for r in found) == ["completed", "talks"]


def test_different_amounts_or_far_apart_dates_are_different_deals(ctx):
    facts = [fact("d1", "a1", "2025-11-24", round_fact("Mistral AI", 1.7e9, "EUR")),
             fact("d2", "a2", "2025-11-25", round_fact("Mistral AI", 600e6, "EUR")),
             fact("d3", "a3", "2025-12-20", round_fact("Mistral AI", 1.7e9, "EUR"))]
    found = rounds(facts, ctx)
    assert sorted((r["amount"], r["announced_on"].isoformat(), r["sources"]) for r in found) == [
        (600e6, "2025-11-25", 1), (1.7e9, "2025-11-24", 1), (1.7e9, "2025-12-20", 1)]


def test_parent_and_child_stay_distinct(ctx):
    facts = [fact("p1", "a1", "2025-11-24", round_fact("Google", 1e9, "USD")),
             fact("p2", "a2", "2025-11-24", round_fact("Alphabet", 1e9, "USD"))]
    assert sorted(r["investee_id"] for r in rounds(facts, ctx)) == ["alphabet", "google"]


def test_rebuild_in_duckdb_links_every_report_and_is_stable():
    con = duckdb.connect()
    apply_migrations(con)
    load_snapshot(con)
    from warehouse.load_facts import seed_companies

    seed_companies(con)
    for fid, ftype, article, payload, status, day in five_outlets():
        con.execute("INSERT INTO facts VALUES (?, ?, ?, ?, 'x', 0, 1, 0.9, ?, ?, 'v')",
                    [fid, ftype, article, payload, status, day])
    rebuild_typed_tables(con)
    first = con.execute("SELECT deal_id, sources FROM funding_rounds").fetchall()
    links = con.execute("SELECT deal_id, count(DISTINCT article_id) FROM deal_sources "
                        "WHERE deal_type = 'funding_rounds' GROUP BY deal_id").fetchall()
    assert links == first and first[0][1] == 5
    rebuild_typed_tables(con)
    assert con.execute("SELECT deal_id, sources FROM funding_rounds").fetchall() == first
    assert con.execute("SELECT count(*) FROM deal_sources").fetchone()[0] == 5


def test_an_alias_in_a_fact_resolves_to_its_company():
    companies = load_companies()
    forms = {a.casefold(): c.company_id for c in companies for a in c.aliases}
    ctx = Context(rates=RateTable.from_rates(snapshot_rates()), names={c.company_id: c.name for c in companies},
                  forms=forms)
    facts = [fact("g1", "a1", "2025-11-24", round_fact("Alphabet Inc.", 1e9, "USD")),
             fact("g2", "a2", "2025-11-25", round_fact("Alphabet", 1e9, "USD"))]
    (row,) = rounds(facts, ctx)
    assert (row["investee_id"], row["investee"], row["sources"]) == ("alphabet", "Alphabet", 2)
