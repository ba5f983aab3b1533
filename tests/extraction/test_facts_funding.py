"""Funding rounds and valuations in English and German: investee, investors, lead, amount, valuation, round type."""
from __future__ import annotations

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str | None = None) -> list[dict]:
    out = extract_text(text, lang=lang)["facts"]
    return [f for f in out if kind is None or f["type"] == kind]


def test_english_round_with_lead_valuation_and_series():
    [fact] = facts("Anthropic raised $13 billion in a Series F round led by Iconiq, valuing the company at "
                   "$183 billion.", "en", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"], fact["valuation"], fact["round"]) == (
        "Anthropic", 13_000_000_000, "USD", 183_000_000_000, "series_f")
    assert fact["investors"] == ["Iconiq"] and fact["lead"] == "Iconiq"
    assert "status" not in fact  # completed deals carry no status


def test_round_valuation_is_also_a_valuation_fact():
    out = facts("Anthropic raised $13 billion, valuing the company at $183 billion.", "en")
    assert {"type": "valuation", "company": "Anthropic", "amount": 183_000_000_000} .items() <= next(
        f for f in out if f["type"] == "valuation").items()


def test_german_round_with_separable_verb_and_follow_up_lead():
    text = ("Das Berliner KI-Startup Nelvo hat in einer Seed-Runde 8 Millionen Euro eingesammelt. "
            "Angeführt wurde die Finanzierung von Cherry Ventures, auch Project A beteiligte sich.")
    [fact] = facts(text, "de", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"], fact["round"]) == ("Nelvo", 8_000_000, "EUR", "seed")
    assert fact["investors"] == ["Cherry Ventures", "Project A"] and fact["lead"] == "Cherry Ventures"


def test_apposition_between_subject_and_verb_is_skipped():
    [fact] = facts("Thinking Machines Lab, founded by former OpenAI technology chief Mira Murati, raised $2 billion "
                   "in a seed round led by Andreessen Horowitz.", "en", "funding_round")
    assert fact["investee"] == "Thinking Machines Lab"
    assert fact["investors"] == ["Andreessen Horowitz"]


def test_investor_as_subject_and_investee_after_in():
    [fact] = facts("Sequoia led a $50 million Series B in Brightloom, a New York startup.", "en", "funding_round")
    assert (fact["investee"], fact["investors"], fact["round"]) == ("Brightloom", ["Sequoia Capital"], "series_b")


def test_debt_round_and_german_valuation_after_amount():
    [fact] = facts("Helsing hat 600 Mio. Euro eingesammelt und wird nun mit rund 12 Mrd. Euro bewertet.", "de",
                   "funding_round")
    assert fact["amount"] == 600_000_000 and fact["valuation"] == 12_000_000_000
    [debt] = facts("CoreWeave secured $7.5 billion in debt financing led by Blackstone.", "en", "funding_round")
    assert debt["round"] == "debt" and debt["investee"] == "CoreWeave"


def test_running_total_is_not_the_round_amount():
    [fact] = facts("Mistral AI raised €600 million, bringing its total funding to €1.1 billion.", "en", "funding_round")
    assert fact["amount"] == 600_000_000


def test_listed_company_value_is_not_a_valuation():
    assert facts("Der Chipentwickler Broadcom ist erstmals mehr als eine Billion Dollar wert.", "de") == []


def test_evidence_points_into_the_input_text():
    text = "Markets were calm. Anthropic raised $13 billion from Iconiq."
    [fact] = facts(text, "en", "funding_round")
    ev = fact["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["sentence"] == "Anthropic raised $13 billion from Iconiq."
    assert 0 < fact["confidence"] <= 1
