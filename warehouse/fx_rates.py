"""Money in one currency: ECB reference rates as USD per unit of each currency, and the conversion rule.

The ECB publishes units of currency per EUR; we store `usd_per_unit` = USD-per-EUR / currency-per-EUR (and
EUR itself = USD-per-EUR, USD = 1), so converting is one multiplication. Two sources, one table:

* a bundled snapshot (`warehouse/data/ecb_rates_snapshot.csv`, source 'ecb-snapshot'), loaded on every
  load so the offline default works;
* `fetch_ecb_rates()`, the live daily XML fetched with the project's polite HTTP client (source 'ecb').
  When the network is unavailable it returns nothing and logs that the snapshot stays in use; it never
  raises, because stale rates are better than no facts.

Conversion (`RateTable.to_usd`) uses the nearest rate on or before the deal date, else the earliest known
rate (a deal older than the snapshot), and returns the rate date used so it can be stored beside the amount.
"""
from __future__ import annotations

import bisect
import csv
import io
import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa

log = logging.getLogger(__name__)

ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
SNAPSHOT_SOURCE = "ecb-snapshot"
LIVE_SOURCE = "ecb"

FX_SCHEMA = pa.schema([("currency", pa.string()), ("rate_date", pa.date32()),
                       ("usd_per_unit", pa.float64()), ("source", pa.string())])


@dataclass(frozen=True)
class Rate:
    currency: str
    rate_date: date
    usd_per_unit: float
    source: str


def rates_from_per_eur(rate_date: date, per_eur: dict[str, float], source: str) -> list[Rate]:
    """ECB quotes (currency per EUR, must include USD) -> USD per unit for every currency plus EUR and USD."""
    usd_per_eur = per_eur.get("USD")
    if not usd_per_eur:
        return []
    rates = [Rate("EUR", rate_date, usd_per_eur, source), Rate("USD", rate_date, 1.0, source)]
    rates += [Rate(cur, rate_date, usd_per_eur / value, source)
              for cur, value in sorted(per_eur.items()) if cur not in ("USD", "EUR") and value > 0]
    return rates


def snapshot_rates() -> list[Rate]:
    """The bundled snapshot, derived to USD per unit."""
    text = resources.files("warehouse.data").joinpath("ecb_rates_snapshot.csv").read_text(encoding="utf-8")
    by_date: dict[date, dict[str, float]] = {}
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        by_date.setdefault(date.fromisoformat(row["rate_date"]), {})[row["currency"]] = float(row["per_eur"])
    return [r for d, quotes in sorted(by_date.items()) for r in rates_from_per_eur(d, quotes, SNAPSHOT_SOURCE)]


def parse_ecb_xml(body: bytes) -> list[Rate]:
    """The ECB's eurofxref XML (daily or history: one `Cube time=...` per day) -> rates."""
    root = ET.fromstring(body)
    rates: list[Rate] = []
    for day in root.iter():
        if not day.tag.endswith("Cube") or "time" not in day.attrib:
            continue
        quotes = {c.attrib["currency"]: float(c.attrib["rate"]) for c in day
                  if c.tag.endswith("Cube") and "currency" in c.attrib and "rate" in c.attrib}
        rates += rates_from_per_eur(date.fromisoformat(day.attrib["time"]), quotes, LIVE_SOURCE)
    return rates


def fetch_ecb_rates(url: str | None = None) -> list[Rate]:
    """Live ECB rates, or [] (with a log line saying the snapshot stays in use) when they cannot be had."""
    from extractors.feeds.http_fetch import FetchError, FetchPolicy, fetch

    url = url or ECB_DAILY_URL
    policy = FetchPolicy(connect_timeout=5.0, read_timeout=10.0, deadline=20.0, retries=0,
                         max_bytes=2 * 1024 * 1024, accept="application/xml, text/xml;q=0.9, */*;q=0.5")
    try:
        response = fetch(url, policy=policy)
        rates = parse_ecb_xml(response.body)
    except (FetchError, ET.ParseError, ValueError, KeyError) as error:
        log.warning("ECB rates not refreshed from %s (%s); keeping the bundled snapshot and earlier rates", url, error)
        return []
    if not rates:
        log.warning("ECB answer from %s held no USD quote; keeping the bundled snapshot", url)
        return []
    log.info("fetched %d ECB rates for %s from %s", len(rates), sorted({r.rate_date.isoformat() for r in rates}), url)
    return rates


def write_rates_file(path: Path, rates: list[Rate]) -> Path:
    """Hand fetched rates to the load task through a staging file (the fetch task does not write DuckDB)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{**r.__dict__, "rate_date": r.rate_date.isoformat()} for r in rates]), encoding="utf-8")
    return path


def read_rates_file(path: Path) -> list[Rate]:
    if not path.exists():
        return []
    return [Rate(r["currency"], date.fromisoformat(r["rate_date"]), float(r["usd_per_unit"]), r["source"])
            for r in json.loads(path.read_text(encoding="utf-8"))]


def upsert_rates(con, rates: list[Rate]) -> int:
    """Snapshot rows never overwrite a stored rate; live ECB rows replace whatever is stored for their date."""
    if not rates:
        return 0
    table = pa.Table.from_pylist([r.__dict__ for r in rates], schema=FX_SCHEMA)
    con.register("staged_fx_rates", table)
    try:
        before = con.execute("SELECT count(*) FROM fx_rates").fetchone()[0]
        con.execute("""
            INSERT INTO fx_rates (currency, rate_date, usd_per_unit, source)
            SELECT currency, rate_date, any_value(usd_per_unit), any_value(source) FROM staged_fx_rates
            GROUP BY currency, rate_date
            ON CONFLICT (currency, rate_date) DO UPDATE
               SET usd_per_unit = CASE WHEN excluded.source = 'ecb' THEN excluded.usd_per_unit ELSE fx_rates.usd_per_unit END,
                   source = CASE WHEN excluded.source = 'ecb' THEN excluded.source ELSE fx_rates.source END
        """)
        return con.execute("SELECT count(*) FROM fx_rates").fetchone()[0] - before
    finally:
        con.unregister("staged_fx_rates")


def load_snapshot(con) -> int:
    """Idempotent: the bundled snapshot into fx_rates (new rows only)."""
    return upsert_rates(con, snapshot_rates())


@dataclass
class RateTable:
    """All stored rates in memory (a few thousand rows at most), for converting many amounts quickly."""

    dates: dict[str, list[date]] = field(default_factory=dict)
    values: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def from_connection(cls, con) -> "RateTable":
        table = cls()
        for currency, rate_date, usd in con.execute(
                "SELECT currency, rate_date, usd_per_unit FROM fx_rates ORDER BY currency, rate_date").fetchall():
            table.dates.setdefault(currency, []).append(rate_date)
            table.values.setdefault(currency, []).append(usd)
        return table

    @classmethod
    def from_rates(cls, rates: list[Rate]) -> "RateTable":
        table = cls()
        for r in sorted(rates, key=lambda r: (r.currency, r.rate_date)):
            table.dates.setdefault(r.currency, []).append(r.rate_date)
            table.values.setdefault(r.currency, []).append(r.usd_per_unit)
        return table

    def rate(self, currency: str | None, on: date) -> tuple[float, date] | None:
        """(USD per unit, rate date): nearest on or before `on`, else the earliest; None if unknown currency."""
        if not currency:
            return None
        dates = self.dates.get(currency.upper())
        if not dates:
            return None
        i = bisect.bisect_right(dates, on) - 1
        i = max(i, 0)
        return self.values[currency.upper()][i], dates[i]

    def to_usd(self, amount: float | None, currency: str | None, on: date) -> tuple[float | None, date | None]:
        if amount is None:
            return None, None
        found = self.rate(currency, on)
        if found is None:
            return None, None
        return amount * found[0], found[1]


def rate_summary(con) -> dict[str, Any]:
    """For logs and task return values: how many rates, from which sources, newest date."""
    rows = con.execute("SELECT source, count(*), max(rate_date) FROM fx_rates GROUP BY source ORDER BY source").fetchall()
    return {source: {"rates": n, "newest": str(newest)} for source, n, newest in rows}
