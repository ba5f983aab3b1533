"""The sections gathered from the fixture warehouse's read copy (see fixture_day.py for what it holds)."""
from __future__ import annotations

import pytest

from tests.digest.fixture_day import DAY, QUIET_DAY, SCRIPT_TITLE
from warehouse.digest.content import gather_from_read_copy


@pytest.fixture
def content(fixture_warehouse):
    return gather_from_read_copy(DAY)


def headlines(content, key):
    return [item.headline for item in content.section(key).items]


def test_sections_in_reading_order(content):
    assert [s.key for s in content.sections] == ["funding", "valuations", "deals", "stocks", "models",
                                                 "attention", "new_in_news", "entrants"]
    assert content.item_count == 11 and content.deal_count == 5 and not content.quiet
    assert content.headline == "xAI raises $6B at $40B"


def test_funding_biggest_first_with_details(content):
    assert headlines(content, "funding") == ["xAI raises $6B at $40B", "Mistral AI raises €1.7B at €11.7B",
                                             "Black Forest Labs in talks to raise $300M"]
    xai = content.section("funding").items[0]
    assert xai.details == ["Series C: $6B", "Valuation: $40B",
                           "Investors: Andreessen Horowitz (lead), Sequoia Capital, Nvidia", "Reported by 3 sources"]
    assert [s.outlet for s in xai.sources] == ["techwire-ai", "venture-daily", "ki-nachrichten"]
    german = xai.sources[2]
    assert german.is_german and german.title.startswith("xAI sammelt sechs Milliarden Dollar ein")


def test_valuation_changes_against_the_previous_valuation(content):
    assert headlines(content, "valuations") == ["OpenAI: $300B → $500B", "xAI: $24B → $40B"]
    assert content.section("valuations").items[1].details[0] == "+66.7% since 1 Jun 2026"


def test_a_first_valuation_is_listed_once_with_its_round(content):
    """Regression: 'Valuation changes' repeated every funding item as 'First valuation on record'."""
    mistral = content.section("funding").items[1]
    assert "Valuation: €11.7B (≈ $12.8B) (first on record)" in mistral.details
    assert not any(h.startswith("Mistral AI") for h in headlines(content, "valuations"))
    assert "Valuation: $40B" in content.section("funding").items[0].details        # xAI had one before


def test_deals_stocks_models(content):
    assert headlines(content, "deals") == ["Cohere acquires Lumen Parse for $120M",
                                           "Microsoft invests €600M (≈ $650M) in Aleph Alpha"]
    assert headlines(content, "stocks") == ["Nvidia shares down 4.2%"]
    assert content.section("stocks").items[0].sources[0].title == SCRIPT_TITLE
    assert headlines(content, "models") == ["Mistral AI releases Mistral Large 3"]


def test_unusual_attention_compares_with_the_four_week_average(content):
    [aleph] = content.section("attention").items          # OpenAI: 22 vs 20 a day is not unusual
    assert aleph.headline == "Aleph Alpha: 9 mentions in 5 articles from 2 outlets"
    assert aleph.details == ["18× its daily average of the four weeks before (14 mentions in 28 days)"]
    assert {s.outlet for s in aleph.sources} == {"techwire-ai", "ki-nachrichten"}
    assert content.section("new_in_news").items == []


def test_new_entrants_are_discovered_companies_first_seen_that_day(content):
    assert headlines(content, "entrants") == ["Quantaloop Labs"]        # not the month-old discovery
    assert content.section("entrants").items[0].sources[0].url == "https://venture-daily.example/quantaloop"


def test_non_http_source_addresses_are_not_links(content):
    bfl = content.section("funding").items[2]
    assert bfl.sources[0].url is None and bfl.sources[0].title == "Black Forest Labs in talks to raise $300M"


def test_weekly_funding_for_the_chart(content):
    assert [(r.company, r.amount_usd) for r in content.weekly_funding] == [
        ("xAI", 6e9), ("Anthropic", 2e9), ("Mistral AI", 1.9e9), ("Black Forest Labs", 3e8)]


def test_a_day_without_news_is_quiet(fixture_warehouse):
    quiet = gather_from_read_copy(QUIET_DAY)
    assert quiet.quiet and quiet.headline is None and quiet.weekly_funding == []
