"""How the digest words things an analyst forwards: counts with their plurals, a stock move's period as its
article wrote it (in the article's language), and which sources said what when reports disagree."""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any, Callable

import yaml


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 article', '4 articles', '1,200 mentions'."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


@cache
def period_words() -> dict[str, tuple[str, ...]]:
    text = resources.files("warehouse.data").joinpath("period_words.yaml").read_text(encoding="utf-8")
    return {lang: tuple(words) for lang, words in yaml.safe_load(text).items()}


def period_as_written(period: str, sentence: str | None, lang: str | None) -> str:
    """The period as the sentence says it: 'Tuesday' in '... fell 2.1% on Tuesday after ...' is 'on Tuesday',
    'im frühen Handel' stays as it is; without the sentence (or not found in it) the period as given."""
    if not sentence:
        return period
    words = period_words().get(lang or "", ())
    lead = rf"(?:\b(?:{'|'.join(map(re.escape, words))})\s+)?" if words else ""
    found = re.search(lead + re.escape(period), sentence, re.IGNORECASE)
    return found.group(0) if found else period


def same_value(a: Any, b: Any, tolerance: float) -> bool:
    """Two reported values are the same: equal labels, or amounts in one currency within `tolerance`."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a[1] == b[1] and abs(a[0] - b[0]) <= tolerance * max(abs(a[0]), abs(b[0]))
    return a == b


def reports_disagree(rows: list[dict[str, Any]], aspects: dict[str, Callable[[dict], tuple[str, Any] | None]],
                     tolerance: float) -> str | None:
    """'valuation €11.7B (alpha, beta) vs €14B (delta)' from the reports of one event (rows with `payload`
    and `feed`, oldest first). Per aspect, a name and how to read a report's value as (words, comparable:
    a label, or (amount, currency)); the values most reported first (ties: the earliest), each with the
    outlets that gave it in alphabetical order; only aspects on which the reports really differ."""
    parts = []
    for name, read in aspects.items():
        groups: list[tuple[str, Any, list[str]]] = []
        for row in rows:
            payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
            value = read(payload)
            if value is None:
                continue
            group = next((g for g in groups if same_value(g[1], value[1], tolerance)), None)
            if group is None:
                group = (value[0], value[1], [])
                groups.append(group)
            if row["feed"] not in group[2]:
                group[2].append(row["feed"])
        if len(groups) > 1:
            ranked = sorted(groups, key=lambda g: -len(g[2]))
            parts.append(f"{name} " + " vs ".join(f"{words} ({', '.join(sorted(feeds))})" for words, _, feeds in ranked))
    return "; ".join(parts) or None
