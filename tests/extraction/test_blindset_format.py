"""Checks the blind evaluation set (`tests/extraction/blindset/`) itself, never the extractor's score on it.

The blind set was written without looking at the dev set's passages or the extractor's rules, to estimate
how the extractor does on text it was not tuned on. Its figures are only worth something if the files keep
the dev set's gold format and conventions (so `python -m extractors eval --file ...` scores them the same
way), stay independent of the dev set, and keep their mix: about 40 % trap passages and about a quarter of
passages naming organisations the knowledge base does not know. No quality threshold lives here on purpose.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.extraction.test_devset import (CURRENCIES, FACT_FIELDS, KB_FILE, OPTIONAL_FIELDS, ORG_FIELDS,
                                          ROUNDS)

BLINDSET = Path(__file__).parent / "blindset"
DEVSET = Path(__file__).parent / "devset"
LANGS = ("en", "de")
PASSAGES_PER_LANG = 40
MONEY_TRAPS = {"trap_revenue", "trap_arr", "trap_price", "trap_market_cap", "trap_fine", "trap_contract",
               "trap_compensation", "trap_capex", "trap_forecast", "trap_stake", "trap_cost",
               "trap_secondary", "trap_public_funding", "trap_hypothetical_valuation"}
COUNT_TRAPS = {"trap_users", "trap_gpus", "trap_parameters"}


def _load(directory: Path, lang: str) -> list[dict]:
    rows = []
    with open(directory / f"{lang}.jsonl", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            assert line.strip(), f"{lang}.jsonl line {number} is empty"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def blindset() -> dict[str, list[dict]]:
    return {lang: _load(BLINDSET, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def canonical() -> dict[str, str]:
    """Every knowledge-base surface form (lower-cased) -> its canonical name."""
    import yaml

    names: dict[str, str] = {}
    for entry in yaml.safe_load(KB_FILE.read_text(encoding="utf-8")):
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            names.setdefault(str(form).lower(), entry["name"])
    return names


def _all(blindset: dict[str, list[dict]]) -> list[dict]:
    return [row for lang in LANGS for row in blindset[lang]]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_trap(row: dict) -> bool:
    return any(tag.startswith("trap_") for tag in row["tags"])


@pytest.mark.parametrize("lang", LANGS)
def test_forty_passages_per_language(blindset, lang):
    assert len(blindset[lang]) == PASSAGES_PER_LANG


def test_ids_are_unique_and_prefixed(blindset):
    ids = Counter(row["id"] for row in _all(blindset))
    assert [i for i, n in ids.items() if n > 1] == []
    for lang in LANGS:
        assert all(re.fullmatch(rf"blind-{lang}-\d{{3}}", row["id"]) for row in blindset[lang])


def test_independent_of_the_dev_set(blindset):
    """No id and no passage text shared with the dev set: the blind set must not be the dev set again."""
    dev = [row for lang in LANGS for row in _load(DEVSET, lang)]
    dev_ids = {row["id"] for row in dev}
    dev_texts = {" ".join(row["text"].split()).casefold() for row in dev}
    for row in _all(blindset):
        assert row["id"] not in dev_ids, row["id"]
        assert " ".join(row["text"].split()).casefold() not in dev_texts, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_input_fields_follow_the_spec(blindset, lang):
    for row in blindset[lang]:
        assert set(row) == {"id", "text", "lang", "published", "title", "gold", "tags"}, row["id"]
        assert isinstance(row["text"], str) and row["text"].strip(), row["id"]
        assert row["lang"] in (lang, None), row["id"]
        dt.date.fromisoformat(row["published"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]) and "2024" <= row["published"][:4] <= "2026"
        assert row["title"] is None or (isinstance(row["title"], str) and row["title"].strip()), row["id"]
        assert isinstance(row["tags"], list) and row["tags"] and all(isinstance(t, str) for t in row["tags"])
        assert len(set(row["tags"])) == len(row["tags"]), row["id"]
        assert set(row["gold"]) == {"orgs", "money", "facts"}, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_passages_are_short(blindset, lang):
    for row in blindset[lang]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", row["text"]) if s]
        assert 1 <= len(sentences) <= 4, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_some_passages_leave_lang_to_detection(blindset, lang):
    missing = sum(row["lang"] is None for row in blindset[lang])
    assert 4 <= missing <= len(blindset[lang]) // 3


@pytest.mark.parametrize("lang", LANGS)
def test_gold_money_is_numeric_with_iso_currency_and_found_in_text(blindset, lang):
    for row in blindset[lang]:
        for money in row["gold"]["money"]:
            assert set(money) == {"surface", "value", "currency"}, row["id"]
            assert _is_number(money["value"]) and money["value"] > 0, row["id"]
            assert money["currency"] in CURRENCIES, row["id"]
            assert money["surface"] in row["text"], (row["id"], money["surface"])


@pytest.mark.parametrize("lang", LANGS)
def test_gold_orgs_are_deduplicated_strings(blindset, lang):
    for row in blindset[lang]:
        orgs = row["gold"]["orgs"]
        assert all(isinstance(o, str) and o.strip() for o in orgs), row["id"]
        assert len({o.lower() for o in orgs}) == len(orgs), row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_fact_fields_follow_the_spec(blindset, lang):
    for row in blindset[lang]:
        for fact in row["gold"]["facts"]:
            kind = fact.get("type")
            assert kind in FACT_FIELDS, row["id"]
            keys = set(fact) - {"type"}
            assert FACT_FIELDS[kind] <= keys <= FACT_FIELDS[kind] | OPTIONAL_FIELDS.get(kind, set()), row["id"]
            if "status" in fact:
                assert fact["status"] in ("talks", "completed"), row["id"]
            for field in ("amount", "valuation", "cumulative_amount"):
                if fact.get(field) is not None:
                    assert _is_number(fact[field]) and fact[field] > 0, (row["id"], field)
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
                assert _is_number(fact["amount"]), row["id"]
            if kind == "stock_move":
                assert _is_number(fact["percent"]) and fact["percent"] > 0, row["id"]
                assert fact["direction"] in ("up", "down"), row["id"]
                assert fact["period"] is None or isinstance(fact["period"], str), row["id"]
            if kind == "model_release":
                assert fact["model"] and fact["model"] not in row["gold"]["orgs"], row["id"]
                assert fact["model"] in row["text"], row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_fact_amounts_are_gold_money_and_fact_orgs_are_gold_orgs(blindset, lang):
    """A fact's numbers and parties must be among the passage's own money and orgs: catches typos."""
    for row in blindset[lang]:
        money = [(m["value"], m["currency"]) for m in row["gold"]["money"]]
        orgs = set(row["gold"]["orgs"])
        for fact in row["gold"]["facts"]:
            for field in ("amount", "valuation", "cumulative_amount"):
                if fact.get(field) is not None:
                    assert any(abs(v - fact[field]) <= 1e-9 * v and c == fact["currency"] for v, c in money), (
                        row["id"], field)
            for field in ORG_FIELDS:
                if fact.get(field):
                    assert fact[field] in orgs, (row["id"], field, fact[field])
            for investor in fact.get("investors", []):
                assert investor in orgs, (row["id"], investor)


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_type_appears_in_each_language(blindset, lang):
    kinds = {fact["type"] for row in blindset[lang] for fact in row["gold"]["facts"]}
    assert kinds == set(FACT_FIELDS)


def test_fact_type_tags_agree_with_gold_facts(blindset):
    for row in _all(blindset):
        kinds = {fact["type"] for fact in row["gold"]["facts"]}
        for kind in FACT_FIELDS:
            if kind == "valuation":
                continue  # a round's valuation is tagged "valuation" without a separate fact
            assert (kind in row["tags"]) == (kind in kinds), (row["id"], kind)


def test_hedge_tag_matches_talks_status(blindset):
    for row in _all(blindset):
        talks = any(fact.get("status") == "talks" for fact in row["gold"]["facts"])
        assert ("hedge" in row["tags"]) == talks, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_about_forty_percent_trap_passages(blindset, lang):
    share = sum(_is_trap(row) for row in blindset[lang]) / len(blindset[lang])
    assert 0.35 <= share <= 0.55, share


def test_every_trap_passage_without_deal_has_no_fact(blindset):
    deal_tags = set(FACT_FIELDS)
    for row in _all(blindset):
        if _is_trap(row) and not deal_tags & set(row["tags"]):
            assert row["gold"]["facts"] == [], row["id"]


def test_money_traps_keep_their_money_in_gold(blindset):
    for row in _all(blindset):
        if MONEY_TRAPS & set(row["tags"]):
            assert row["gold"]["money"], row["id"]


def test_count_traps_have_no_money(blindset):
    """User, GPU and parameter counts are not money: a count-only trap passage has no gold money."""
    for row in _all(blindset):
        tags = set(row["tags"])
        if tags & COUNT_TRAPS and not tags & MONEY_TRAPS:
            assert row["gold"]["money"] == [], row["id"]


def test_gold_org_names_are_canonical_in_the_knowledge_base(blindset, canonical):
    wrong = []
    for row in _all(blindset):
        names = set(row["gold"]["orgs"])
        for fact in row["gold"]["facts"]:
            names |= {fact[f] for f in ORG_FIELDS if fact.get(f)} | set(fact.get("investors", []))
        for name in names:
            expected = canonical.get(name.lower())
            if expected is not None and expected != name:
                wrong.append((row["id"], name, expected))
    assert wrong == []


# No test ties the `unknown_org` tag to the current knowledge base: the tag records what was unknown
# when the set was written, and the knowledge base is meant to grow.
