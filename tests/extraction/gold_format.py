"""The gold format shared by the hand-labelled passage sets (`devset/` and `blindset/`), written down once.

Both sets are scored the same way by `python -m extractors eval --file ...`, so they must keep the same fields,
fact types, currencies, round names and tag conventions. `test_gold_format.py` runs the format checks over both
sets from these definitions; `test_devset.py` and `test_blindset_format.py` keep only what is particular to one
set (its size, id scheme and mix).
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
DEVSET = HERE / "devset"
BLINDSET = HERE / "blindset"
GOLD_SETS = {"devset": DEVSET, "blindset": BLINDSET}
KB_FILE = Path(__file__).resolve().parents[2] / "extractors" / "nlp" / "knowledge" / "companies.yaml"
LANGS = ("en", "de")

INPUT_FIELDS = {"id", "text", "lang", "published", "title", "gold", "tags"}
GOLD_FIELDS = {"orgs", "money", "facts"}
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
AMOUNT_FIELDS = ("amount", "valuation", "cumulative_amount")
ORG_FIELDS = ("investee", "investor", "acquirer", "target", "company", "lead")
ROUNDS = {"seed", "growth", "debt", "unknown"} | {f"series_{c}" for c in "abcdef"}
CURRENCIES = {"USD", "EUR", "GBP", "CHF", "CNY", "JPY"}

# Trap tags whose amount is still money (so it belongs in gold.money although it makes no fact), in either set.
MONEY_TRAPS = {"trap_revenue", "trap_arr", "trap_price", "trap_market_cap", "trap_settlement", "trap_fine",
               "trap_buyback", "trap_contract", "trap_compensation", "trap_capex", "trap_forecast", "trap_stake",
               "trap_cost", "trap_secondary", "trap_public_funding", "trap_hypothetical_valuation"}
# Trap tags for counts ("800 Millionen Menschen", "235 billion parameters"): numbers that are not money.
COUNT_TRAPS = {"trap_users", "trap_gpus", "trap_parameters"}


def load_passages(directory: Path, lang: str) -> list[dict]:
    """One language file of a set as rows; an empty line is an error, not something to skip."""
    rows = []
    with open(directory / f"{lang}.jsonl", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            assert line.strip(), f"{directory.name}/{lang}.jsonl line {number} is empty"
            rows.append(json.loads(line))
    return rows


def load_gold_set(directory: Path) -> dict[str, list[dict]]:
    """Every language file of a set, keyed by language."""
    return {lang: load_passages(directory, lang) for lang in LANGS}


def all_passages(gold_set: dict[str, list[dict]]) -> list[dict]:
    """The rows of every language, English first, for checks that do not depend on the language."""
    return [row for lang in LANGS for row in gold_set[lang]]


def is_number(value: object) -> bool:
    """A JSON number: `True` is an int in Python but never a gold amount."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_trap(row: dict) -> bool:
    """A trap passage carries numbers that look like a deal but are not one."""
    return any(tag.startswith("trap_") for tag in row["tags"])


def canonical_names() -> dict[str, str]:
    """Every knowledge-base surface form (lower-cased) -> its canonical name."""
    import yaml

    names: dict[str, str] = {}
    for entry in yaml.safe_load(KB_FILE.read_text(encoding="utf-8")):
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            names.setdefault(str(form).lower(), entry["name"])
    return names
