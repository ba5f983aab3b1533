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
