"""Readings: one small function per sentence shape, registered with the fact type it reads and a priority.

A reading looks at one `Sentence` (or clause) and returns the `RawFact`s it reads there, or nothing when the
sentence does not have its shape. `components/facts.py` runs them:

- readings of one *group* are tried in priority order and the first that reads something wins (one deal per
  sentence, the most specific reading: acquisitions 100-199, investments 200-299, funding rounds and
  valuations 300-399); stock moves and model releases are groups of their own and stand beside the deal;
- the `signal` group (landscape signals, docs/signals.md, 700-799) is not first-wins: every one of its readings
  runs on every sentence (`extractors/nlp/signal_pass.py`);
- a *guard* is a reading that returns True when the sentence is certainly not of its fact type ("buy $300
  billion of computing power"): the remaining readings of that type are skipped, the other types still run;
- `min_orgs`: the fewest organisation mentions the reading needs (checked before calling it);
- `cues`: lexicon lists the reading cannot do without (a list a language lacks means the shape does not occur
  in it). A sentence with no amount, no percentage and no word of any reading's cues cannot yield a fact, so the
  prefilter (`prefilter(lang)`) is the union of the cues, never a list kept in step by hand.

Adding a reading: write the function in the module of its fact type, decorate it, put its words in
`extractors/nlp/lexicon/<lang>.yaml`, and add a case file under `tests/extraction/cases/<type>/`
(docs/architecture.md walks through an example).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from extractors.nlp.lexicon import lexicon

GROUPS = ("deal", "stock_move", "model_release", "signal")


@dataclass(frozen=True)
class Reading:
    name: str
    fact_type: str
    group: str
    priority: int
    min_orgs: int
    cues: tuple[str, ...]
    guard: bool
    func: Callable[..., Any]


_REGISTRY: list[Reading] = []


def reading(fact_type: str, *, priority: int, group: str = "deal", min_orgs: int = 0, cues: tuple[str, ...] = (),
            guard: bool = False) -> Callable:
    """Register the decorated function as a reading of `fact_type` (see the module docstring)."""
    if group not in GROUPS:
        raise ValueError(f"unknown reading group {group!r}")

    def register(func: Callable) -> Callable:
        _REGISTRY.append(Reading(func.__name__, fact_type, group, priority, min_orgs, tuple(cues), guard, func))
        _by_group.cache_clear()
        prefilter.cache_clear()
        return func

    return register


def _load() -> None:
    """Import the reading modules (their decorators register the readings)."""
    from extractors.nlp.readings import acquisition, funding, investment, model_release, signals, stock_move  # noqa: F401


@lru_cache(maxsize=None)
def _by_group(group: str) -> tuple[Reading, ...]:
    _load()
    return tuple(sorted((r for r in _REGISTRY if r.group == group), key=lambda r: (r.priority, r.name)))


def readings(group: str) -> tuple[Reading, ...]:
    """The readings of one group, in priority order."""
    return _by_group(group)


def has_cue(sentence: Any, reading_: Reading) -> bool:
    """Whether the sentence holds a word of one of the reading's cue lists (memoised per sentence); a reading
    without cues always may run."""
    if not reading_.cues:
        return True
    lex = sentence.lex
    for key in reading_.cues:
        memo = ("cue", key)
        found = sentence.cache.get(memo)
        if found is None:
            found = sentence.cache[memo] = lex.has(key) and lex.regex(f"<<{key}>>", _cue_flags(lex.lang)).search(sentence.text) is not None
        if found:
            return True
    return False


def _cue_flags(lang: str) -> int:
    """Cue lists are matched as the readings match them: English ignoring case, German as written (nouns
    are capitalised, so case carries meaning)."""
    return 0 if lang == "de" else re.IGNORECASE


@lru_cache(maxsize=None)
def prefilter(lang: str) -> re.Pattern[str]:
    """One pattern over every reading's cue words: no match (and no amount or percentage), no fact."""
    _load()
    lex = lexicon(lang)
    keys = [key for key in dict.fromkeys(key for r in _REGISTRY for key in r.cues) if lex.has(key)]
    return re.compile("|".join(lex.alternation(key) for key in keys), _cue_flags(lex.lang))
