"""Funding-round assertions the case format (tests/extraction/cases/README.md) cannot express.

The other funding-round and valuation behaviours are case files under `cases/funding_round/`,
`cases/valuation/` and `cases/investment/`. A case compares the facts of a type in order, on keys that are
present, with equal values; each test below checks something else, named in the comment above it.
"""
from __future__ import annotations

import pytest

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str | None = None) -> list[dict]:
    out = extract_text(text, lang=lang)["facts"]
    return [f for f in out if kind is None or f["type"] == kind]


# not a case: a completed round has no `status` key
def test_english_round_with_lead_valuation_and_series():
    [fact] = facts("Anthropic raised $13 billion in a Series F round led by Iconiq, valuing the company at "
                   "$183 billion.", "en", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"], fact["valuation"], fact["round"]) == (
        "Anthropic", 13_000_000_000, "USD", 183_000_000_000, "series_f")
    assert fact["investors"] == ["Iconiq"] and fact["lead"] == "Iconiq"
    assert "status" not in fact  # completed deals carry no status


# not a case: evidence offsets against the text, a confidence range
def test_evidence_points_into_the_input_text():
    text = "Markets were calm. Anthropic raised $13 billion from Iconiq."
    [fact] = facts(text, "en", "funding_round")
    ev = fact["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["sentence"] == "Anthropic raised $13 billion from Iconiq."
    assert 0 < fact["confidence"] <= 1


# not a case: two rounds in either order
def test_second_round_in_the_same_sentence_with_a_pronoun_subject():
    out = facts("NVentures led a $110 million Series B in Lumora Labs, and it also joined the $135 million "
                "round of Sakana AI.", "en", "funding_round")
    by_investee = {f["investee"]: f for f in out}
    assert set(by_investee) == {"Lumora Labs", "Sakana AI"}
    assert by_investee["Sakana AI"]["amount"] == 135_000_000 and by_investee["Sakana AI"]["investors"] == ["NVentures"]
    assert by_investee["Lumora Labs"]["amount"] == 110_000_000 and by_investee["Lumora Labs"]["round"] == "series_b"


# not a case: two rounds in either order
def test_german_gapping_gives_the_second_company_its_own_round():
    out = facts("Mistral AI sammelte 1,7 Milliarden Euro ein, das schwedische Start-up Lovable 200 Millionen Dollar.",
                "de", "funding_round")
    assert {(f["investee"], f["amount"], f["currency"]) for f in out} == {
        ("Mistral AI", 1_700_000_000, "EUR"), ("Lovable", 200_000_000, "USD")}


# not a case: evidence start and a confidence bound
def test_amount_only_in_the_headline_fills_the_round():
    out = extract_text("Lumora Labs, a Berlin startup, has closed a Series A round led by Index Ventures.", lang="en",
                       title="Lumora Labs raises $50 million")
    [fact] = [f for f in out["facts"] if f["type"] == "funding_round"]
    assert (fact["investee"], fact["amount"], fact["currency"], fact["round"], fact["investors"]) == (
        "Lumora Labs", 50_000_000, "USD", "series_a", ["Index Ventures"])
    assert fact["evidence"]["start"] == 0 and fact["confidence"] < 0.9  # evidence is the text sentence


# not a case: the value's type (int, not float)
def test_german_valuation_named_several_words_after_bewertung_is_an_integer():
    out = extract_text("Quantum Systems sammelt 160 Millionen Euro ein. Die Bewertung des Drohnenherstellers "
                       "verdreifacht sich damit auf über drei Milliarden Euro.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["valuation"] == 3_000_000_000 and isinstance(round_["valuation"], int)


# not a case: the first two investors of a longer list
def test_credit_line_lenders_in_the_next_sentence():
    out = extract_text("Lambda hat sich einen Kredit über 1,5 Milliarden Dollar gesichert. Die Kreditlinie wird von "
                       "JPMorgan und Blackstone bereitgestellt, angeführt von JPMorgan.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["round"] == "debt" and round_["investors"][:2] == ["JPMorgan", "Blackstone"]


@pytest.mark.parametrize(
    ("lang", "text", "investee", "investors"),
    [
        ("en", "Anthropic is in talks to raise $5 billion from Lightspeed at a $170 billion valuation, according to "
               "The Information.", "Anthropic", ["Lightspeed Venture Partners"]),
        ("de", "Mistral AI sammelt Bloomberg zufolge 1,7 Milliarden Euro von ASML ein.", "Mistral AI", ["ASML"]),
        ("en", "Cohere raised $500 million led by Radical Ventures, Reuters reported on Tuesday.", "Cohere",
         ["Radical Ventures"]),
    ],
)
def test_the_source_of_a_report_is_no_party_to_the_deal(lang, text, investee, investors):
    out = extract_text(text, lang=lang)
    [fact] = [f for f in out["facts"] if f["type"] == "funding_round"]
    assert (fact["investee"], fact["investors"]) == (investee, investors)
    assert sorted(out["orgs"]) == sorted([investee, *investors])  # the outlet cited as source is not listed
