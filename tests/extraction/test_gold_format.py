"""Gold-format checks run over both hand-labelled sets, the dev set and the blind set.

Each check is written once here so the two sets cannot drift apart in format: a passage that would score
differently under `python -m extractors eval` because of a malformed field fails here, whichever set it is in.
What belongs to one set only (size, id scheme, mix of traps) stays in `test_devset.py` and
`test_blindset_format.py`. These run without the extractor.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from tests.extraction.gold_format import (AMOUNT_FIELDS, COUNT_TRAPS, CURRENCIES, FACT_FIELDS, GOLD_FIELDS,
                                          GOLD_SETS, INPUT_FIELDS, LANGS, MONEY_TRAPS, OPTIONAL_FIELDS, ORG_FIELDS,
                                          ROUNDS, all_passages, canonical_names, is_number, is_trap, load_gold_set)


@pytest.fixture(scope="module", params=sorted(GOLD_SETS))
def gold_set(request) -> dict[str, list[dict]]:
    return load_gold_set(GOLD_SETS[request.param])


@pytest.mark.parametrize("lang", LANGS)
def test_input_fields_follow_the_spec(gold_set, lang):
    for row in gold_set[lang]:
        assert set(row) == INPUT_FIELDS, row.get("id")
        assert isinstance(row["id"], str) and row["id"], row["id"]
        assert isinstance(row["text"], str) and row["text"].strip(), row["id"]
        assert row["lang"] in (lang, None), row["id"]
        dt.date.fromisoformat(row["published"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]) and "2024" <= row["published"][:4] <= "2026"
        assert row["title"] is None or (isinstance(row["title"], str) and row["title"].strip()), row["id"]
        assert isinstance(row["tags"], list) and row["tags"] and all(isinstance(t, str) for t in row["tags"])
        assert len(set(row["tags"])) == len(row["tags"]), row["id"]
        assert set(row["gold"]) == GOLD_FIELDS, row["id"]


def test_ids_are_unique_across_languages(gold_set):
    ids = Counter(row["id"] for row in all_passages(gold_set))
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("lang", LANGS)
def test_passages_are_short(gold_set, lang):
    for row in gold_set[lang]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", row["text"]) if s]
        assert 1 <= len(sentences) <= 4, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_gold_money_is_numeric_with_iso_currency_and_found_in_text(gold_set, lang):
    for row in gold_set[lang]:
        for money in row["gold"]["money"]:
            assert set(money) == {"surface", "value", "currency"}, row["id"]
            assert is_number(money["value"]) and money["value"] > 0, row["id"]
            assert money["currency"] in CURRENCIES, row["id"]
            assert money["surface"] in row["text"], (row["id"], money["surface"])


@pytest.mark.parametrize("lang", LANGS)
def test_gold_orgs_are_deduplicated_strings(gold_set, lang):
    for row in gold_set[lang]:
        orgs = row["gold"]["orgs"]
        assert all(isinstance(o, str) and o.strip() for o in orgs), row["id"]
        assert len({o.lower() for o in orgs}) == len(orgs), row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_fact_fields_follow_the_spec(gold_set, lang):
    for row in gold_set[lang]:
        for fact in row["gold"]["facts"]:
            kind = fact.get("type")
            assert kind in FACT_FIELDS, row["id"]
            keys = set(fact) - {"type"}
            assert FACT_FIELDS[kind] <= keys <= FACT_FIELDS[kind] | OPTIONAL_FIELDS.get(kind, set()), row["id"]
            if "status" in fact:
                assert fact["status"] in ("talks", "completed"), row["id"]
            for field in AMOUNT_FIELDS:
                if fact.get(field) is not None:
                    assert is_number(fact[field]) and fact[field] > 0, (row["id"], field)
            if "currency" in fact:
                if fact["amount"] is None and fact.get("valuation") is None:
                    assert fact["currency"] is None, row["id"]
                else:
                    assert fact["currency"] in CURRENCIES, row["id"]
            if kind == "funding_round":
                assert isinstance(fact["investors"], list), row["id"]
                assert fact["round"] in ROUNDS, row["id"]
                assert fact["investee"] not in fact["investors"], row["id"]
                if "lead" in fact:
                    assert fact["lead"] in fact["investors"], row["id"]
            if kind == "valuation":
                assert is_number(fact["amount"]), row["id"]
            if kind == "stock_move":
                assert is_number(fact["percent"]) and fact["percent"] > 0, row["id"]
                assert fact["direction"] in ("up", "down"), row["id"]
                assert fact["period"] is None or isinstance(fact["period"], str), row["id"]
            if kind == "model_release":
                assert fact["model"] and fact["model"] not in row["gold"]["orgs"], row["id"]
                assert fact["model"] in row["text"], row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_fact_amounts_are_gold_money_and_fact_orgs_are_gold_orgs(gold_set, lang):
    """A fact's numbers and parties must be among the passage's own money and orgs: catches typos."""
    for row in gold_set[lang]:
        money = [(m["value"], m["currency"]) for m in row["gold"]["money"]]
        orgs = set(row["gold"]["orgs"])
        for fact in row["gold"]["facts"]:
            for field in AMOUNT_FIELDS:
                if fact.get(field) is not None:
                    assert any(abs(v - fact[field]) <= 1e-9 * v and c == fact["currency"] for v, c in money), (
                        row["id"], field)
            for field in ORG_FIELDS:
                if fact.get(field):
                    assert fact[field] in orgs, (row["id"], field, fact[field])
            for investor in fact.get("investors", []):
                assert investor in orgs, (row["id"], investor)


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_type_appears_in_each_language(gold_set, lang):
    kinds = {fact["type"] for row in gold_set[lang] for fact in row["gold"]["facts"]}
    assert kinds == set(FACT_FIELDS)


def test_fact_type_tags_agree_with_gold_facts(gold_set):
    for row in all_passages(gold_set):
        kinds = {fact["type"] for fact in row["gold"]["facts"]}
        for kind in FACT_FIELDS:
            if kind == "valuation":
                continue  # a round's valuation is tagged "valuation" without a separate fact
            assert (kind in row["tags"]) == (kind in kinds), (row["id"], kind)


def test_hedge_tag_matches_talks_status(gold_set):
    for row in all_passages(gold_set):
        talks = any(fact.get("status") == "talks" for fact in row["gold"]["facts"])
        assert ("hedge" in row["tags"]) == talks, row["id"]


def test_every_trap_passage_without_deal_has_no_fact(gold_set):
    """Trap-only passages (no deal tag) must have no facts: their numbers are not deals."""
    deal_tags = set(FACT_FIELDS)
    for row in all_passages(gold_set):
        if is_trap(row) and not deal_tags & set(row["tags"]):
            assert row["gold"]["facts"] == [], row["id"]


def test_money_traps_keep_their_money_in_gold(gold_set):
    """A trap amount is still money: it belongs in gold.money even though it makes no fact."""
    for row in all_passages(gold_set):
        if MONEY_TRAPS & set(row["tags"]):
            assert row["gold"]["money"], row["id"]


def test_count_traps_have_no_money(gold_set):
    """User, GPU and parameter counts are not money: a count-only trap passage has no gold money."""
    for row in all_passages(gold_set):
        tags = set(row["tags"])
        if tags & COUNT_TRAPS and not tags & MONEY_TRAPS:
            assert row["gold"]["money"] == [], row["id"]


def test_gold_org_names_are_canonical_in_the_knowledge_base(gold_set):
    """An organisation the knowledge base knows must appear under its canonical `name`."""
    canonical = canonical_names()
    wrong = []
    for row in all_passages(gold_set):
        names = set(row["gold"]["orgs"])
        for fact in row["gold"]["facts"]:
            names |= {fact[f] for f in ORG_FIELDS if fact.get(f)} | set(fact.get("investors", []))
        for name in names:
            expected = canonical.get(name.lower())
            if expected is not None and expected != name:
                wrong.append((row["id"], name, expected))
    assert wrong == []
