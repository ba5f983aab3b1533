"""One fact per event per text: a headline and the body (or two paragraphs) often report the same deal.

Two facts of one passage are the same event when their type and identity fields agree (`fact_types`: the
names case-insensitively, the amount within the type's tolerance) and their status is the same (a hedged
report never absorbs a completed one or vice versa); the one that says more (investors, valuation, round,
lead, ...) is kept, at the position of the first report.

Facts are grouped by their exact identity (type, status, names); inside a group, numbers are bucketed on a
logarithmic grid as wide as the tolerance, so a fact is compared only with the few kept facts in its own and
the neighbouring buckets. The merge is linear in the number of facts: a hostile text with tens of thousands of
deal sentences merges in milliseconds, not minutes.
"""
from __future__ import annotations

import itertools
import math
from typing import Any

from extractors.nlp.fact_types import FACT_TYPES, FactType, amounts_agree


def _same(kind: FactType, a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if kind.measure_in_points:
            return abs(float(a) - float(b)) <= kind.tolerance
        return amounts_agree(float(a), float(b), kind.tolerance)
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return a == b


def _richness(fact: dict[str, Any]) -> tuple[int, float]:
    filled = sum(1 for k, v in fact.items() if k not in ("evidence", "confidence") and v not in (None, [], ""))
    return filled, float(fact.get("confidence") or 0)


def _split(kind: FactType, fact: dict[str, Any]) -> tuple[tuple, list[float]]:
    """(exact part of the identity, the numbers of the identity)."""
    exact: list[Any] = [fact.get("type"), fact.get("status")]
    numbers: list[float] = []
    for key in kind.identity:
        value = fact.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.append(float(value))
            exact.append("#")
        else:
            exact.append(value.casefold() if isinstance(value, str) else repr(value))
    return tuple(exact), numbers


def _bucket(kind: FactType, value: float) -> int:
    """Grid cell of a number: two numbers that agree fall into the same or neighbouring cells (relative
    tolerance: a logarithmic grid whose step is the largest log-distance of two agreeing numbers)."""
    if kind.measure_in_points:
        return int(math.floor(value / kind.tolerance))
    return int(math.floor(math.log(abs(value)) / -math.log(1 - kind.tolerance))) if value else -(10 ** 9)


def _cells(kind: FactType, numbers: list[float]) -> list[tuple[int, ...]]:
    return [tuple(_bucket(kind, n) + d for n, d in zip(numbers, offset))
            for offset in itertools.product((-1, 0, 1), repeat=len(numbers))]


def merge_duplicate_facts(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    index: dict[tuple, dict[tuple, list[int]]] = {}  # exact identity -> number buckets -> kept positions
    for fact in facts:
        kind = FACT_TYPES.get(fact.get("type", ""))
        if kind is None or not kind.identity:
            kept.append(fact)
            continue
        exact, numbers = _split(kind, fact)
        buckets = index.setdefault(exact, {})
        candidates = sorted({i for cell in _cells(kind, numbers) for i in buckets.get(cell, ())})
        twin = next((i for i in candidates if all(_same(kind, kept[i].get(k), fact.get(k)) for k in kind.identity)),
                    None)
        own_cell = tuple(_bucket(kind, n) for n in numbers)
        if twin is None:
            buckets.setdefault(own_cell, []).append(len(kept))
            kept.append(fact)
        elif _richness(fact) > _richness(kept[twin]):
            kept[twin] = fact  # the richer report may state a slightly different number: index it too
            buckets.setdefault(own_cell, []).append(twin)
    return kept
