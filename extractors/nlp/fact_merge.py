"""One fact per event per text: a headline and the body (or two paragraphs) often report the same deal.

Two facts of one passage are the same event when their type and identity fields agree (the amount within
1%); the one that says more (investors, valuation, round, lead, ...) is kept, at the position of the first
report, and a hedged report never absorbs a completed one or vice versa.
"""
from __future__ import annotations

from typing import Any

IDENTITY: dict[str, tuple[str, ...]] = {
    "funding_round": ("investee", "amount"),
    "investment": ("investor", "investee", "amount"),
    "acquisition": ("acquirer", "target"),
    "valuation": ("company", "amount"),
    "stock_move": ("company", "direction", "percent"),
    "model_release": ("company", "model"),
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 0.01 * max(abs(a), abs(b))
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return a == b


def _richness(fact: dict[str, Any]) -> tuple[int, float]:
    filled = sum(1 for k, v in fact.items() if k not in ("evidence", "confidence") and v not in (None, [], ""))
    return filled, float(fact.get("confidence") or 0)


def merge_duplicate_facts(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for fact in facts:
        keys = IDENTITY.get(fact.get("type", ""))
        twin = None
        if keys:
            twin = next((i for i, k in enumerate(kept) if k.get("type") == fact.get("type")
                         and k.get("status") == fact.get("status")
                         and all(_same(k.get(f), fact.get(f)) for f in keys)), None)
        if twin is None:
            kept.append(fact)
        elif _richness(fact) > _richness(kept[twin]):
            kept[twin] = fact
    return kept
