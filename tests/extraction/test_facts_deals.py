"""Investments and acquisitions in English and German, including passive voice and verb-final clauses."""
from __future__ import annotations

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str) -> list[dict]:
    return [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == kind]


def test_investment_with_cumulative_amount():
    [fact] = facts("Amazon will invest a further $4 billion in Anthropic, bringing its total investment to $8 billion.",
                   "en", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"], fact["cumulative_amount"]) == (
        "Amazon", "Anthropic", 4_000_000_000, 8_000_000_000)


def test_german_cumulative_amount_in_the_next_sentence():
    [fact] = facts("Amazon investiert weitere vier Milliarden Dollar in Anthropic. Damit steigt die Gesamtinvestition "
                   "des Onlinehändlers in den Claude-Entwickler auf acht Milliarden Dollar.", "de", "investment")
    assert fact["amount"] == 4_000_000_000 and fact["cumulative_amount"] == 8_000_000_000


def test_german_verb_final_investment():
    [fact] = facts("Microsoft hatte angekündigt, fünf Milliarden Dollar in Anthropic zu investieren.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Microsoft", "Anthropic", 5_000_000_000)


def test_german_stake_without_amount():
    [fact] = facts("Die Deutsche Telekom beteiligt sich am Kölner Übersetzungsdienst DeepL.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Deutsche Telekom", "DeepL", None)


def test_second_investor_in_a_while_clause():
    out = facts("Microsoft will invest up to $5 billion in Anthropic, while Nvidia committed up to $10 billion.",
                "en", "investment")
    assert [(f["investor"], f["investee"], f["amount"]) for f in out] == [
        ("Microsoft", "Anthropic", 5_000_000_000), ("Nvidia", "Anthropic", 10_000_000_000)]


def test_active_and_passive_acquisitions():
    [active] = facts("AMD übernimmt den Serverbauer ZT Systems für knapp 4,9 Milliarden Dollar.", "de", "acquisition")
    assert (active["acquirer"], active["target"], active["amount"]) == ("AMD", "ZT Systems", 4_900_000_000)
    [passive] = facts("Wiz was acquired by Google for $32 billion.", "en", "acquisition")
    assert (passive["acquirer"], passive["target"]) == ("Google", "Wiz")


def test_german_takeover_noun_with_durch():
    [fact] = facts("Aleph Alpha verhandelt über eine Übernahme durch die Schwarz-Gruppe.", "de", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["status"]) == ("Schwarz Group", "Aleph Alpha", "talks")


def test_buying_chips_or_compute_is_not_an_acquisition():
    assert facts("OpenAI signed a contract to buy $300 billion of computing power from Oracle.", "en", "acquisition") == []
    assert facts("xAI buys Nvidia chips worth billions.", "en", "acquisition") == []


def test_compound_modifier_is_not_the_target():
    out = facts("OpenAI übernimmt das Hardware-Start-up io des früheren Apple-Designers Jony Ive für 6,5 Milliarden Dollar.",
                "de", "acquisition")
    assert all(f["target"] != "Apple" for f in out)
