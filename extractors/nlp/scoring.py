"""Pure scoring of extractor output against dev-set gold: fact matching, precision/recall/F1, orgs and money.

Kept apart from `evaluate.py` (which loads files and runs the extractor) so the rules can be unit-tested on
hand-made pairs without any pipeline. The matching rules are documented in `extractors.nlp.evaluate`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from extractors.nlp.fact_types import ALL_TYPES, FACT_TYPES as _REGISTRY, SIGNAL_TYPES, FactType, amounts_agree

AMOUNT_TOLERANCE = _REGISTRY["funding_round"].tolerance  # relative: fact amounts and valuations (fact_types)
MONEY_TOLERANCE = 0.005  # relative: money items
FACT_TYPES = tuple(_REGISTRY)
SIGNAL_KINDS = tuple(SIGNAL_TYPES)
FIELD_CHECKS = ("funding_round.investors", "funding_round.valuation", "funding_round.round", "status")

Fact = dict[str, Any]


def normalize_name(name: object) -> str:
    """Org names compare case-insensitively and ignoring surrounding/double whitespace."""
    return " ".join(str(name or "").split()).casefold()


def normalize_model(name: object) -> str:
    """Model names compare case-insensitively with whitespace and hyphens removed ("GPT 5" == "gpt-5")."""
    return re.sub(r"[\s\-‐-―_]+", "", str(name or "")).casefold()


def amounts_close(predicted: object, gold: object, tolerance: float = AMOUNT_TOLERANCE) -> bool:
    """Two amounts agree within a relative tolerance; two missing amounts agree, one missing does not."""
    if predicted is None and gold is None:
        return True
    if not _is_number(predicted) or not _is_number(gold):
        return False
    return amounts_agree(float(predicted), float(gold), tolerance)


def status_of(fact: Fact) -> str:
    """A fact without status (or with "completed") counts as completed."""
    status = fact.get("status")
    return "completed" if status in (None, "", "completed") else str(status)


def _field_agrees(kind: FactType, key: str, predicted: object, gold: object) -> bool:
    """One identity field: names case-insensitively, the measure within the type's tolerance, model names
    ignoring case, spaces and hyphens."""
    if key == kind.measure:
        if kind.measure_in_points:
            return _is_number(predicted) and _is_number(gold) and abs(float(predicted) - float(gold)) <= kind.tolerance
        return amounts_close(predicted, gold, kind.tolerance)
    if key == "model":
        return normalize_model(predicted) == normalize_model(gold)
    return normalize_name(predicted) == normalize_name(gold)


def facts_match(predicted: Fact, gold: Fact) -> bool:
    """Whether a predicted fact is the gold fact: same type and the type's identity fields agree (a field the
    type lets gold leave open, such as an investment's amount, matches anything when gold has null)."""
    kind = ALL_TYPES.get(str(gold.get("type")))
    if kind is None or predicted.get("type") != kind.name:
        return False
    return all(_field_agrees(kind, key, predicted.get(key), gold.get(key)) for key in kind.identity
               if not (key in kind.score_optional and gold.get(key) is None))


def _agreement(predicted: Fact, gold: Fact) -> int:
    """Secondary fields that agree: breaks ties when several predictions match one gold fact."""
    keys = set(gold) - {"type"}
    return sum(predicted.get(k) == gold.get(k) for k in keys)


@dataclass
class Matching:
    """Result of one-to-one matching: (predicted index, gold index) pairs and the leftovers."""

    pairs: list[tuple[int, int]]
    unmatched_predicted: list[int]
    unmatched_gold: list[int]


def _specificity(fact: Fact) -> int:
    """How many identity fields a gold fact fills: the most specific gold facts are matched first, so an
    amountless gold investment cannot take the prediction that states the amount of another gold fact."""
    kind = ALL_TYPES.get(str(fact.get("type")))
    return sum(fact.get(k) is not None for k in kind.identity) if kind else 0


def match_facts(predicted: list[Fact], gold: list[Fact]) -> Matching:
    """Greedy one-to-one matching, most specific gold facts first (then in gold order); among matching
    predictions the most agreeing wins."""
    free = list(range(len(predicted)))
    pairs: list[tuple[int, int]] = []
    missed: list[int] = []
    for g in sorted(range(len(gold)), key=lambda i: -_specificity(gold[i])):
        gold_fact = gold[g]
        candidates = [p for p in free if facts_match(predicted[p], gold_fact)]
        if not candidates:
            missed.append(g)
            continue
        best = max(candidates, key=lambda p: (_agreement(predicted[p], gold_fact), -p))
        free.remove(best)
        pairs.append((best, g))
    pairs.sort(key=lambda pair: pair[1])
    missed.sort()
    return Matching(pairs, free, missed)


def drop_round_valuation_duplicates(predicted: list[Fact], gold: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """Remove valuation facts that repeat a gold funding round's valuation, on both sides.

    The spec lets an extractor emit a round's valuation also as a `valuation` fact; the scorer neither
    requires nor penalises that duplicate.
    """
    stated = [(normalize_name(f.get("investee")), f.get("valuation")) for f in gold
              if f.get("type") == "funding_round" and f.get("valuation") is not None]

    def duplicate(fact: Fact) -> bool:
        return fact.get("type") == "valuation" and any(
            normalize_name(fact.get("company")) == company and amounts_close(fact.get("amount"), value)
            for company, value in stated)

    return [f for f in predicted if not duplicate(f)], [f for f in gold if not duplicate(f)]


@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty side counts as perfect (nothing predicted: precision 1)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Ratio:
    """hits out of total; `value` is None when nothing was counted."""

    hits: int = 0
    total: int = 0

    def count(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.total += 1

    def add(self, other: Ratio) -> None:
        self.hits += other.hits
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class Miss:
    """One error, for `--verbose`: what went wrong in which passage."""

    passage_id: str
    kind: str  # "missed" | "false_positive" | "trap_fact" (a false positive in a trap passage) | "wrong_field"
    what: str  # "fact" | "org" | "money" | a field name
    detail: Any


@dataclass
class Scoreboard:
    """Every measure `make eval` prints, additive over passages."""

    passages: int = 0
    facts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    # landscape signals, counted only where the gold annotates them (`gold.signals`: the real-news sets)
    signals: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in SIGNAL_KINDS})
    orgs: Counts = field(default_factory=Counts)
    money: Counts = field(default_factory=Counts)
    money_value: Ratio = field(default_factory=Ratio)
    fields: dict[str, Ratio] = field(default_factory=lambda: {name: Ratio() for name in FIELD_CHECKS})
    hedged_status: Ratio = field(default_factory=Ratio)
    trap_facts: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def all_facts(self) -> Counts:
        total = Counts()
        for counts in self.facts.values():
            total.add(counts)
        return total

    @property
    def all_signals(self) -> Counts:
        total = Counts()
        for counts in self.signals.values():
            total.add(counts)
        return total

    def add(self, other: Scoreboard) -> None:
        self.passages += other.passages
        for kind, counts in other.facts.items():
            self.facts.setdefault(kind, Counts()).add(counts)
        for kind, counts in other.signals.items():
            self.signals.setdefault(kind, Counts()).add(counts)
        self.orgs.add(other.orgs)
        self.money.add(other.money)
        self.money_value.add(other.money_value)
        for name, ratio in other.fields.items():
            self.fields.setdefault(name, Ratio()).add(ratio)
        self.hedged_status.add(other.hedged_status)
        self.trap_facts += other.trap_facts
        self.misses.extend(other.misses)


def score_orgs(predicted: Iterable[str], gold: Iterable[str]) -> tuple[Counts, set[str], set[str]]:
    """Set comparison of one passage's orgs, case-insensitive: counts, missed and extra names."""
    pred = {normalize_name(o) for o in predicted if normalize_name(o)}
    want = {normalize_name(o) for o in gold if normalize_name(o)}
    return Counts(len(pred & want), len(pred - want), len(want - pred)), want - pred, pred - want


def _money_match(predicted: dict, gold: dict) -> bool:
    return (str(predicted.get("currency") or "").upper() == gold.get("currency")
            and amounts_close(predicted.get("value"), gold.get("value"), MONEY_TOLERANCE))


def score_money(predicted: list[dict], gold: list[dict]) -> tuple[Counts, Ratio, list[dict], list[dict]]:
    """One-to-one money matching (value within 0.5%, same currency) and value accuracy.

    Value accuracy counts a gold item as found when any predicted item of the passage agrees with it.
    """
    free = list(range(len(predicted)))
    counts, accuracy, missed = Counts(), Ratio(), []
    for item in gold:
        accuracy.count(any(_money_match(p, item) for p in predicted))
        hit = next((i for i in free if _money_match(predicted[i], item)), None)
        if hit is None:
            counts.fn += 1
            missed.append(item)
        else:
            free.remove(hit)
            counts.tp += 1
    counts.fp = len(free)
    return counts, accuracy, missed, [predicted[i] for i in free]


def _describe(fact: Fact) -> dict:
    return {k: v for k, v in fact.items() if k not in ("evidence", "confidence")}


def score_passage(predicted: dict, gold_row: dict) -> Scoreboard:
    """Score one extractor output object against one dev-set row (its `gold` and `tags`)."""
    board = Scoreboard(passages=1)
    pid = str(gold_row.get("id"))
    gold = gold_row["gold"]
    pred_facts = [f for f in predicted.get("facts") or [] if isinstance(f, dict)]
    pred_facts, gold_facts = drop_round_valuation_duplicates(pred_facts, list(gold.get("facts") or []))
    matching = match_facts(pred_facts, gold_facts)
    for p, g in matching.pairs:
        board.facts.setdefault(gold_facts[g]["type"], Counts()).tp += 1
        _score_fields(board, pid, pred_facts[p], gold_facts[g])
    trap_passage = any(str(tag).startswith("trap_") for tag in gold_row.get("tags") or [])
    for p in matching.unmatched_predicted:
        board.facts.setdefault(str(pred_facts[p].get("type")), Counts()).fp += 1
        kind = "trap_fact" if trap_passage else "false_positive"
        board.misses.append(Miss(pid, kind, "fact", _describe(pred_facts[p])))
    for g in matching.unmatched_gold:
        board.facts.setdefault(gold_facts[g]["type"], Counts()).fn += 1
        board.misses.append(Miss(pid, "missed", "fact", gold_facts[g]))
    if trap_passage:
        board.trap_facts = len(matching.unmatched_predicted)

    if "signals" in gold:
        _score_signals(board, pid, [s for s in predicted.get("signals") or [] if isinstance(s, dict)], gold["signals"])

    board.orgs, missed_orgs, extra_orgs = score_orgs(predicted.get("orgs") or [], gold.get("orgs") or [])
    board.misses += [Miss(pid, "missed", "org", o) for o in sorted(missed_orgs)]
    board.misses += [Miss(pid, "false_positive", "org", o) for o in sorted(extra_orgs)]

    pred_money = [m for m in predicted.get("money") or [] if isinstance(m, dict)]
    board.money, board.money_value, missed_money, extra_money = score_money(pred_money, gold.get("money") or [])
    board.misses += [Miss(pid, "missed", "money", m) for m in missed_money]
    board.misses += [Miss(pid, "false_positive", "money", {k: m.get(k) for k in ("surface", "value", "currency")})
                     for m in extra_money]
    return board


def _score_signals(board: Scoreboard, pid: str, predicted: list[Fact], gold: list[Fact]) -> None:
    """Signals matched like facts, by their type's identity fields (docs/signals.md)."""
    matching = match_facts(predicted, gold)
    for _, g in matching.pairs:
        board.signals.setdefault(gold[g]["type"], Counts()).tp += 1
    for p in matching.unmatched_predicted:
        board.signals.setdefault(str(predicted[p].get("type")), Counts()).fp += 1
        board.misses.append(Miss(pid, "false_positive", "signal", _describe(predicted[p])))
    for g in matching.unmatched_gold:
        board.signals.setdefault(gold[g]["type"], Counts()).fn += 1
        board.misses.append(Miss(pid, "missed", "signal", gold[g]))


def _score_fields(board: Scoreboard, pid: str, predicted: Fact, gold: Fact) -> None:
    checks: dict[str, tuple[bool, Any, Any]] = {}
    if gold["type"] == "funding_round":
        pred_investors = {normalize_name(i) for i in predicted.get("investors") or []}
        gold_investors = {normalize_name(i) for i in gold.get("investors") or []}
        checks["funding_round.investors"] = (pred_investors == gold_investors,
                                             predicted.get("investors"), gold.get("investors"))
        checks["funding_round.valuation"] = (amounts_close(predicted.get("valuation"), gold.get("valuation")),
                                             predicted.get("valuation"), gold.get("valuation"))
        checks["funding_round.round"] = (predicted.get("round") == gold.get("round"),
                                         predicted.get("round"), gold.get("round"))
    checks["status"] = (status_of(predicted) == status_of(gold), status_of(predicted), status_of(gold))
    if status_of(gold) == "talks":
        board.hedged_status.count(status_of(predicted) == "talks")
    for name, (ok, got, want) in checks.items():
        board.fields.setdefault(name, Ratio()).count(ok)
        if not ok:
            board.misses.append(Miss(pid, "wrong_field", name, {"got": got, "want": want, "fact": gold}))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
