"""One row per real-world event: cross-outlet duplicates merge, disagreements are flagged, talks are promoted,
different deals stay apart. Clustering is tested on fact tuples, and once through the real rebuild in DuckDB."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

import duckdb
import pytest

from extractors.nlp.fact_types import FACT_TYPES
from extractors.nlp.knowledge_base import load_companies
from tests.warehouse.landscape_fixture import round_fact, valuation_fact
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
    assert "€11.7B (2 reports)" in row["conflict_note"] and "€14B (1 report)" in row["conflict_note"]
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


# -- events over time (issue 13) ------------------------------------------------------------------------

def valuations(facts, ctx):
    return sorted(build_events(facts, ctx)[0]["valuations"], key=lambda r: (r["as_of"] or date.max, r["amount"]))


def test_a_different_valuation_on_a_later_day_is_a_new_event_not_a_conflict(ctx):
    """Regression (sample feeds): DeepL at $2bn on 13 Nov and at $5bn (a round and a valuation report) on
    19 Nov was one event dated 13 Nov, 'conflicting', with no previous value."""
    facts = [fact("d1", "model-watch", "2026-11-13", valuation_fact("DeepL", 2e9, "USD")),
             fact("d2", "gruender", "2026-11-19", valuation_fact("DeepL", 5e9, "USD")),
             fact("d3", "gruender", "2026-11-19", round_fact("DeepL", 300e6, "USD", valuation=5e9))]
    found = valuations(facts, ctx)
    assert [(r["as_of"], r["amount"], r["conflicting"], r["sources"]) for r in found] == [
        (date(2026, 11, 13), 2e9, False, 1), (date(2026, 11, 19), 5e9, False, 1)]


def test_reports_disagreeing_within_the_conflict_window_stay_one_flagged_event(ctx):
    window = FACT_TYPES["valuation"].conflict_window_days
    facts = [fact("w1", "a1", "2026-11-13", valuation_fact("DeepL", 2e9, "USD")),
             fact("w2", "a2", (date(2026, 11, 13) + timedelta(days=window)).isoformat(), valuation_fact("DeepL", 2.4e9, "USD"))]
    (row,) = valuations(facts, ctx)
    assert row["conflicting"] is True and row["sources"] == 2 and "$2B (1 report) vs $2.4B (1 report)" in row["conflict_note"]
    later = [facts[0], fact("w3", "a3", (date(2026, 11, 13) + timedelta(days=window + 1)).isoformat(),
                            valuation_fact("DeepL", 2.4e9, "USD"))]
    assert [r["conflicting"] for r in valuations(later, ctx)] == [False, False]      # one day more: two events


def test_an_earlier_value_stated_with_its_period_is_an_event_of_that_period(ctx):
    """'up from $1.5 billion in March 2024': filed in March 2024, not a conflicting report of today's value;
    today's value stays one event however many reports repeat it."""
    facts = [fact("p1", "a1", "2026-11-24", valuation_fact("Cohere", 7e9, "USD")),
             fact("p2", "a1", "2026-11-24", valuation_fact("Cohere", 1.5e9, "USD", as_of=("in March 2024", "2024-03-01"))),
             fact("p3", "a2", "2026-11-25", round_fact("Cohere", 500e6, "USD", valuation=7e9)),
             fact("p4", "a3", "2026-11-26", valuation_fact("Cohere", 5.5e9, "USD", as_of=("Ende 2025", "2025-12-01")))]
    found = valuations(facts, ctx)
    assert [(r["as_of"], r["as_of_text"], r["amount"], r["conflicting"]) for r in found] == [
        (date(2024, 3, 1), "in March 2024", 1.5e9, False), (date(2025, 12, 1), "Ende 2025", 5.5e9, False),
        (date(2026, 11, 24), None, 7e9, False)]
    assert found[2]["sources"] == 2


def test_a_period_report_joins_the_event_it_restates_and_keeps_that_events_day(ctx):
    facts = [fact("s1", "a1", "2026-09-02", valuation_fact("Anthropic", 183e9, "USD")),
             fact("s2", "a2", "2026-11-26", valuation_fact("Anthropic", 183e9, "USD", as_of=("in September", "2026-09-01")))]
    (row,) = valuations(facts, ctx)
    assert (row["as_of"], row["as_of_text"], row["sources"]) == (date(2026, 9, 2), None, 2)


def test_a_period_that_cannot_be_resolved_dates_nothing(ctx):
    """`as_of.date` null: an earlier, unknown moment. It joins the event it agrees with, else it is an event of
    unknown date -- never a report of the day it was published."""
    unresolved = ("previously", None)
    facts = [fact("u1", "a1", "2026-11-19", valuation_fact("DeepL", 5e9, "USD")),
             fact("u2", "a1", "2026-11-19", valuation_fact("DeepL", 2e9, "USD", as_of=unresolved))]
    found = valuations(facts, ctx)
    assert [(r["as_of"], r["amount"], r["date_unknown"], r["conflicting"]) for r in found] == [
        (date(2026, 11, 19), 5e9, False, False), (None, 2e9, True, False)]
    facts.append(fact("u3", "a2", "2026-11-13", valuation_fact("DeepL", 2e9, "USD")))
    found = valuations(facts, ctx)
    assert [(r["as_of"], r["amount"], r["sources"]) for r in found] == [
        (date(2026, 11, 13), 2e9, 2), (date(2026, 11, 19), 5e9, 1)]


def test_a_period_after_the_report_is_the_reports_own_day(ctx):
    """A resolved `as_of` later than the article ("by the end of 2027") cannot be a past period."""
    facts = [fact("f1", "a1", "2026-11-19", valuation_fact("DeepL", 5e9, "USD", as_of=("Ende 2027", "2027-12-01")))]
    assert [(r["as_of"], r["as_of_text"]) for r in valuations(facts, ctx)] == [(date(2026, 11, 19), "Ende 2027")]


def test_a_later_round_with_another_label_is_another_round(ctx):
    facts = [fact("r1", "a1", "2026-11-10", round_fact("Langdock", 25e6, "EUR", round_="series_a")),
             fact("r2", "a2", "2026-11-14", round_fact("Langdock", None, None, round_="series_b")),
             fact("r3", "a3", "2026-11-15", round_fact("Langdock", 26e6, "EUR", round_="series_b"))]
    found = sorted(rounds(facts, ctx), key=lambda r: r["announced_on"])
    assert [(r["round"], r["announced_on"], r["sources"]) for r in found] == [
        ("series_a", date(2026, 11, 10), 1), ("series_b", date(2026, 11, 14), 2)]


def test_labels_disagreeing_about_one_round_on_one_day_are_one_flagged_round(ctx):
    facts = [fact("l1", "a1", "2026-11-24", round_fact("Cohere", 500e6, "USD", round_="series_e")),
             fact("l2", "a2", "2026-11-24", round_fact("Cohere", 500e6, "USD", round_="series_e")),
             fact("l3", "a3", "2026-11-25", round_fact("Cohere", 500e6, "USD", round_="series_d"))]
    (row,) = rounds(facts, ctx)
    assert (row["round"], row["sources"], row["conflicting"]) == ("series_e", 3, True)
    assert "series_e (2 reports) vs series_d (1 report)" in row["conflict_note"]


def test_one_round_reported_in_two_currencies_is_one_round(ctx):
    """A German outlet in euros, an English one in dollars converted at its own rate (3 % off ours)."""
    eur_usd = RateTable.from_rates(snapshot_rates()).rate("EUR", date(2026, 11, 18))[0]
    facts = [fact("c1", "de", "2026-11-18", round_fact("Helsing", 600e6, "EUR", round_="series_d", valuation=12e9)),
             fact("c2", "en", "2026-11-18", round_fact("Helsing", 600e6 * eur_usd * 1.03, "USD", round_="unknown",
                                                      valuation=12e9 * eur_usd * 0.98))]
    (row,) = rounds(facts, ctx)
    assert (row["amount"], row["currency"], row["round"], row["sources"], row["conflicting"]) == \
        (600e6, "EUR", "series_d", 2, False)
    (valuation,) = valuations(facts, ctx)
    assert valuation["sources"] == 2 and valuation["conflicting"] is False


def test_undated_reports_never_date_an_event(ctx):
    """A fact of an article whose feed gave no date joins the event it agrees with (which keeps its dated
    reports' dates); alone it is an event with NULL dates, `date_unknown`."""
    dated = fact("n1", "a1", "2026-11-24", round_fact("RobCo", 100e6, "USD"))
    undated = fact("n2", "a2", "2026-12-04", round_fact("RobCo", 100e6, "USD")) + (False,)
    (row,) = rounds([dated, undated], ctx)
    assert (row["announced_on"], row["last_reported_on"], row["sources"], row["date_unknown"]) == \
        (date(2026, 11, 24), date(2026, 11, 24), 2, False)
    (alone,) = rounds([undated], ctx)
    assert (alone["announced_on"], alone["first_reported_on"], alone["last_reported_on"], alone["date_unknown"]) == \
        (None, None, None, True)
    assert alone["amount_usd"] == 100e6 and alone["rate_date"] is not None    # converted at the fetch day's rate
    moves = build_events([fact("n3", "a3", "2026-12-04", {"type": "stock_move", "company": "Nvidia", "percent": 3.0,
                                                          "direction": "up", "period": None}) + (False,)], ctx)[0]
    assert [(m["as_of"], m["date_unknown"]) for m in moves["stock_moves"]] == [(None, True)]
