"""ECB rates: the bundled snapshot, the conversion rule (nearest on or before, else earliest), the live refresh
against a local HTTP server serving a fixture XML, and the offline fallback."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.support.http_server import LocalHttpServer
from warehouse.fx_rates import (Rate, RateTable, fetch_ecb_rates, load_snapshot, parse_ecb_xml, snapshot_rates,
                                upsert_rates)
from warehouse.migrate import apply_migrations

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def con():
    con = duckdb.connect()
    apply_migrations(con)
    return con


def test_snapshot_is_derived_to_usd_per_unit():
    rates = {(r.currency, r.rate_date): r.usd_per_unit for r in snapshot_rates()}
    assert rates[("USD", date(2025, 1, 2))] == 1.0
    assert rates[("EUR", date(2025, 1, 2))] == pytest.approx(1.0321)
    assert rates[("GBP", date(2025, 1, 2))] == pytest.approx(1.0321 / 0.8297)
    assert rates[("JPY", date(2025, 1, 2))] == pytest.approx(1.0321 / 163.30)
    assert {r.source for r in snapshot_rates()} == {"ecb-snapshot"}


def test_conversion_uses_nearest_rate_on_or_before_else_earliest():
    table = RateTable.from_rates(snapshot_rates())
    assert table.to_usd(100.0, "EUR", date(2025, 7, 1)) == (pytest.approx(117.87), date(2025, 7, 1))
    assert table.to_usd(100.0, "EUR", date(2025, 6, 30)) == (pytest.approx(107.99), date(2025, 4, 1))
    assert table.to_usd(100.0, "EUR", date(2023, 5, 1))[1] == date(2024, 1, 2)      # before the snapshot
    assert table.to_usd(100.0, "EUR", date(2027, 1, 1))[1] == date(2025, 10, 1)     # after it
    assert table.to_usd(100.0, "XYZ", date(2025, 7, 1)) == (None, None)
    assert table.to_usd(None, "EUR", date(2025, 7, 1)) == (None, None)


def test_snapshot_load_is_idempotent(con):
    first = load_snapshot(con)
    assert first == len(snapshot_rates()) and load_snapshot(con) == 0


def test_refresh_from_local_server_replaces_snapshot_rows_but_not_vice_versa(con):
    load_snapshot(con)
    with LocalHttpServer(root=FIXTURES) as srv:
        rates = fetch_ecb_rates(srv.url("/eurofxref-daily.xml"))
    assert {(r.currency, round(r.usd_per_unit, 4)) for r in rates} >= {("EUR", 1.16), ("USD", 1.0), ("GBP", 1.3182)}
    assert {r.rate_date for r in rates} == {date(2026, 11, 24)} and {r.source for r in rates} == {"ecb"}
    assert upsert_rates(con, rates) == len(rates)
    # a live rate for a snapshot date wins over the snapshot; the snapshot never overwrites live rates
    live_same_day = [Rate("EUR", date(2025, 10, 1), 1.2, "ecb")]
    upsert_rates(con, live_same_day)
    load_snapshot(con)
    assert con.execute("SELECT usd_per_unit, source FROM fx_rates WHERE currency = 'EUR' AND rate_date = '2025-10-01'"
                       ).fetchall() == [(1.2, "ecb")]
    table = RateTable.from_connection(con)
    assert table.to_usd(1e9, "EUR", date(2026, 11, 25)) == (pytest.approx(1.16e9), date(2026, 11, 24))


def test_offline_refresh_keeps_the_snapshot_with_a_log_line(caplog):
    with LocalHttpServer(root=FIXTURES) as srv:
        url = srv.url("/no-such-rates.xml")
        with caplog.at_level(logging.WARNING, logger="warehouse.fx_rates"):
            assert fetch_ecb_rates(url) == []
    assert any("keeping the bundled snapshot" in r.getMessage() for r in caplog.records)
    with caplog.at_level(logging.WARNING, logger="warehouse.fx_rates"):
        assert fetch_ecb_rates("http://127.0.0.1:9/unreachable.xml") == []      # connection refused


def test_history_xml_with_several_days_parses_every_day():
    body = (b"<Envelope><Cube><Cube time='2026-11-23'><Cube currency='USD' rate='1.15'/></Cube>"
            b"<Cube time='2026-11-24'><Cube currency='USD' rate='1.16'/><Cube currency='CHF' rate='0.93'/></Cube></Cube></Envelope>")
    rates = parse_ecb_xml(body)
    assert sorted({r.rate_date.isoformat() for r in rates}) == ["2026-11-23", "2026-11-24"]
    assert [r.usd_per_unit for r in rates if r.currency == "CHF"] == [pytest.approx(1.16 / 0.93)]
