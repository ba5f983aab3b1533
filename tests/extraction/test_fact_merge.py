"""A deal reported twice in one text (headline and body) is one fact, the fuller report kept."""
from __future__ import annotations

from extractors.nlp.extract import extract_text
from extractors.nlp.fact_merge import merge_duplicate_facts


def fr(amount, investors=(), status=None, round_="unknown"):
    fact = {"type": "funding_round", "investee": "Mistral AI", "investors": list(investors), "amount": amount,
            "currency": "EUR", "valuation": None, "round": round_, "confidence": 0.9}
    if status:
        fact["status"] = status
    return fact


def test_fuller_report_wins_and_different_events_stay_apart():
    merged = merge_duplicate_facts([fr(1.7e9), fr(1.7e9, ["ASML"], round_="series_c"), fr(3e8)])
    assert [(f["amount"], f["investors"], f["round"]) for f in merged] == [(1.7e9, ["ASML"], "series_c"), (3e8, [], "unknown")]


def test_hedged_and_completed_reports_are_not_merged():
    assert len(merge_duplicate_facts([fr(1.7e9, status="talks"), fr(1.7e9)])) == 2


def test_headline_plus_body_gives_one_round():
    text = "Mistral AI raises €1.7 billion\nParis-based Mistral AI has raised €1.7 billion in a Series C round led by ASML."
    rounds = [f for f in extract_text(text, lang="en")["facts"] if f["type"] == "funding_round"]
    assert len(rounds) == 1
    assert rounds[0]["investors"] == ["ASML"] and rounds[0]["round"] == "series_c"


def _quadratic_reference(facts):
    """The definition the merge implements, written the slow way: first kept twin wins, richer report kept."""
    from extractors.nlp.fact_merge import _richness, _same
    from extractors.nlp.fact_types import FACT_TYPES

    kept = []
    for fact in facts:
        kind = FACT_TYPES[fact["type"]]
        twin = next((i for i, k in enumerate(kept) if k["type"] == fact["type"] and k.get("status") == fact.get("status")
                     and all(_same(kind, k.get(f), fact.get(f)) for f in kind.identity)), None)
        if twin is None:
            kept.append(fact)
        elif _richness(fact) > _richness(kept[twin]):
            kept[twin] = fact
    return kept


def test_bucketed_merge_equals_the_pairwise_definition_on_near_duplicates():
    import random

    rng = random.Random(7)
    facts = []
    for n in range(3000):
        base = rng.choice([1e6, 2.5e7, 1.7e9, 3e8])
        amount = round(base * rng.uniform(0.985, 1.015))  # straddles the 1 % tolerance and the grid cells
        investors = rng.sample(["ASML", "Nvidia", "Lightspeed"], rng.randint(0, 2))
        facts.append(fr(amount, investors, status=rng.choice([None, "talks"])))
        facts[-1]["investee"] = rng.choice(["Mistral AI", "mistral ai", "Helsing"])
        if n % 5 == 0:
            facts.append({"type": "stock_move", "company": "Nvidia", "percent": round(rng.uniform(2.9, 3.1), 3),
                          "direction": "up", "period": None, "confidence": 0.9})
    assert merge_duplicate_facts(list(facts)) == _quadratic_reference(list(facts))


def test_fifty_thousand_distinct_deals_merge_in_bounded_time():
    """Regression: the pairwise merge took 27.5 s for 7,900 facts of one hostile text (issue "Security")."""
    import time

    facts = [fr(1e6 * (1.02 ** (n // 50))) for n in range(50_000)]  # 1,000 rounds 2 % apart per company
    for n, fact in enumerate(facts):
        fact["investee"] = f"Company {n % 50}"
    facts += [dict(f, investors=["ASML"]) for f in facts[:1000]]  # richer second reports of the first 1,000
    started = time.perf_counter()
    merged = merge_duplicate_facts(facts)
    assert time.perf_counter() - started < 5.0
    assert len(merged) == 50_000
    assert [f["investors"] for f in merged[:1000]] == [["ASML"]] * 1000
