"""A generated year of valuation reports through the real rebuild in DuckDB (clustering, then
`valuation_changes.sql` for the previous value): jumps, down rounds (some back to an earlier value), several
outlets per event in dollars and euros, outliers that disagree about the same moment, earlier values an
article states with their period, undated restatements and an undated-only figure. Every generated event must
come out once, on its day, with the previous value and the change the generator made, `conflicting` exactly
where an outlier was planted."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pytest

from tests.warehouse.landscape_fixture import round_fact, valuation_fact
from warehouse.deal_clustering import rebuild_typed_tables
from warehouse.fx_rates import RateTable, load_snapshot, snapshot_rates
from warehouse.load_facts import seed_companies
from warehouse.migrate import apply_migrations

COMPANIES = {"mistral-ai": "Mistral AI", "deepl": "DeepL", "helsing": "Helsing", "aleph-alpha": "Aleph Alpha",
             "black-forest-labs": "Black Forest Labs", "parloa": "Parloa"}
START, END = date(2026, 1, 5), date(2026, 12, 20)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Event:
    company_id: str
    day: date
    usd: float
    conflicting: bool
    articles: int


class Generator:
    """Facts as (fact_id, type, article_id, payload, status, published_on) rows plus the events they describe."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rates = RateTable.from_rates(snapshot_rates())
        self.facts: list[tuple] = []
        self.undated_articles: list[tuple[str, date]] = []
        self.events: list[Event] = []

    def report(self, name: str, day: date, usd: float, *, as_of=None, dated=True, with_round=False) -> None:
        """One article stating the value: in dollars or euros (converted at the rate of the day the value is
        about), a little rounded."""
        number = len(self.facts) + 1
        article = f"art{number:05d}"
        noisy = usd * (1 + self.rng.uniform(-0.015, 0.015))
        about = date.fromisoformat(as_of[1]) if as_of else day
        if self.rng.random() < 0.4:
            amount, currency = noisy / self.rates.rate("EUR", about)[0], "EUR"
        else:
            amount, currency = noisy, "USD"
        payload = (round_fact(name, amount / 20, currency, valuation=amount) if with_round
                   else valuation_fact(name, amount, currency, as_of=as_of))
        self.facts.append((f"fact{number:05d}", payload["type"], article, json.dumps(payload), "completed", day))
        if not dated:
            self.undated_articles.append((article, day))

    def company(self, company_id: str, name: str) -> None:
        rng = self.rng
        day = START + timedelta(days=rng.randint(0, 30))
        usd = rng.uniform(0.5e9, 20e9)
        if rng.random() < 0.5:   # a value from last year, known only from a later article naming its period
            earlier = usd * rng.choice((0.3, 0.5, 0.7))
            period = date(2025, rng.randint(1, 11), 1)
            self.events.append(Event(company_id, period, earlier, False, 1))
            self.report(name, day + timedelta(days=rng.randint(0, 5)), earlier,
                        as_of=(f"in {MONTHS[period.month - 1]} 2025", period.isoformat()))
        while day <= END:
            seen = [e.usd for e in self.events if e.company_id == company_id]
            repeated = any(abs(v - usd) <= 0.05 * max(v, usd) for v in seen)
            outlets = rng.randint(1, 4)
            for n in range(outlets):
                self.report(name, day + timedelta(days=min(n, 1)), usd, with_round=n == 0 and rng.random() < 0.5)
            conflicting = rng.random() < 0.25
            if conflicting:   # one outlet disagrees, within a day of the others: same moment, flagged
                self.report(name, day + timedelta(days=1), usd * rng.choice((0.7, 1.3)))
            articles = outlets + conflicting
            if not repeated and rng.random() < 0.3:   # recalled later with its month
                first = day.replace(day=1)
                self.report(name, day + timedelta(days=rng.randint(20, 90)), usd,
                            as_of=(f"in {MONTHS[day.month - 1]}", first.isoformat()))
                articles += 1
            if not repeated and rng.random() < 0.2:   # an undated feed item repeating it, fetched before the next
                self.report(name, day + timedelta(days=rng.randint(3, 8)), usd, dated=False)
                articles += 1
            self.events.append(Event(company_id, day, usd, conflicting, articles))
            day += timedelta(days=rng.randint(10, 60))
            earlier = [e.usd for e in self.events[:-1] if e.company_id == company_id and abs(e.usd / usd - 1) >= 0.15]
            if earlier and rng.random() < 0.2:
                usd = rng.choice(earlier)                       # back to an earlier value (a down round, often)
            else:
                usd *= rng.choice((rng.uniform(0.4, 0.85), rng.uniform(1.2, 3.0)))    # down round or jump

    def undated_only(self, company_id: str, name: str) -> float:
        """A figure only an undated item gives, unlike any generated one; returns it."""
        usd = 3 * max(e.usd for e in self.events if e.company_id == company_id)
        self.report(name, date(2026, 12, 28), usd, dated=False)
        return usd


@pytest.fixture(scope="module", params=[13, 2026, 7])
def year(request):
    generator = Generator(request.param)
    for company_id, name in COMPANIES.items():
        generator.company(company_id, name)
    generator.undated_figure = generator.undated_only("helsing", "Helsing")
    con = duckdb.connect()
    apply_migrations(con)
    load_snapshot(con)
    seed_companies(con)
    for fact_id, ftype, article, payload, status, day in generator.facts:
        con.execute("INSERT INTO facts VALUES (?, ?, ?, ?, 'x', 0, 1, 0.9, ?, ?, 'v')",
                    [fact_id, ftype, article, payload, status, day])
    for article, day in generator.undated_articles:
        con.execute("INSERT INTO articles (article_id, canonical_url, feed, title, published_at, date_flag, fetched_at, "
                    "first_run_key) VALUES (?, ?, 'undated-feed', 'undated', ?, 'missing', ?, 'r')",
                    [article, f"https://x.example/{article}", day, day])
    rebuild_typed_tables(con)
    return generator, con


def test_every_generated_event_is_one_valuation_on_its_day(year):
    generator, con = year
    rows = con.execute("SELECT company_id, as_of, amount_usd, conflicting, sources FROM valuations "
                       "WHERE NOT date_unknown ORDER BY company_id, as_of").fetchall()
    expected = sorted(generator.events, key=lambda e: (e.company_id, e.day))
    assert [(r[0], r[1]) for r in rows] == [(e.company_id, e.day) for e in expected]
    for (cid, day, usd, conflicting, sources), event in zip(rows, expected):
        assert usd == pytest.approx(event.usd, rel=0.03), (cid, day)
        assert conflicting == event.conflicting, (cid, day)
        assert sources == event.articles, (cid, day)


def test_each_event_carries_the_previous_value_and_the_change(year):
    generator, con = year
    rows = con.execute("SELECT company_id, as_of, previous_as_of, previous_usd, change_pct FROM valuations "
                       "WHERE NOT date_unknown ORDER BY company_id, as_of").fetchall()
    expected = sorted(generator.events, key=lambda e: (e.company_id, e.day))
    jumps = drops = 0
    for index, ((cid, day, previous_as_of, previous_usd, change_pct), event) in enumerate(zip(rows, expected)):
        before = expected[index - 1] if index and expected[index - 1].company_id == cid else None
        if before is None:
            assert (previous_as_of, previous_usd, change_pct) == (None, None, None), (cid, day)
            continue
        assert previous_as_of == before.day, (cid, day)
        assert previous_usd == pytest.approx(before.usd, rel=0.03)
        assert change_pct == pytest.approx(100 * (event.usd / before.usd - 1), abs=4 + abs(event.usd / before.usd) * 3)
        jumps += change_pct > 0
        drops += change_pct < 0
    assert jumps >= 5 and drops >= 5                       # the year really has both


def test_an_undated_only_figure_is_kept_but_dates_nothing(year):
    generator, con = year
    [(company_id, usd, as_of, previous_usd, change_pct)] = con.execute(
        "SELECT company_id, amount_usd, as_of, previous_usd, change_pct FROM valuations WHERE date_unknown").fetchall()
    assert (company_id, as_of, previous_usd, change_pct) == ("helsing", None, None, None)
    assert usd == pytest.approx(generator.undated_figure, rel=0.03)
    assert con.execute("SELECT count(*) FROM valuation_history WHERE previous_as_of IS NULL AND as_of IS NOT NULL") \
        .fetchone()[0] == len(COMPANIES)                   # one start of history per company, nothing else
