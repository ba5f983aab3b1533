"""Checks the extraction dev set itself: enough passages per language, its id scheme, every form of the issue
covered by a tag, and enough trap passages.

A broken or thin dev set would make `make eval` figures meaningless, so these run without the extractor. The
gold-format checks it shares with the blind set live in `test_gold_format.py`.
"""
from __future__ import annotations

import pytest

from tests.extraction.gold_format import DEVSET, LANGS, all_passages, is_trap, load_gold_set

REQUIRED_TAGS = {
    "funding_round", "valuation", "investment", "acquisition", "stock_move", "model_release", "hedge",
    "trap_revenue", "trap_price", "trap_users", "trap_gpus", "trap_market_cap", "trap_forecast",
    "trap_multiple", "german_genitive", "german_compound", "possessive", "written_number", "range",
    "approximation", "decimal_comma", "thousands_separator", "unknown_org", "relative_date",
}


@pytest.fixture(scope="module")
def devset() -> dict[str, list[dict]]:
    return load_gold_set(DEVSET)


@pytest.mark.parametrize("lang", LANGS)
def test_at_least_sixty_passages_per_language(devset, lang):
    assert len(devset[lang]) >= 60


@pytest.mark.parametrize("lang", LANGS)
def test_ids_are_prefixed_by_language(devset, lang):
    for row in devset[lang]:
        assert isinstance(row["id"], str) and row["id"].startswith(f"{lang}-"), row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_some_passages_leave_lang_to_detection(devset, lang):
    missing = sum(row["lang"] is None for row in devset[lang])
    assert 5 <= missing <= len(devset[lang]) // 3


def test_every_required_tag_is_used(devset):
    used = {tag for row in all_passages(devset) for tag in row["tags"]}
    assert REQUIRED_TAGS - used == set()


def test_enough_trap_passages(devset):
    traps = [row for row in all_passages(devset) if is_trap(row)]
    assert len(traps) >= 25
    for lang in LANGS:
        assert sum(row["id"].startswith(lang) for row in traps) >= 10
