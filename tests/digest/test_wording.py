"""Digest copy an analyst would forward: plurals, a stock move's period as its article wrote it, and which
sources say what when reports of one event disagree (on the landscape fixture, loaded through the real load
path: Mistral AI's round, four reports at €11.7bn and one at €14bn)."""
from __future__ import annotations

from datetime import date

import pytest

from warehouse.digest.wording import counted, period_as_written, reports_disagree


def test_counts_have_their_plurals():
    assert [counted(1, "article"), counted(4, "article"), counted(1_200, "mention"), counted(0, "outlet")] == \
        ["1 article", "4 articles", "1,200 mentions", "0 outlets"]


@pytest.mark.parametrize(("period", "sentence", "lang", "expected"), [
    ("Tuesday", "Microsoft (MSFT) shares fell 2.1% on Tuesday after OpenAI announced a deal.", "en", "on Tuesday"),
    ("Frankfurt trading", "IONOS shares rose 4% in Frankfurt trading after the launch.", "en", "in Frankfurt trading"),
    ("im frühen Handel", "Die Aktie von SAP ist am Dienstag im frühen Handel um sieben Prozent gestiegen.", "de",
     "im frühen Handel"),
    ("Dienstag", "Die Aktie von SAP ist am Dienstag um sieben Prozent gestiegen.", "de", "am Dienstag"),
    ("nachbörslich", "Die Aktie von Nvidia hat nachbörslich rund vier Prozent verloren.", "de", "nachbörslich"),
    ("after-hours", None, "en", "after-hours"),                           # no sentence: as given
    ("Monday", "Shares dropped 12% ahead of Monday's expiry.", "en", "Monday"),   # no preposition before it
])
def test_a_period_reads_as_the_article_wrote_it(period, sentence, lang, expected):
    assert period_as_written(period, sentence, lang) == expected


def test_disagreement_names_the_outlets_behind_each_value():
    reports = [{"feed": feed, "payload": {"type": "valuation", "amount": amount, "currency": "EUR"}}
               for feed, amount in (("alpha", 11.7e9), ("beta", 11.72e9), ("delta", 14e9), ("alpha", 11.7e9))]
    read = {"valuation": lambda p: (f"€{p['amount'] / 1e9:.1f}B", (p["amount"], p["currency"]))}
    assert reports_disagree(reports, read, 0.05) == "valuation €11.7B (alpha, beta) vs €14.0B (delta)"
    assert reports_disagree(reports[:2], read, 0.05) is None              # within tolerance: no disagreement


@pytest.fixture
def landscape(newsmon_home, monkeypatch):
    from extractors import settings
    from tests.warehouse.landscape_fixture import build_landscape

    monkeypatch.setenv("NEWSMON_TZ", "Europe/Berlin")
    build_landscape(newsmon_home / "staging", settings.warehouse_path())


def test_the_digest_says_which_sources_say_what(landscape):
    from warehouse.digest.content import gather_from_read_copy

    content = gather_from_read_copy(date(2026, 11, 24))
    [mistral] = content.section("funding").items
    said = "Reports disagree: valuation €11.7B (alpha, beta, epsilon, gamma) vs €14B (delta)"
    assert said in mistral.details
    [change] = content.section("valuations").items                        # €6bn (June 2024) -> €11.7bn
    assert change.headline.startswith("Mistral AI: $6.45B → €11.7B") and said in change.details
    assert change.details[0].endswith("since 1 Jun 2024")
