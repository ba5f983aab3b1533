"""Checks the extraction dev set itself: valid JSON Lines in the gold format, enough passages per
language, every fact type in both languages and every form of the issue covered by a tag.

A broken or thin dev set would make `make eval` figures meaningless, so these run without the extractor.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

DEVSET = Path(__file__).parent / "devset"
KB_FILE = Path(__file__).resolve().parents[2] / "extractors" / "nlp" / "knowledge" / "companies.yaml"
LANGS = ("en", "de")
FACT_FIELDS = {
    "funding_round": {"investee", "investors", "amount", "currency", "valuation", "round"},
    "investment": {"investor", "investee", "amount", "currency", "cumulative_amount"},
    "acquisition": {"acquirer", "target", "amount", "currency"},
    "valuation": {"company", "amount", "currency"},
    "stock_move": {"company", "percent", "direction", "period"},
    "model_release": {"company", "model"},
}
OPTIONAL_FIELDS = {"funding_round": {"lead", "status"}, "investment": {"status"},
                   "acquisition": {"status"}, "valuation": {"status"}}
ROUNDS = {"seed", "growth", "debt", "unknown"} | {f"series_{c}" for c in "abcdef"}
CURRENCIES = {"USD", "EUR", "GBP", "CHF", "CNY", "JPY"}
REQUIRED_TAGS = {
    "funding_round", "valuation", "investment", "acquisition", "stock_move", "model_release", "hedge",
    "trap_revenue", "trap_price", "trap_users", "trap_gpus", "trap_market_cap", "trap_forecast",
    "trap_multiple", "german_genitive", "german_compound", "possessive", "written_number", "range",
    "approximation", "decimal_comma", "thousands_separator", "unknown_org", "relative_date",
}
ORG_FIELDS = ("investee", "investor", "acquirer", "target", "company", "lead")


def _load(lang: str) -> list[dict]:
    rows = []
    with open(DEVSET / f"{lang}.jsonl", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            assert line.strip(), f"{lang}.jsonl line {number} is empty"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def devset() -> dict[str, list[dict]]:
    return {lang: _load(lang) for lang in LANGS}


def _all(devset: dict[str, list[dict]]) -> list[dict]:
    return [row for lang in LANGS for row in devset[lang]]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.mark.parametrize("lang", LANGS)
def test_at_least_sixty_passages_per_language(devset, lang):
    assert len(devset[lang]) >= 60


def test_ids_are_unique_across_languages(devset):
    ids = Counter(row["id"] for row in _all(devset))
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("lang", LANGS)
def test_input_fields_follow_the_spec(devset, lang):
    for row in devset[lang]:
        assert set(row) == {"id", "text", "lang", "published", "title", "gold", "tags"}, row["id"]
        assert isinstance(row["id"], str) and row["id"].startswith(f"{lang}-")
        assert isinstance(row["text"], str) and row["text"].strip()
        assert row["lang"] in (lang, None), row["id"]
        dt.date.fromisoformat(row["published"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]) and "2024" <= row["published"][:4] <= "2026"
        assert row["title"] is None or isinstance(row["title"], str)
        assert isinstance(row["tags"], list) and row["tags"] and all(isinstance(t, str) for t in row["tags"])


@pytest.mark.parametrize("lang", LANGS)
def test_passages_are_short(devset, lang):
    for row in devset[lang]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", row["text"]) if s]
        assert 1 <= len(sentences) <= 4, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_some_passages_leave_lang_to_detection(devset, lang):
    missing = sum(row["lang"] is None for row in devset[lang])
    assert 5 <= missing <= len(devset[lang]) // 3


@pytest.mark.parametrize("lang", LANGS)
def test_gold_money_is_numeric_with_iso_currency_and_found_in_text(devset, lang):
    for row in devset[lang]:
        for money in row["gold"]["money"]:
            assert set(money) == {"surface", "value", "currency"}, row["id"]
            assert _is_number(money["value"]) and money["value"] > 0, row["id"]
            assert money["currency"] in CURRENCIES, row["id"]
            assert money["surface"] in row["text"], (row["id"], money["surface"])


@pytest.mark.parametrize("lang", LANGS)
def test_gold_orgs_are_deduplicated_strings(devset, lang):
    for row in devset[lang]:
        orgs = row["gold"]["orgs"]
        assert all(isinstance(o, str) and o.strip() for o in orgs), row["id"]
        assert len({o.lower() for o in orgs}) == len(orgs), row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_fact_fields_follow_the_spec(devset, lang):
    for row in devset[lang]:
        for fact in row["gold"]["facts"]:
            kind = fact.get("type")
            assert kind in FACT_FIELDS, row["id"]
            keys = set(fact) - {"type"}
            assert FACT_FIELDS[kind] <= keys <= FACT_FIELDS[kind] | OPTIONAL_FIELDS.get(kind, set()), row["id"]
            if "status" in fact:
                assert fact["status"] in ("talks", "completed"), row["id"]
            for field in ("amount", "valuation", "cumulative_amount"):
                if field in fact and fact[field] is not None:
                    assert _is_number(fact[field]) and fact[field] > 0, (row["id"], field)
            if "currency" in fact:
                if fact["amount"] is None and fact.get("valuation") is None:
                    assert fact["currency"] is None, row["id"]
                else:
                    assert fact["currency"] in CURRENCIES, row["id"]
            if kind == "funding_round":
                assert isinstance(fact["investors"], list), row["id"]
                assert fact["round"] in ROUNDS, row["id"]
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


@pytest.mark.parametrize("lang", LANGS)
def test_fact_amounts_are_gold_money_and_fact_orgs_are_gold_orgs(devset, lang):
    """A fact's numbers and parties must be among the passage's own money and orgs: catches typos."""
    for row in devset[lang]:
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
def test_every_fact_type_appears_in_each_language(devset, lang):
    kinds = {fact["type"] for row in devset[lang] for fact in row["gold"]["facts"]}
    assert kinds == set(FACT_FIELDS)


def test_every_required_tag_is_used(devset):
    used = {tag for row in _all(devset) for tag in row["tags"]}
    assert REQUIRED_TAGS - used == set()


def test_fact_type_tags_agree_with_gold_facts(devset):
    for row in _all(devset):
        kinds = {fact["type"] for fact in row["gold"]["facts"]}
        for kind in FACT_FIELDS:
            if kind == "valuation":
                continue  # a round's valuation is tagged "valuation" without a separate fact
            assert (kind in row["tags"]) == (kind in kinds), (row["id"], kind)


def test_hedge_tag_matches_talks_status(devset):
    for row in _all(devset):
        talks = any(fact.get("status") == "talks" for fact in row["gold"]["facts"])
        assert ("hedge" in row["tags"]) == talks, row["id"]


def test_enough_trap_passages(devset):
    traps = [row for row in _all(devset) if any(tag.startswith("trap_") for tag in row["tags"])]
    assert len(traps) >= 25
    for lang in LANGS:
        assert sum(row["id"].startswith(lang) for row in traps) >= 10


def test_every_trap_passage_without_deal_has_no_fact(devset):
    """Trap-only passages (no deal tag) must have no facts: their numbers are not deals."""
    deal_tags = set(FACT_FIELDS)
    for row in _all(devset):
        if any(t.startswith("trap_") for t in row["tags"]) and not deal_tags & set(row["tags"]):
            assert row["gold"]["facts"] == [], row["id"]


def test_gold_org_names_are_canonical_in_the_knowledge_base(devset):
    """An organisation the knowledge base knows must appear under its canonical `name`."""
    if not KB_FILE.exists():
        pytest.skip("extractors/nlp/knowledge/companies.yaml not written yet")
    import yaml

    entries = yaml.safe_load(KB_FILE.read_text(encoding="utf-8"))
    canonical: dict[str, str] = {}
    for entry in entries:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            canonical.setdefault(str(form).lower(), entry["name"])
    wrong = []
    for row in _all(devset):
        names = set(row["gold"]["orgs"])
        for fact in row["gold"]["facts"]:
            names |= {fact[f] for f in ORG_FIELDS if fact.get(f)} | set(fact.get("investors", []))
        for name in names:
            expected = canonical.get(name.lower())
            if expected is not None and expected != name:
                wrong.append((row["id"], name, expected))
    assert wrong == []


def test_money_traps_keep_their_money_in_gold(devset):
    """A trap amount is still money: it belongs in gold.money even though it makes no fact."""
    money_traps = {"trap_revenue", "trap_price", "trap_market_cap", "trap_settlement", "trap_fine",
                   "trap_buyback", "trap_contract", "trap_compensation"}
    for row in _all(devset):
        if money_traps & set(row["tags"]):
            assert row["gold"]["money"], row["id"]


def test_count_traps_have_no_money(devset):
    """User, GPU and parameter counts ("800 Millionen Menschen", "235 billion parameters") are not money."""
    for row in _all(devset):
        tags = set(row["tags"])
        if tags & {"trap_users", "trap_gpus", "trap_parameters"} and not tags & {"trap_revenue", "trap_contract"}:
            assert row["gold"]["money"] == [], row["id"]
