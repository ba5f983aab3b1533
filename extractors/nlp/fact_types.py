"""One record per fact type: what a fact holds and how it is compared, read by every stage.

Extraction (the output schema and `RawFact`), merging within one text (`fact_merge`), scoring against gold
(`scoring`) and the warehouse's event clustering (`warehouse/deal_clustering.py`) all take a type's fields,
roles, identity, measure and tolerances from here, so a seventh type is one record here plus its readings.

Tolerances: two reports of one text, or a prediction and its gold, state the same amount when they agree
within `tolerance` (1 %: rounding of "$1.5bn" vs "$1,500 million"); reports from different outlets, converted
to US dollars at each report's own rate date, agree within `report_tolerance` (5 %: exchange rates move a few
percent between reports of one deal). A percentage measure (stock moves) is compared in points.

Time: a report is about the day it was published, unless it carries `as_of` (valuations, and funding rounds
for their valuation: `{"text": "in March 2024", "date": "2024-03-01"}`, the words as written and the first day
of the period, `date` null when it cannot be resolved), which dates it in that period (and it joins an event it
agrees with at most `period_window_days` from that first day: a period is coarser than a day). Reports at most
`window_days` apart that agree are one event. Reports that disagree only on `conflict_fields` (a valuation's
amount, a round's label) are one event, flagged conflicting, when at most `conflict_window_days` apart: they
disagree about the same moment; further apart, a different value is a new event (a new valuation, a Series C
after a Series B).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.nlp.annotations import Mention

STATUS = "status"
DATE = "date"
AS_OF = "as_of"


@dataclass(frozen=True)
class FactType:
    """What a fact of one type holds and how two of them are compared."""

    name: str
    fields: tuple[str, ...]  # the spec's fields, in output order
    roles: tuple[str, ...]  # fields that name organisations (a list field holds several)
    identity: tuple[str, ...]  # fields that make two facts of one text the same event
    money: tuple[str, ...] = ()  # fields that hold an amount in `currency`
    extra: tuple[str, ...] = ()  # optional fields beyond the spec's (kept when present, even as null)
    measure: str | None = None  # the field two reports of one event must agree on
    measure_in_points: bool = False  # the measure is a percentage, compared in points
    tolerance: float = 0.01  # same text / gold: relative for money, points for percentages
    report_tolerance: float | None = 0.05  # across reports (money in USD); None: any two agree
    table: str = ""  # typed warehouse table
    window_days: int = 7  # reports at most this far apart can be one event
    cluster_key: tuple[str, ...] = ()  # role fields (resolved to company ids) and values that group reports
    score_optional: tuple[str, ...] = ()  # identity fields a gold fact may leave null (then anything matches)
    list_roles: tuple[str, ...] = field(default=())  # role fields that hold lists
    conflict_fields: tuple[str, ...] = ()  # fields reports of one moment may disagree on (then: conflicting)
    conflict_window_days: int = 2  # "one moment": reports at most this far apart (one news cycle)
    period_window_days: int = 92  # a report dated by a period ("Ende 2024" = 1 Dec) joins an event this near

    def output(self, values: dict[str, Any]) -> dict[str, Any]:
        """The public fact object: type, the spec's fields, then extras that are set, in registry order."""
        out: dict[str, Any] = {"type": self.name}
        for key in self.fields:
            out[key] = values.get(key, [] if key in self.list_roles else None)
        for key in self.extra:
            if key in values:
                out[key] = values[key]
        return out


FACT_TYPES: dict[str, FactType] = {t.name: t for t in (
    FactType(
        "funding_round", ("investee", "investors", "amount", "currency", "valuation", "round"),
        roles=("investee", "investors", "lead"), identity=("investee", "amount"), money=("amount", "valuation"),
        extra=("lead", STATUS, DATE, AS_OF), measure="amount", table="funding_rounds", cluster_key=("investee",),
        list_roles=("investors",), conflict_fields=("round",)),
    FactType(
        "investment", ("investor", "investee", "amount", "currency", "cumulative_amount"),
        roles=("investor", "investee"), identity=("investor", "investee", "amount"),
        money=("amount", "cumulative_amount"), extra=(STATUS, DATE), measure="amount", table="investments",
        cluster_key=("investor", "investee"), score_optional=("amount",)),
    FactType(
        "acquisition", ("acquirer", "target", "amount", "currency"), roles=("acquirer", "target"),
        identity=("acquirer", "target"), money=("amount",), extra=(STATUS, DATE), measure="amount",
        table="acquisitions", cluster_key=("acquirer", "target")),
    FactType(
        "valuation", ("company", "amount", "currency"), roles=("company",), identity=("company", "amount"),
        money=("amount",), extra=(STATUS, DATE, AS_OF), measure="amount", table="valuations",
        # a valuation holds until a different one is reported: a restatement months later is the same event
        window_days=365, cluster_key=("company",), conflict_fields=("amount",)),
    FactType(
        "stock_move", ("company", "percent", "direction", "period"), roles=("company",),
        identity=("company", "direction", "percent"), extra=(DATE,), measure="percent", measure_in_points=True,
        tolerance=0.05, report_tolerance=1.0, table="stock_moves", window_days=2,
        cluster_key=("company", "direction")),
    FactType(
        "model_release", ("company", "model"), roles=("company",), identity=("company", "model"), extra=(DATE,),
        report_tolerance=None, table="model_releases", window_days=14, cluster_key=("company", "model")),
)}


# Landscape signals (docs/signals.md): figures that are no deal, output under their own key `signals`. Their
# `status` is a field of their own (revenue: reported/forecast; agreement: talks/agreed; listing:
# talks/completed). A revenue or price series and a company's customer count are events over time like
# valuations: a different figure on a later day is a new event.
SIGNAL_TYPES: dict[str, FactType] = {t.name: t for t in (
    FactType(
        "revenue", ("company", "amount", "currency", "metric", "period", "status"), roles=("company",),
        identity=("company", "amount"), money=("amount",), extra=(DATE, AS_OF), measure="amount",
        table="revenue_figures", window_days=30, cluster_key=("company", "metric", "status"),
        conflict_fields=("amount",)),
    FactType(
        "customer_count", ("company", "count", "unit", "period"), roles=("company",),
        identity=("company", "count"), extra=(DATE,), measure="count", table="customer_counts",
        window_days=30, cluster_key=("company", "unit"), conflict_fields=("count",)),
    FactType(
        "agreement", ("buyer", "seller", "kind", "amount", "currency", "capacity", "duration", "status"),
        roles=("buyer", "seller"), identity=("buyer", "seller", "kind", "amount"), money=("amount",), extra=(DATE,),
        measure="amount", table="agreements", window_days=14, cluster_key=("buyer", "seller", "kind"),
        score_optional=("amount",)),
    FactType(
        "price", ("company", "product", "amount", "currency", "per"), roles=("company",),
        identity=("company", "amount", "per"), money=("amount",), extra=(DATE,), measure="amount",
        table="prices", window_days=30, cluster_key=("company", "product", "per"), conflict_fields=("amount",)),
    FactType(
        "listing", ("company", "kind", "valuation", "amount", "currency", "exchange", "status"), roles=("company",),
        identity=("company", "kind"), money=("amount", "valuation"), extra=(DATE,), measure="amount",
        table="listings", window_days=30, cluster_key=("company", "kind")),
)}
#: deals and signals: what a `RawFact` of any type is
ALL_TYPES: dict[str, FactType] = {**FACT_TYPES, **SIGNAL_TYPES}


def fact_type(name: str) -> FactType:
    return ALL_TYPES[name]


def amounts_agree(a: float | None, b: float | None, tolerance: float) -> bool:
    """Two amounts agree within a relative tolerance; a missing amount agrees only with a missing one."""
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


@dataclass
class RawFact:
    """A fact while the rules work on it: its field values, the mentions filling its roles, and its anchor.

    `anchor` is the absolute offset the fact hangs on (its amount, percentage or model name); the hedge check
    and the confidence read the stretch between the roles and the anchor. `sentence` is set by the dispatcher
    (the sentence the fact was read from: its evidence and the scope of its hedges). `offered` is set by a
    reading whose construction itself says the deal is only proposed ("a takeover offer from X"): such a fact
    gets `status: "talks"` whatever hedge words its sentence has. `period` dates the figure ("valued at $1.5
    billion in March 2024"): `finish` resolves it into `as_of` against the article's day.
    """

    type: str
    values: dict[str, Any]
    anchor: int
    roles: list[Mention] = field(default_factory=list)
    sentence: Any = None
    offered: bool = False
    period: Any = None  # the period phrase (a `periods.PERIOD_PATTERN` match on the sentence text) dating the figure

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value

    @property
    def kind(self) -> FactType:
        return ALL_TYPES[self.type]

    def key(self) -> tuple:
        """What two reports of a text share when they are the same fact (status and date aside)."""
        return (self.type, *((k, str(v)) for k, v in sorted(self.values.items()) if k not in (STATUS, DATE)))
