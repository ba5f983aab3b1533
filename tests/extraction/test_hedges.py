"""Hedged deals carry status "talks"; completed ones carry no status; modal words only count near the deal.

Not case files: a case cannot say that a key is absent ("no status"), that every fact of a text, however
many, is talks, or compare two texts' confidences; `is_hedged` is an internal function.
"""
from __future__ import annotations

import pytest

from extractors.nlp.hedges import is_hedged
from extractors.nlp.extract import extract_text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "xAI is in talks to raise $12 billion in debt, people familiar with the matter said."),
        ("en", "Anysphere is reportedly raising $900 million at a $9 billion valuation."),
        ("en", "Apple could buy Perplexity for $14 billion."),
        ("de", "Black Forest Labs sammelt Insidern zufolge 500 Millionen Dollar ein."),
        ("de", "Mistral AI soll 1,7 Milliarden Euro einsammeln."),
        ("de", "CoreWeave befindet sich in Gesprächen über die Übernahme von Core Scientific für 9 Mrd. Dollar."),
    ],
)
def test_hedged_deals_are_talks(lang, text):
    out = extract_text(text, lang=lang)["facts"]
    assert out, "expected a fact"
    assert all(f["status"] == "talks" for f in out if f["type"] != "stock_move")


def test_completed_deal_has_no_status_and_higher_confidence():
    done = extract_text("Anthropic raised $13 billion from Iconiq.", lang="en")["facts"][0]
    talks = extract_text("Anthropic is in talks to raise $13 billion from Iconiq.", lang="en")["facts"][0]
    assert "status" not in done and talks["status"] == "talks"
    assert talks["confidence"] < done["confidence"]


def test_modal_word_outside_the_deal_clause_does_not_hedge():
    [fact] = [f for f in extract_text("Reflection AI raised $2 billion in a round led by Nvidia, and said it plans to "
                                      "release an open model next year.", lang="en")["facts"] if f["type"] == "funding_round"]
    assert "status" not in fact


def test_is_hedged_window():
    text = "X raised $5 billion and could expand."
    assert is_hedged(text, "en") is True
    assert is_hedged(text, "en", 0, 20) is False
    assert is_hedged("Er sagte, die Firma verhandelt noch.", "de") is True


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Informatica is being bought by Salesforce for about $8 billion, ending months of on-and-off negotiations."),
        ("en", "After weeks of talks, Nvidia agreed to buy Run:ai for $700 million."),
        ("de", "SAP übernimmt nach monatelangen Verhandlungen das Start-up Langdock für 100 Millionen Euro."),
    ],
)
def test_talks_that_are_over_do_not_hedge_the_deal(lang, text):
    [fact] = [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == "acquisition"]
    assert "status" not in fact


def test_talks_still_open_still_hedge():
    assert is_hedged("Salesforce is in talks to buy Informatica, after a report said so.", "en") is True
    assert is_hedged("Die Firmen verhandeln nach Angaben von Insidern noch.", "de") is True
