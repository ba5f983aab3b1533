"""What a day's digest says: its sections, in the order a reader wants them, each item with its sources.

Everything here is read from the warehouse read copy with the named queries `warehouse/queries/digest_*.sql`
(typed tables + `deal_sources` + `articles`, `company_daily_mentions`, `companies`), and turned into plain
text pieces; the templates only lay them out. All text stays unescaped here: escaping is the HTML
template's job (autoescape), so the plain-text part shows titles exactly as the outlet wrote them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable
from urllib.parse import urlsplit

import duckdb

from extractors.nlp.fact_types import FACT_TYPES
from warehouse.amounts import format_money, format_money_with_usd, format_percent
from warehouse.digest.wording import counted, period_as_written, reports_disagree
from warehouse.connection import fetch_dicts
from warehouse.named_queries import query

#: Attention needs a company in at least this many articles of the day, from at least this many feeds (one
#: article, or one outlet's series, is no attention) ...
ATTENTION_MIN_ARTICLES = 3
ATTENTION_MIN_FEEDS = 2
#: ... and, to be "unusual", a baseline: this many days of data before the day, with the day's mentions at
#: least ATTENTION_MIN_RATIO times the company's average day in the four weeks before. Without a baseline
#: (too little history, or no mention in those weeks) it is "new in the news".
ATTENTION_BASELINE_DAYS = 28
ATTENTION_MIN_RATIO = 3.0
ATTENTION_MAX_ROWS = 8
#: A valuation within this share of the previous one is no change (the registry's report tolerance).
VALUATION_TOLERANCE = FACT_TYPES["valuation"].report_tolerance
#: Source articles listed per item (the rest are counted).
MAX_SOURCES_PER_ITEM = 4
#: Items listed per section; the rest are one line, "and M more ...", without links. A day with 10,000
#: rounds (a flood of junk, or a bad extraction) must not become an 8 MB email.
MAX_ITEMS_PER_SECTION = 10
#: What the "and M more" line calls a section's items.
SECTION_NOUNS = {
    "funding": "funding rounds", "valuations": "valuation changes", "deals": "investments and acquisitions",
    "stocks": "stock moves", "models": "model releases", "attention": "companies", "entrants": "new entrants",
    "new_in_news": "companies",
}

ROUND_NAMES = {
    "seed": "Seed", "pre_seed": "Pre-seed", "growth": "Growth round", "debt": "Debt financing",
    "unknown": "Funding round",
}


@dataclass(frozen=True)
class SourceLink:
    """One article behind an item: its original title (German stays German), outlet and address."""
    title: str
    outlet: str
    url: str | None          # only http(s) addresses become links
    lang: str | None

    @property
    def is_german(self) -> bool:
        return self.lang == "de"


@dataclass
class Item:
    headline: str                       # one line, e.g. "xAI raises $6B at a $40B valuation"
    details: list[str] = field(default_factory=list)
    sources: list[SourceLink] = field(default_factory=list)
    more_sources: int = 0               # sources beyond the ones listed


@dataclass
class Section:
    key: str
    title: str
    items: list[Item]
    more: int = 0                       # items beyond the ones listed (counted, not linked)

    @property
    def more_line(self) -> str:
        return f"and {self.more:,} more {SECTION_NOUNS.get(self.key, 'items')}"


def cap_items(section: Section, limit: int = MAX_ITEMS_PER_SECTION) -> Section:
    """Keep the section's first `limit` items (the queries order them by importance), count the rest."""
    section.more += max(0, len(section.items) - limit)
    del section.items[limit:]
    return section


@dataclass
class ChartRow:
    company: str
    amount_usd: float
    rounds: int


@dataclass
class DigestContent:
    day: date
    sections: list[Section]
    headline: str | None                 # the day's lead, for the subject line
    deal_count: int                      # funding rounds + investments + acquisitions
    weekly_funding: list[ChartRow]

    @property
    def item_count(self) -> int:
        """Every item of the day, listed or only counted."""
        return sum(len(s.items) + s.more for s in self.sections)

    @property
    def quiet(self) -> bool:
        return self.item_count == 0

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    return fetch_dicts(con.execute(query(name), params))


def _safe_url(url: str | None) -> str | None:
    """Feed-supplied addresses become links only when they are http(s) (no javascript:, data:, ...)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _link(row: dict[str, Any]) -> SourceLink:
    return SourceLink(title=(row["title"] or "").strip() or "(untitled)", outlet=row["feed"],
                      url=_safe_url(row["url"]), lang=row["lang"])


def _attach(items: dict[str, Item], links: dict[str, list[SourceLink]]) -> list[Item]:
    for key, item in items.items():
        found = links.get(key, [])
        item.sources = found[:MAX_SOURCES_PER_ITEM]
        item.more_sources = max(0, len(found) - MAX_SOURCES_PER_ITEM)
    return list(items.values())


def _deal_links(con: duckdb.DuckDBPyConnection, deal_type: str, deal_ids: list[str]) -> dict[str, list[SourceLink]]:
    links: dict[str, list[SourceLink]] = defaultdict(list)
    if deal_ids:
        for row in _rows(con, "digest_deal_sources", deal_type=deal_type, deal_ids=deal_ids):
            links[row["deal_id"]].append(_link(row))
    return links


def _mention_links(con: duckdb.DuckDBPyConnection, day: date, company_ids: list[str]) -> dict[str, list[SourceLink]]:
    links: dict[str, list[SourceLink]] = defaultdict(list)
    if company_ids:
        for row in _rows(con, "digest_mention_sources", day=day, company_ids=company_ids):
            links[row["company_id"]].append(_link(row))
    return links


def _talks(status: str) -> bool:
    return status == "talks"


def _round_name(value: str | None) -> str:
    if not value:
        return ROUND_NAMES["unknown"]
    if value in ROUND_NAMES:
        return ROUND_NAMES[value]
    if value.startswith("series_"):
        return "Series " + value.removeprefix("series_").upper()
    return value.replace("_", " ").capitalize()


def _on(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _sources_line(count: int) -> str:
    return f"Reported by {counted(count, 'source')}"


def _money_said(field: str) -> Callable[[dict], tuple[str, Any] | None]:
    """How a report's amount in `field` reads ("€11.7B") and compares (amount, currency)."""
    def said(payload: dict) -> tuple[str, Any] | None:
        amount = payload.get(field)
        if amount is None:
            return None
        return format_money(amount, payload.get("currency")), (float(amount), payload.get("currency"))
    return said


def _valuation_said(payload: dict) -> tuple[str, Any] | None:
    """A valuation report states `amount`; a funding round priced at a valuation states `valuation`."""
    return _money_said("amount" if payload.get("type") == "valuation" else "valuation")(payload)


def _round_said(payload: dict) -> tuple[str, Any] | None:
    label = payload.get("round")
    return None if label in (None, "unknown") else (_round_name(label), label)


#: What reports of one event can disagree on, per typed table, and how the digest words it.
DISAGREEMENTS = {"funding_rounds": {"valuation": _money_said("valuation"), "round": _round_said},
                 "valuations": {"valuation": _valuation_said}}


def _disagreements(con: duckdb.DuckDBPyConnection, deal_type: str, notes: dict[str, str]) -> dict[str, str]:
    """'Reports disagree: valuation €11.7B (alpha, beta) vs €14B (delta)' per conflicting event, naming the
    outlets behind each value; the clustering's note (value and count) when the reports cannot be read."""
    found = {deal_id: f"Reports disagree: {note}" for deal_id, note in notes.items() if note}
    if notes:
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in _rows(con, "digest_deal_reports", deal_type=deal_type, deal_ids=list(notes)):
            rows[row["deal_id"]].append(row)
        for deal_id, reports in rows.items():
            said = reports_disagree(reports, DISAGREEMENTS[deal_type], VALUATION_TOLERANCE)
            if said:
                found[deal_id] = f"Reports disagree: {said}"
    return found


def funding_headline(row: dict[str, Any]) -> str:
    """'xAI raises $6B at $40B' (the subject line's form); talks say so."""
    amount = format_money(row["amount"], row["currency"]) if row["amount"] is not None else None
    if amount is None and row["amount_usd"] is not None:
        amount = format_money(row["amount_usd"], "USD")
    verb = "in talks to raise" if _talks(row["status"]) else "raises"
    text = f"{row['investee']} {verb} {amount}" if amount else f"{row['investee']} {verb} an undisclosed amount"
    if row["valuation"] is not None:
        text += f" at {format_money(row['valuation'], row['valuation_currency'])}"
    elif row["valuation_usd"] is not None:
        text += f" at {format_money(row['valuation_usd'], 'USD')}"
    return text


def funding_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    rows = _rows(con, "digest_funding_rounds", day=day)
    items: dict[str, Item] = {}
    for row in rows:
        amount = format_money_with_usd(row["amount"], row["currency"], row["amount_usd"])
        headline = funding_headline(row)
        details = [f"{_round_name(row['round'])}: {amount}"]
        if row["valuation"] is not None or row["valuation_usd"] is not None:
            details.append("Valuation: " + format_money_with_usd(row["valuation"], row["valuation_currency"],
                                                                  row["valuation_usd"])
                           + (" (first on record)" if row["first_valuation"] else ""))
        investors = list(row["investors"] or [])
        if investors:
            lead = row["lead_investor"]
            named = [f"{name} (lead)" if name == lead else name for name in investors]
            details.append("Investors: " + ", ".join(named))
        details.append(_sources_line(row["sources"]))
        items[row["deal_id"]] = Item(headline=headline, details=details)
    conflicts = _disagreements(con, "funding_rounds", {r["deal_id"]: r["conflict_note"] for r in rows if r["conflicting"]})
    for deal_id, said in conflicts.items():
        items[deal_id].details.append(said)
    links = _deal_links(con, "funding_rounds", list(items))
    return Section("funding", "Biggest funding rounds", _attach(items, links))


def valuation_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    """Real changes only: a valuation of the day against the company's previous one, when they differ by more
    than the tolerance. A first valuation is listed once: with its round when a round of the day states it
    (the funding section), here otherwise."""
    items: dict[str, Item] = {}
    rows = _rows(con, "digest_valuation_changes", day=day)
    for row in rows:
        new = format_money_with_usd(row["amount"], row["currency"], row["amount_usd"])
        if row["old_usd"] is not None:
            if row["percent"] is None or abs(row["percent"]) < 100 * VALUATION_TOLERANCE:
                continue                                   # the same valuation again: no change
            headline = f"{row['company']}: {format_money(row['old_usd'], 'USD')} → {new}"
            details = [f"{format_percent(row['percent'])} since {_on(row['old_on'])}"]
        elif row["with_round"]:
            continue                                       # shown with its round
        else:
            headline = f"{row['company']}: valued at {new}"
            details = ["First valuation on record"]
        if _talks(row["status"]):
            details.append("In talks, not final")
        details.append(_sources_line(row["sources"]))
        items[row["deal_id"]] = Item(headline=headline, details=details)
    conflicts = _disagreements(con, "valuations", {r["deal_id"]: r["conflict_note"] for r in rows
                                                   if r["conflicting"] and r["deal_id"] in items})
    for deal_id, said in conflicts.items():
        items[deal_id].details.append(said)
    return Section("valuations", "Valuation changes", _attach(items, _deal_links(con, "valuations", list(items))))


def deals_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    """Investments and acquisitions together: both are one company putting money into another."""
    investments: dict[str, Item] = {}
    for row in _rows(con, "digest_investments", day=day):
        amount = format_money_with_usd(row["amount"], row["currency"], row["amount_usd"])
        verb = "in talks to invest" if _talks(row["status"]) else "invests"
        headline = (f"{row['investor']} {verb} {amount} in {row['investee']}" if row["amount"] is not None
                    else f"{row['investor']} {verb} in {row['investee']}")
        details = ["Investment"]
        if row["cumulative_amount"] is not None:
            details.append(f"{format_money(row['cumulative_amount'], row['currency'])} in total so far")
        details.append(_sources_line(row["sources"]))
        investments[row["deal_id"]] = Item(headline=headline, details=details)
    acquisitions: dict[str, Item] = {}
    for row in _rows(con, "digest_acquisitions", day=day):
        verb = "in talks to acquire" if _talks(row["status"]) else "acquires"
        headline = f"{row['acquirer']} {verb} {row['target']}"
        if row["amount"] is not None:
            headline += f" for {format_money_with_usd(row['amount'], row['currency'], row['amount_usd'])}"
        acquisitions[row["deal_id"]] = Item(headline=headline, details=["Acquisition", _sources_line(row["sources"])])
    items = _attach(acquisitions, _deal_links(con, "acquisitions", list(acquisitions)))
    items += _attach(investments, _deal_links(con, "investments", list(investments)))
    return Section("deals", "Investments and acquisitions", items)


def stock_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    items: dict[str, Item] = {}
    for row in _rows(con, "digest_stock_moves", day=day):
        signed = abs(row["percent"]) if row["direction"] == "up" else -abs(row["percent"])
        headline = f"{row['company']} shares {'up' if signed >= 0 else 'down'} {format_percent(abs(signed), signed=False)}"
        details = [period_as_written(row["period"], row["period_sentence"], row["period_lang"])] if row["period"] else []
        details.append(_sources_line(row["sources"]))
        items[row["deal_id"]] = Item(headline=headline, details=details)
    return Section("stocks", "Stock moves", _attach(items, _deal_links(con, "stock_moves", list(items))))


def model_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    items: dict[str, Item] = {}
    for row in _rows(con, "digest_model_releases", day=day):
        items[row["deal_id"]] = Item(headline=f"{row['company']} releases {row['model']}",
                                     details=[_sources_line(row["sources"])])
    return Section("models", "Model releases", _attach(items, _deal_links(con, "model_releases", list(items))))


def attention_sections(con: duckdb.DuckDBPyConnection, day: date) -> tuple[Section, Section]:
    """(unusual attention, new in the news): companies in at least three articles from at least two feeds;
    against a baseline of four weeks of data when there is one (and only when far above it), otherwise new."""
    rows = _rows(con, "digest_unusual_attention", day=day, min_articles=ATTENTION_MIN_ARTICLES,
                 min_feeds=ATTENTION_MIN_FEEDS, max_rows=ATTENTION_MAX_ROWS)
    unusual: dict[str, Item] = {}
    new: dict[str, Item] = {}
    for row in rows:
        headline = (f"{row['name']}: {counted(row['mentions'], 'mention')} in {counted(row['articles'], 'article')} "
                    f"from {counted(row['feeds'], 'outlet')}")
        average = row["mentions_4w"] / ATTENTION_BASELINE_DAYS
        if row["days_of_data"] is None or row["days_of_data"] < ATTENTION_BASELINE_DAYS:
            new[row["company_id"]] = Item(headline, [f"Too little history for a baseline: newsmon holds "
                                                     f"{counted(row['days_of_data'] or 0, 'day')} of news before this day"])
        elif row["mentions_4w"] == 0:
            new[row["company_id"]] = Item(headline, ["No mention in the four weeks before"])
        elif row["mentions"] >= ATTENTION_MIN_RATIO * average:
            unusual[row["company_id"]] = Item(headline, [
                f"{row['mentions'] / average:.0f}× its daily average of the four weeks before "
                f"({counted(row['mentions_4w'], 'mention')} in {ATTENTION_BASELINE_DAYS} days)"])
    links = _mention_links(con, day, list(unusual) + list(new))
    return (Section("attention", "Unusual attention", _attach(unusual, links)),
            Section("new_in_news", "New in the news", _attach(new, links)))


def entrants_section(con: duckdb.DuckDBPyConnection, day: date) -> Section:
    items: dict[str, Item] = {}
    for row in _rows(con, "digest_new_entrants", day=day):
        details = ["First seen in the news today"]
        if row["country"]:
            details.append(f"Country: {row['country']}")
        items[row["company_id"]] = Item(headline=row["name"], details=details)
    return Section("entrants", "New entrants", _attach(items, _mention_links(con, day, list(items))))


def _lead(*sections: Section) -> str | None:
    """The subject's lead: the first item of the first section (in the order given) that has one."""
    for section in sections:
        if section.items:
            return section.items[0].headline
    return None


def gather(con: duckdb.DuckDBPyConnection, day: date) -> DigestContent:
    """All sections of the day from an open (read-only) connection."""
    funding = funding_section(con, day)
    valuations = valuation_section(con, day)
    deals = deals_section(con, day)
    stocks = stock_section(con, day)
    models = model_section(con, day)
    sections = [funding, valuations, deals, stocks, models, *attention_sections(con, day), entrants_section(con, day)]
    weekly = [ChartRow(r["investee"], r["amount_usd"], r["rounds"]) for r in _rows(con, "digest_weekly_funding", day=day)]
    deal_count = len(funding.items) + len(deals.items)  # every deal of the day, before the lists are capped
    return DigestContent(day=day, sections=[cap_items(s) for s in sections],
                         headline=_lead(funding, deals, models, valuations, stocks),
                         deal_count=deal_count, weekly_funding=weekly)


def gather_from_read_copy(day: date) -> DigestContent:
    from warehouse.connection import reader

    con = reader()
    try:
        return gather(con, day)
    finally:
        con.close()
