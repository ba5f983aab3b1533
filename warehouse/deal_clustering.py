"""One row per real-world event: cluster the facts that report the same deal, then rebuild the typed tables.

Why cluster: five outlets in two languages report one Mistral round over three days; `funding_rounds` must
hold it once, with `sources = 5` and every report linked in `deal_sources`.

When a report happened: the period its fact states (`as_of`, e.g. "up from $1.5 billion in March 2024",
resolved by the extractor to 2024-03-01), else its article's publication day. A report without a usable date
(an `as_of` the extractor could not resolve, or an article whose feed gave no date or a future one, so that its
"publication day" is only the fetch day) dates nothing: it joins an event it agrees with, and an event only
such reports know keeps NULL dates and `date_unknown = true` instead of the fetch day.

Rules (all reports of one type, grouped by the resolved company ids, so a child and its parent stay apart;
windows and tolerances are the fact-type registry's, `extractors/nlp/fact_types.py`):
* same group, reported within the type's `window_days` (7; 365 for valuations: a valuation holds until a
  different one is reported) of the cluster's latest report, amounts within `report_tolerance` (5 %) after
  conversion to USD -- or one side without an amount -- and no different specific value of a
  `conflict_fields` field (a round's label) -> same event; different amounts -> different events (a $2bn
  and a $300m round of the same company in one week);
* reports that disagree only on `conflict_fields` (a valuation's amount, a round's label; both amounts stated
  for a label) and lie at most `conflict_window_days` (2) apart disagree about the same moment: one event,
  `conflicting = true`. Further apart, a different value is a new event: DeepL valued at $2bn on 13 Nov and at
  $5bn on 19 Nov are two valuations (the second with `previous_usd` and `change_pct`), a Series C after a
  Series B is a second round;
* a report joins the candidate cluster whose amount is closest (then the most recent);
* `status = 'talks'` reports cluster among themselves; a talks report never joins a completed deal, and a
  deal already completed does not absorb later talks (those are new talks);
* promotion: a completed report joins a talks cluster whose latest report lies at most `PROMOTION_DAYS`
  (45) earlier, amounts compatible. The event becomes `completed`; `announced_on` / `as_of` is the date of
  the first *completed* report (when the deal was announced), `first_reported_on` the first report of any
  status (when the talks surfaced);
* disagreement inside one event (two valuations more than 5 % apart, two specific round labels) is kept:
  one row, `conflicting = true`, `conflict_note` naming every value and how many reports gave it; the
  row's value is the one most reports gave (ties: the earliest).

Valuations come from `valuation` facts and from the `valuation` of `funding_round` facts (the contract lets
an extractor emit either or both), so a round's valuation also appears in `valuation_history`.

`deal_id` = sha1(type, company ids, earliest fact id of the cluster)[:16]: stable across rebuilds as long
as the earliest report of the event is the same.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import pyarrow as pa

from extractors.nlp.fact_types import AS_OF, FACT_TYPES, FactType, amounts_agree as fact_amounts_agree
from extractors.nlp.knowledge_base import company_id
from warehouse.amounts import format_money
from warehouse.fx_rates import RateTable
from warehouse.named_queries import query

log = logging.getLogger(__name__)

WINDOW_DAYS = FACT_TYPES["funding_round"].window_days
PROMOTION_DAYS = 45
AMOUNT_TOLERANCE = FACT_TYPES["funding_round"].report_tolerance

TYPED_TABLES = tuple(kind.table for kind in FACT_TYPES.values())
KIND_OF_TABLE = {kind.table: kind for kind in FACT_TYPES.values()}


@dataclass
class Report:
    """One fact as a report of an event: what clustering compares, plus the payload to build the row from."""

    fact_id: str
    article_id: str
    day: date | None  # the day it is about: its `as_of` period, else its article's day; None: not known
    status: str
    payload: dict[str, Any]
    measure: float | None  # what must agree: amount in USD, valuation in USD, percent points ...
    reported_on: date | None = None  # the article's day (for an undated article: its fetch day)
    as_of_text: str | None = None  # the period as the article wrote it ...
    from_period: bool = False  # ... when the fact states one (`as_of`): then `day` is that period's

    @property
    def rate_day(self) -> date:
        """The day an amount is converted at: the day it is about, else when it was reported."""
        return self.day or self.reported_on or date.min


def _specific(value: Any) -> bool:
    """A label that says something ('series_c'); None and 'unknown' match any label."""
    return value is not None and value != "unknown"


class Cluster:
    """Reports of one event; status, latest day, reference measure and the labels of its `label_fields` are
    kept up to date on `add`, because clustering asks for them once per candidate report."""

    def __init__(self, reports: list[Report] | None = None, label_fields: tuple[str, ...] = ()) -> None:
        self.reports: list[Report] = []
        self._measures: Counter = Counter()
        self._first_seen: dict[float, int] = {}
        self.status = "talks"
        self.first_day: date | None = None  # earliest and latest dated report; None while only undated
        self.last_day: date | None = None   # reports are known
        self.measure: float | None = None
        self.label_fields = label_fields
        self.labels: dict[str, set] = {f: set() for f in label_fields}
        for report in reports or []:
            self.add(report)

    def labels_agree(self, report: Report) -> bool:
        """No label field where both the report and the event name a specific value and they differ."""
        for field in self.label_fields:
            value = report.payload.get(field)
            if _specific(value) and self.labels[field] and value not in self.labels[field]:
                return False
        return True

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if report.status == "completed":
            self.status = "completed"
        if report.day is not None:
            self.first_day = report.day if self.first_day is None else min(self.first_day, report.day)
            self.last_day = report.day if self.last_day is None else max(self.last_day, report.day)
        for field in self.label_fields:
            if _specific(report.payload.get(field)):
                self.labels[field].add(report.payload.get(field))
        if report.measure is not None:
            self._measures[report.measure] += 1
            self._first_seen.setdefault(report.measure, len(self.reports))
            # the value most reports gave (ties: the earliest), the cluster's reference for comparisons
            self.measure = min(self._measures, key=lambda v: (-self._measures[v], self._first_seen[v]))


def mode(values: list[Any]) -> Any:
    """Most frequent value; ties go to the one seen first (reports are in date order)."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def amounts_agree(a: float | None, b: float | None, tolerance: float = AMOUNT_TOLERANCE) -> bool:
    """Across reports a missing amount agrees with any amount (a report without a price joins its deal)."""
    return a is None or b is None or fact_amounts_agree(a, b, tolerance)


@dataclass(frozen=True)
class Conflicts:
    """Which disagreements still make one event (the registry's `conflict_fields`, split into the measure and
    label fields) and how far apart such reports may be (`conflict_window_days`)."""

    measure: bool = False
    labels: tuple[str, ...] = ()
    window_days: int = 0

    @classmethod
    def of(cls, kind: FactType) -> "Conflicts":
        return cls(measure=kind.measure in kind.conflict_fields,
                   labels=tuple(f for f in kind.conflict_fields if f != kind.measure),
                   window_days=kind.conflict_window_days)


def _status_allows(report: Report, cluster: Cluster, gap: int, window_days: int, promotion_days: int) -> bool:
    if report.status == "talks":
        return cluster.status == "talks" and gap <= window_days
    if cluster.status == "completed":
        return gap <= window_days
    return gap <= promotion_days


def _superseded(cluster: Cluster, candidates: list[Cluster], agree: Callable[[float | None, float | None], bool]) -> bool:
    """A later event of the same status with another value replaced this one: a company is worth one value at
    a time, so a report of the old value now is a new event (a down round back to it), not this one again."""
    return any(other is not cluster and other.status == cluster.status and other.first_day > cluster.last_day
               and not agree(other.measure, cluster.measure) for other in candidates)


def _conflict_allowed(report: Report, cluster: Cluster, measure_agrees: bool, labels_agree: bool,
                      conflicts: Conflicts) -> bool:
    """Disagreeing only on conflict fields, about the same moment: at most the conflict window apart. A label
    conflict needs both amounts stated and agreeing (an amount-less "Series C" next to a Series B is not it)."""
    if (report.day - cluster.last_day).days > conflicts.window_days:
        return False
    if not measure_agrees and not conflicts.measure:
        return False
    return labels_agree or bool(conflicts.labels and report.measure is not None and cluster.measure is not None)


def _best_cluster(report: Report, candidates: list[Cluster], *, window_days: int, promotion_days: int,
                  agree: Callable[[float | None, float | None], bool], conflicts: Conflicts) -> Cluster | None:
    """The cluster a dated report joins: one it agrees with (closest amount, then the most recent), else one
    it disagrees with only on conflict fields within the conflict window (the most recent), else None."""
    best: Cluster | None = None
    best_key: tuple | None = None
    for cluster in candidates:
        gap = (report.day - cluster.last_day).days
        if not _status_allows(report, cluster, gap, window_days, promotion_days):
            continue
        measure_agrees = agree(report.measure, cluster.measure)
        labels_agree = cluster.labels_agree(report)
        if measure_agrees and labels_agree and not (conflicts.measure and _superseded(cluster, candidates, agree)):
            distance = abs(report.measure - cluster.measure) if report.measure and cluster.measure else 0.0
            key = (0, distance, -cluster.last_day.toordinal())
        elif _conflict_allowed(report, cluster, measure_agrees, labels_agree, conflicts):
            key = (1, 0.0, -cluster.last_day.toordinal())
        else:
            continue
        if best_key is None or key < best_key:
            best, best_key = cluster, key
    return best


def _nearest_agreeing(report: Report, clusters: list[Cluster], agree: Callable[[float | None, float | None], bool],
                      window_days: int) -> Cluster | None:
    """For a report dated by a period: the event of its status it agrees with whose dates lie nearest the
    period's first day, at most `window_days` away (ties: the earlier event)."""
    best, best_key = None, None
    for cluster in clusters:
        if cluster.status != report.status or cluster.first_day is None or not cluster.labels_agree(report) \
                or not agree(report.measure, cluster.measure):
            continue
        distance = 0 if cluster.first_day <= report.day <= cluster.last_day else \
            min(abs((cluster.first_day - report.day).days), abs((cluster.last_day - report.day).days))
        key = (distance, cluster.first_day)
        if distance <= window_days and (best_key is None or key < best_key):
            best, best_key = cluster, key
    return best


def cluster_reports(reports: list[Report], *, window_days: int = WINDOW_DAYS, promotion_days: int = PROMOTION_DAYS,
                    agree: Callable[[float | None, float | None], bool] = amounts_agree,
                    conflicts: Conflicts = Conflicts(), period_window_days: int = 0) -> list[Cluster]:
    """Three passes, each in a fixed order (so the result does not depend on input order):

    1. reports dated by their publication, greedy in date order (then fact id);
    2. reports dated by a period they state ("in March 2024"): each joins the event it agrees with nearest the
       period (at most `period_window_days` away), else an event of the period; a period is
       too coarse to disagree with a day, so they never make an event `conflicting` and are not walked in date
       order with the rest (1 March would come before the 3 March report it restates);
    3. undated reports: each joins the most recent event of its status it agrees with that had begun by the
       day it was fetched, else an event of undated reports."""
    clusters: list[Cluster] = []
    open_clusters: list[Cluster] = []   # clusters a later report can still join (reports come in date order)
    horizon = max(window_days, promotion_days, conflicts.window_days)
    dated = sorted((r for r in reports if r.day is not None and not r.from_period), key=lambda r: (r.day, r.fact_id))
    for report in dated:
        open_clusters = [c for c in open_clusters if (report.day - c.last_day).days <= horizon]
        best = _best_cluster(report, open_clusters, window_days=window_days, promotion_days=promotion_days,
                             agree=agree, conflicts=conflicts)
        if best is None:
            best = Cluster(label_fields=conflicts.labels)
            clusters.append(best)
            open_clusters.append(best)
        best.add(report)
    for report in sorted((r for r in reports if r.day is not None and r.from_period), key=lambda r: (r.day, r.fact_id)):
        best = _nearest_agreeing(report, clusters, agree, period_window_days)
        if best is None:
            best = Cluster(label_fields=conflicts.labels)
            clusters.append(best)
        best.add(report)
    for report in sorted((r for r in reports if r.day is None), key=lambda r: r.fact_id):
        # it was fetched on `reported_on`, so it can only be about an event that had begun by then
        matching = [c for c in clusters if c.status == report.status and agree(report.measure, c.measure)
                    and c.labels_agree(report) and (c.first_day is None or report.reported_on is None
                                                    or c.first_day <= report.reported_on)]
        best = max(matching, key=lambda c: c.last_day or date.min, default=None)
        if best is None:
            best = Cluster(label_fields=conflicts.labels)
            clusters.append(best)
        best.add(report)
    return clusters


def deal_id(deal_type: str, ids: tuple[str, ...], cluster: Cluster) -> str:
    earliest = min(cluster.reports, key=lambda r: (r.day or date.max, r.fact_id)).fact_id
    return hashlib.sha1("|".join((deal_type, *ids, earliest)).encode("utf-8")).hexdigest()[:16]


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _distinct_values(reports: list[Report], value: Callable[[Report], float | None],
                     label: Callable[[Report], str]) -> list[tuple[str, int, float]]:
    """Groups of agreeing values (within tolerance) as (label of the first, reports, value), most reported first."""
    groups: list[list[Report]] = []
    for r in reports:
        v = value(r)
        if v is None:
            continue
        for group in groups:
            if amounts_agree(value(group[0]), v):
                group.append(r)
                break
        else:
            groups.append([r])
    ranked = sorted(groups, key=lambda g: (-len(g), g[0].day or date.max, g[0].fact_id))
    return [(label(g[0]), len(g), value(g[0])) for g in ranked]


def conflict_text(what: str, groups: list[tuple[str, int, Any]]) -> str:
    parts = [f"{text} ({n} report{'s' if n != 1 else ''})" for text, n, _ in groups]
    return f"{what} reported as " + " vs ".join(parts)


@dataclass
class Context:
    rates: RateTable
    names: dict[str, str]  # company_id -> canonical name
    forms: dict[str, str] | None = None  # lower-cased name or alias -> company_id

    def resolve(self, name: str | None) -> tuple[str, str] | None:
        """(company_id, display name) for a name from a fact: a known name or alias resolves to its company,
        anything else to the slug of its own spelling (as discovered companies are stored)."""
        if not name:
            return None
        cid = (self.forms or {}).get(name.casefold()) or company_id(name)
        return cid, self.names.get(cid, name)

    def usd(self, amount: Any, currency: Any, on: date) -> float | None:
        return self.rates.to_usd(_number(amount), currency, on)[0]


def _dates(cluster: Cluster) -> dict[str, Any]:
    """The event's dates from its dated reports only; all None (and `unknown`) when none is dated. `rate`
    is the day amounts are converted at (the event's date, else the earliest report's day).

    A report dated by the day it was published beats one dated by a period it names: "valued at $183bn in
    September" (1 Sep) joins the round reported on 2 Sep, which stays the event's date."""
    dated = [r for r in cluster.reports if r.day is not None]
    if not dated:
        return {"announced": None, "first": None, "last": None, "unknown": True,
                "rate": min(r.rate_day for r in cluster.reports), "as_of_text": None}
    dated = [r for r in dated if not r.from_period] or dated
    completed = [r for r in dated if r.status == "completed"]
    announcing = min(completed or dated, key=lambda r: (r.day, r.fact_id))
    return {"announced": announcing.day, "first": min(r.day for r in dated), "last": max(r.day for r in dated),
            "unknown": False, "rate": announcing.day, "as_of_text": announcing.as_of_text}


def _sources(cluster: Cluster) -> int:
    return len({r.article_id for r in cluster.reports})


def _preferred(cluster: Cluster) -> list[Report]:
    """Completed reports speak for the deal when there are any; talks reports otherwise."""
    completed = [r for r in cluster.reports if r.status == "completed"]
    return completed or cluster.reports


def _pick(reports: list[Report], key: str) -> Any:
    return mode([r.payload.get(key) for r in reports if r.payload.get(key) is not None])


def funding_round_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    d = _dates(cluster)
    reports = _preferred(cluster)
    investee_id, investee = ctx.resolve(reports[0].payload.get("investee"))
    target = Cluster(reports).measure
    amount_report = next((r for r in reports if target is not None and r.measure == target),
                         next((r for r in reports if _number(r.payload.get("amount")) is not None), None))
    amount = _number(amount_report.payload.get("amount")) if amount_report else None
    currency = amount_report.payload.get("currency") if amount_report else _pick(reports, "currency")
    amount_usd, rate_date = ctx.rates.to_usd(amount, currency, d["rate"])

    def valuation_usd(r: Report) -> float | None:
        return ctx.usd(r.payload.get("valuation"), r.payload.get("currency"), r.rate_day)

    valuations = _distinct_values(cluster.reports, valuation_usd,
                                  lambda r: format_money(_number(r.payload.get("valuation")), r.payload.get("currency")))
    notes = []
    valuation = valuation_currency = valuation_in_usd = None
    if valuations:
        chosen = next(r for r in cluster.reports if valuation_usd(r) is not None and amounts_agree(valuation_usd(r), valuations[0][2]))
        valuation, valuation_currency = _number(chosen.payload.get("valuation")), chosen.payload.get("currency")
        valuation_in_usd, v_rate = ctx.rates.to_usd(valuation, valuation_currency, d["rate"])
        rate_date = rate_date or v_rate
        if len(valuations) > 1:
            notes.append(conflict_text("valuation", valuations))
    rounds = [r.payload.get("round") for r in cluster.reports if r.payload.get("round") not in (None, "unknown")]
    round_counts = Counter(rounds)
    if len(round_counts) > 1:
        notes.append(conflict_text("round", [(k, n, k) for k, n in round_counts.most_common()]))
    investor_counts: Counter[str] = Counter()
    order: list[str] = []
    for r in cluster.reports:
        for name in r.payload.get("investors") or []:
            resolved = ctx.resolve(name)
            if resolved and resolved[0] != investee_id:
                investor_counts[resolved[1]] += 1
                if resolved[1] not in order:
                    order.append(resolved[1])
    lead = _pick(cluster.reports, "lead")
    return {
        "deal_id": deal_id("funding_round", ids, cluster), "investee": investee, "investee_id": investee_id,
        "amount": amount, "currency": currency if amount is not None else None, "amount_usd": amount_usd,
        "valuation": valuation, "valuation_currency": valuation_currency, "valuation_usd": valuation_in_usd,
        "round": mode(rounds) or "unknown",
        "investors": sorted(order, key=lambda n: (-investor_counts[n], order.index(n))),
        "lead_investor": ctx.resolve(lead)[1] if lead else None,
        "status": cluster.status, "announced_on": d["announced"], "first_reported_on": d["first"],
        "last_reported_on": d["last"], "sources": _sources(cluster), "rate_date": rate_date,
        "conflicting": bool(notes), "conflict_note": "; ".join(notes) or None, "date_unknown": d["unknown"],
    }


def valuation_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    d = _dates(cluster)
    reports = _preferred(cluster)
    cid, name = ctx.resolve(reports[0].payload.get("company"))
    groups = _distinct_values(cluster.reports, lambda r: r.measure,
                              lambda r: format_money(_number(r.payload.get("amount")), r.payload.get("currency")))
    chosen = next(r for r in reports if r.measure is not None and amounts_agree(r.measure, groups[0][2])) \
        if groups and any(r.measure is not None and amounts_agree(r.measure, groups[0][2]) for r in reports) else reports[0]
    amount, currency = _number(chosen.payload.get("amount")), chosen.payload.get("currency")
    amount_usd, rate_date = ctx.rates.to_usd(amount, currency, d["rate"])
    return {"deal_id": deal_id("valuation", ids, cluster), "company": name, "company_id": cid, "amount": amount,
            "currency": currency, "amount_usd": amount_usd, "status": cluster.status, "as_of": d["announced"],
            "as_of_text": d["as_of_text"], "first_reported_on": d["first"], "sources": _sources(cluster),
            "rate_date": rate_date, "conflicting": len(groups) > 1,
            "conflict_note": conflict_text("valuation", groups) if len(groups) > 1 else None,
            "date_unknown": d["unknown"]}


def _first_stated_amount(reports: list[Report], ctx: Context,
                         on: date) -> tuple[float | None, str | None, float | None, date | None]:
    """Amount, currency, USD value and rate date of a deal, taken from the first preferred report stating an amount.

    Investments and acquisitions are often reported once with a price and again without one; the report with a
    price speaks for the deal. The currency is kept only alongside an amount.
    """
    with_amount = [r for r in reports if r.measure is not None]
    chosen = with_amount[0] if with_amount else reports[0]
    amount, currency = _number(chosen.payload.get("amount")), chosen.payload.get("currency")
    amount_usd, rate_date = ctx.rates.to_usd(amount, currency, on)
    return amount, currency if amount is not None else None, amount_usd, rate_date


def pair_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context, kind: FactType) -> dict[str, Any]:
    """A deal between two organisations (investments, acquisitions): each role with its company id, the amount
    of the first report that states one; investments also carry the running total."""
    d = _dates(cluster)
    reports = _preferred(cluster)
    row: dict[str, Any] = {"deal_id": deal_id(kind.name, ids, cluster)}
    for role in kind.roles:
        role_id, name = ctx.resolve(reports[0].payload.get(role))
        row[role], row[f"{role}_id"] = name, role_id
    amount, currency, amount_usd, rate_date = _first_stated_amount(reports, ctx, d["rate"])
    row.update({"amount": amount, "currency": currency, "amount_usd": amount_usd})
    if "cumulative_amount" in kind.money:
        row["cumulative_amount"] = _number(_pick(reports, "cumulative_amount"))
    row.update({"status": cluster.status, "as_of": d["announced"], "first_reported_on": d["first"],
                "sources": _sources(cluster), "rate_date": rate_date, "date_unknown": d["unknown"]})
    return row


def stock_move_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    first = cluster.reports[0]
    cid, name = ctx.resolve(first.payload.get("company"))
    d = _dates(cluster)
    return {"deal_id": deal_id("stock_move", ids, cluster), "company": name, "company_id": cid,
            "percent": cluster.measure, "direction": first.payload.get("direction"),
            "period": _pick(cluster.reports, "period"), "as_of": d["first"], "sources": _sources(cluster),
            "date_unknown": d["unknown"]}


def model_release_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    first = cluster.reports[0]
    cid, name = ctx.resolve(first.payload.get("company"))
    d = _dates(cluster)
    return {"deal_id": deal_id("model_release", ids, cluster), "company": name, "company_id": cid,
            "model": mode([r.payload.get("model") for r in cluster.reports]), "as_of": d["first"],
            "sources": _sources(cluster), "date_unknown": d["unknown"]}


def _measure(kind: FactType, payload: dict[str, Any], day: date, ctx: Context) -> float | None:
    """What reports of one event must agree on: the amount in USD, or the percentage points."""
    if kind.measure is None:
        return None
    if kind.measure_in_points:
        return _number(payload.get(kind.measure))
    return ctx.usd(payload.get(kind.measure), payload.get("currency"), day)


def _cluster_key(kind: FactType, payload: dict[str, Any], ctx: Context) -> tuple | None:
    """Resolved company ids of the type's cluster roles plus its other key values (direction, model); None
    when one is missing."""
    key = []
    for field in kind.cluster_key:
        value = payload.get(field)
        if field in kind.roles:
            value = (ctx.resolve(value) or (None,))[0]
        elif isinstance(value, str):
            value = value.casefold() if field == "model" else value
        key.append(value)
    return tuple(key) if all(key) else None


def report_day(payload: dict[str, Any], published_on: date | None, dated: bool = True) -> tuple[date | None, str | None]:
    """(the day a fact is about, the period as written): its `as_of` period when it states one (None when the
    extractor could not resolve it: an earlier, unknown moment), else its article's day -- unless the article
    has no usable date, whose day is only the fetch day."""
    as_of = payload.get(AS_OF)
    if isinstance(as_of, dict):
        try:
            resolved = date.fromisoformat(str(as_of.get("date"))[:10]) if as_of.get("date") else None
        except ValueError:
            resolved = None
        if resolved and published_on and dated and resolved > published_on:
            resolved = published_on      # a report cannot be about a period after it was written
        return resolved, as_of.get("text")
    return (published_on if dated else None), None


def _reports_by_table(facts: list[tuple], ctx: Context) -> dict[str, dict[tuple, list[Report]]]:
    """Facts -> reports, grouped per typed table and per cluster key. A funding round that states its
    valuation is also a report of a valuation event (the contract lets an extractor emit either or both);
    its `as_of` dates both."""
    grouped: dict[str, dict[tuple, list[Report]]] = {t: {} for t in TYPED_TABLES}
    for fid, ftype, article_id, payload_text, status, published_on, *flags in facts:
        payload = json.loads(payload_text) if isinstance(payload_text, str) else payload_text
        kind = FACT_TYPES.get(ftype)
        if kind is None:
            continue
        day, as_of_text = report_day(payload, published_on, dated=flags[0] if flags else True)
        views = [(kind, payload)]
        if ftype == "funding_round" and payload.get("valuation") is not None:
            views.append((FACT_TYPES["valuation"], {"company": payload.get("investee"), "amount": payload.get("valuation"),
                                                    "currency": payload.get("currency")}))
        for view_kind, view in views:
            key = _cluster_key(view_kind, view, ctx)
            if key is not None:
                measure = _measure(view_kind, view, day or published_on, ctx)
                report = Report(fid, article_id, day, status, view, measure, published_on, as_of_text,
                                from_period=isinstance(payload.get(AS_OF), dict))
                grouped[view_kind.table].setdefault(key, []).append(report)
    return grouped


def _agreement(kind: FactType) -> Callable[[float | None, float | None], bool]:
    """How two reports' measures must agree to be one event (the registry's report tolerance)."""
    tolerance = kind.report_tolerance
    if tolerance is None:
        return lambda a, b: True  # e.g. model releases: there is no figure to disagree on
    if kind.measure_in_points:
        return lambda a, b: a is None or b is None or abs(a - b) <= tolerance
    return lambda a, b: amounts_agree(a, b, tolerance)


BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "funding_rounds": funding_round_rows,
    "valuations": valuation_rows,
    "investments": lambda cluster, ids, ctx: pair_rows(cluster, ids, ctx, FACT_TYPES["investment"]),
    "acquisitions": lambda cluster, ids, ctx: pair_rows(cluster, ids, ctx, FACT_TYPES["acquisition"]),
    "stock_moves": stock_move_rows,
    "model_releases": model_release_rows,
}


def build_events(facts: list[tuple], ctx: Context) -> tuple[dict[str, list[dict]], list[dict]]:
    """(rows per typed table, deal_sources rows) from (fact_id, type, article_id, payload, status, day[, dated])
    tuples; `dated` (default true) is false for a fact of an article without a usable date."""
    rows: dict[str, list[dict]] = {t: [] for t in TYPED_TABLES}
    sources: list[dict] = []
    for table, groups in _reports_by_table(facts, ctx).items():
        kind = KIND_OF_TABLE[table]
        for key in sorted(groups):
            for cluster in cluster_reports(groups[key], window_days=kind.window_days, agree=_agreement(kind),
                                           conflicts=Conflicts.of(kind), period_window_days=kind.period_window_days):
                row = BUILDERS[table](cluster, key, ctx)
                rows[table].append(row)
                sources += [{"deal_type": table, "deal_id": row["deal_id"], "article_id": r.article_id,
                             "fact_id": r.fact_id} for r in cluster.reports]
    return rows, sources


def rebuild_typed_tables(con) -> dict[str, int]:
    """Replace every typed table and deal_sources with the clustering of all stored facts (one transaction:
    the caller's)."""
    companies = con.execute("SELECT company_id, name, aliases FROM companies").fetchall()
    forms = {alias.casefold(): cid for cid, _, aliases in companies for alias in aliases or []}
    forms.update({name.casefold(): cid for cid, name, _ in companies})
    ctx = Context(rates=RateTable.from_connection(con), names={cid: name for cid, name, _ in companies}, forms=forms)
    facts = con.execute(query("deal_candidate_facts")).fetchall()
    rows, sources = build_events(facts, ctx)
    counts = {}
    for table in TYPED_TABLES:
        con.execute(f"DELETE FROM {table}")
        if rows[table]:
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
            arrow = pa.Table.from_pylist([{c: r.get(c) for c in columns if c in r} for r in rows[table]])
            con.register("staged_events", arrow)
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged_events")
            finally:
                con.unregister("staged_events")
        counts[table] = len(rows[table])
    con.execute(query("valuation_changes"))
    con.execute("DELETE FROM deal_sources")
    if sources:
        con.register("staged_sources", pa.Table.from_pylist(sources))
        try:
            con.execute("INSERT INTO deal_sources BY NAME SELECT DISTINCT * FROM staged_sources")
        finally:
            con.unregister("staged_sources")
    counts["deal_sources"] = len(sources)
    log.info("typed tables rebuilt from %d facts: %s", len(facts), counts)
    return counts
