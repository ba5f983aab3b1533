"""One row per real-world event: cluster the facts that report the same deal, then rebuild the typed tables.

Why cluster: five outlets in two languages report one Mistral round over three days; `funding_rounds` must
hold it once, with `sources = 5` and every report linked in `deal_sources`.

Rules (all reports of one type, grouped by the resolved company ids, so a child and its parent stay apart):
* same group, reported within `WINDOW_DAYS` (7) of the cluster's latest report, and amounts within
  `AMOUNT_TOLERANCE` (5 %) after conversion to USD -- or one side without an amount -> same event;
  different amounts -> different events (a $2bn and a $300m round of the same company in one week);
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

Valuations of one company within the window are one event whatever their amounts (nobody is re-valued
twice in a week; two figures are reports disagreeing), so disagreement is flagged there too.
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

from extractors.nlp.fact_types import FACT_TYPES, FactType, amounts_agree as fact_amounts_agree
from extractors.nlp.knowledge_base import company_id
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
    day: date
    status: str
    payload: dict[str, Any]
    measure: float | None  # what must agree: amount in USD, valuation in USD, percent points ...


class Cluster:
    """Reports of one event; status, latest day and reference measure are kept up to date on `add`, because
    clustering asks for them once per candidate report."""

    def __init__(self, reports: list[Report] | None = None) -> None:
        self.reports: list[Report] = []
        self._measures: Counter = Counter()
        self._first_seen: dict[float, int] = {}
        self.status = "talks"
        self.last_day = date.min
        self.measure: float | None = None
        for report in reports or []:
            self.add(report)

    def add(self, report: Report) -> None:
        self.reports.append(report)
        if report.status == "completed":
            self.status = "completed"
        self.last_day = max(self.last_day, report.day)
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


def cluster_reports(reports: list[Report], *, window_days: int = WINDOW_DAYS, promotion_days: int = PROMOTION_DAYS,
                    agree: Callable[[float | None, float | None], bool] = amounts_agree) -> list[Cluster]:
    """Greedy, in date order (then fact id, so the result does not depend on input order)."""
    clusters: list[Cluster] = []
    open_clusters: list[Cluster] = []   # clusters a later report can still join (reports come in date order)
    horizon = max(window_days, promotion_days)
    for report in sorted(reports, key=lambda r: (r.day, r.fact_id)):
        open_clusters = [c for c in open_clusters if (report.day - c.last_day).days <= horizon]
        best: Cluster | None = None
        best_key: tuple | None = None
        for cluster in open_clusters:
            gap = (report.day - cluster.last_day).days
            if report.status == "talks":
                eligible = cluster.status == "talks" and gap <= window_days
            elif cluster.status == "completed":
                eligible = gap <= window_days
            else:
                eligible = gap <= promotion_days
            if not eligible or not agree(report.measure, cluster.measure):
                continue
            distance = abs((report.measure or 0) - (cluster.measure or 0)) if report.measure and cluster.measure else 0.0
            key = (distance, -cluster.last_day.toordinal())
            if best_key is None or key < best_key:
                best, best_key = cluster, key
        if best is None:
            best = Cluster()
            clusters.append(best)
            open_clusters.append(best)
        best.add(report)
    return clusters


def deal_id(deal_type: str, ids: tuple[str, ...], cluster: Cluster) -> str:
    earliest = min(cluster.reports, key=lambda r: (r.day, r.fact_id)).fact_id
    return hashlib.sha1("|".join((deal_type, *ids, earliest)).encode("utf-8")).hexdigest()[:16]


def format_money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return "undisclosed"
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(amount) >= scale:
            return f"{currency or ''} {amount / scale:.4g}{suffix}".strip()
    return f"{currency or ''} {amount:.4g}".strip()


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
    ranked = sorted(groups, key=lambda g: (-len(g), g[0].day, g[0].fact_id))
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


def _dates(cluster: Cluster) -> dict[str, date]:
    completed = [r.day for r in cluster.reports if r.status == "completed"]
    days = [r.day for r in cluster.reports]
    return {"announced": min(completed) if completed else min(days), "first": min(days), "last": max(days)}


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
    amount_usd, rate_date = ctx.rates.to_usd(amount, currency, d["announced"])

    def valuation_usd(r: Report) -> float | None:
        return ctx.usd(r.payload.get("valuation"), r.payload.get("currency"), r.day)

    valuations = _distinct_values(cluster.reports, valuation_usd,
                                  lambda r: format_money(_number(r.payload.get("valuation")), r.payload.get("currency")))
    notes = []
    valuation = valuation_currency = valuation_in_usd = None
    if valuations:
        chosen = next(r for r in cluster.reports if valuation_usd(r) is not None and amounts_agree(valuation_usd(r), valuations[0][2]))
        valuation, valuation_currency = _number(chosen.payload.get("valuation")), chosen.payload.get("currency")
        valuation_in_usd, v_rate = ctx.rates.to_usd(valuation, valuation_currency, d["announced"])
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
        "conflicting": bool(notes), "conflict_note": "; ".join(notes) or None,
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
    amount_usd, rate_date = ctx.rates.to_usd(amount, currency, d["announced"])
    return {"deal_id": deal_id("valuation", ids, cluster), "company": name, "company_id": cid, "amount": amount,
            "currency": currency, "amount_usd": amount_usd, "status": cluster.status, "as_of": d["announced"],
            "first_reported_on": d["first"], "sources": _sources(cluster), "rate_date": rate_date,
            "conflicting": len(groups) > 1, "conflict_note": conflict_text("valuation", groups) if len(groups) > 1 else None}


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
    amount, currency, amount_usd, rate_date = _first_stated_amount(reports, ctx, d["announced"])
    row.update({"amount": amount, "currency": currency, "amount_usd": amount_usd})
    if "cumulative_amount" in kind.money:
        row["cumulative_amount"] = _number(_pick(reports, "cumulative_amount"))
    row.update({"status": cluster.status, "as_of": d["announced"], "first_reported_on": d["first"],
                "sources": _sources(cluster), "rate_date": rate_date})
    return row


def stock_move_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    first = cluster.reports[0]
    cid, name = ctx.resolve(first.payload.get("company"))
    return {"deal_id": deal_id("stock_move", ids, cluster), "company": name, "company_id": cid,
            "percent": cluster.measure, "direction": first.payload.get("direction"),
            "period": _pick(cluster.reports, "period"), "as_of": _dates(cluster)["first"], "sources": _sources(cluster)}


def model_release_rows(cluster: Cluster, ids: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    first = cluster.reports[0]
    cid, name = ctx.resolve(first.payload.get("company"))
    return {"deal_id": deal_id("model_release", ids, cluster), "company": name, "company_id": cid,
            "model": mode([r.payload.get("model") for r in cluster.reports]), "as_of": _dates(cluster)["first"],
            "sources": _sources(cluster)}


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


def _reports_by_table(facts: list[tuple], ctx: Context) -> dict[str, dict[tuple, list[Report]]]:
    """Facts -> reports, grouped per typed table and per cluster key. A funding round that states its
    valuation is also a report of a valuation event (the contract lets an extractor emit either or both)."""
    grouped: dict[str, dict[tuple, list[Report]]] = {t: {} for t in TYPED_TABLES}
    for fid, ftype, article_id, payload_text, status, day in facts:
        payload = json.loads(payload_text) if isinstance(payload_text, str) else payload_text
        kind = FACT_TYPES.get(ftype)
        if kind is None:
            continue
        views = [(kind, payload)]
        if ftype == "funding_round" and payload.get("valuation") is not None:
            views.append((FACT_TYPES["valuation"], {"company": payload.get("investee"), "amount": payload.get("valuation"),
                                                    "currency": payload.get("currency")}))
        for view_kind, view in views:
            key = _cluster_key(view_kind, view, ctx)
            if key is not None:
                report = Report(fid, article_id, day, status, view, _measure(view_kind, view, day, ctx))
                grouped[view_kind.table].setdefault(key, []).append(report)
    return grouped


def _agreement(kind: FactType) -> Callable[[float | None, float | None], bool]:
    """How two reports' measures must agree to be one event (the registry's report tolerance)."""
    tolerance = kind.report_tolerance
    if tolerance is None:
        return lambda a, b: True  # e.g. valuations within a window: disagreement is flagged, not split
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
    """(rows per typed table, deal_sources rows) from (fact_id, type, article_id, payload, status, day) tuples."""
    rows: dict[str, list[dict]] = {t: [] for t in TYPED_TABLES}
    sources: list[dict] = []
    for table, groups in _reports_by_table(facts, ctx).items():
        kind = KIND_OF_TABLE[table]
        for key in sorted(groups):
            for cluster in cluster_reports(groups[key], window_days=kind.window_days, agree=_agreement(kind)):
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
