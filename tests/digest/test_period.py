"""The day a run covers: the previous calendar day in NEWSMON_TZ, from the logical date (never 'now')."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from warehouse.digest.period import digest_day, parse_day
from warehouse.local_time import day_bounds_utc


@pytest.mark.parametrize(("logical_date", "tz", "expected"), [
    (datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc), "Europe/Berlin", date(2026, 11, 26)),   # 07:00 CET
    (datetime(2026, 7, 2, 5, 0, tzinfo=timezone.utc), "Europe/Berlin", date(2026, 7, 1)),       # 07:00 CEST
    (datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc), "Europe/Berlin", date(2026, 11, 26)),  # already 27th there
    (datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc), "America/Los_Angeles", date(2026, 11, 26)),
    (datetime(2026, 11, 27, 0, 0), "Europe/Berlin", date(2026, 11, 26)),                       # naive = UTC
])
def test_digest_day(logical_date, tz, expected):
    assert digest_day(logical_date, tz) == expected


def test_environment_sets_the_zone(monkeypatch):
    monkeypatch.setenv("NEWSMON_TZ", "Asia/Tokyo")
    assert digest_day(datetime(2026, 11, 26, 22, 0, tzinfo=timezone.utc)) == date(2026, 11, 26)   # 07:00 JST 27th


def test_day_bounds_follow_daylight_saving():
    assert day_bounds_utc(date(2026, 11, 26), "Europe/Berlin") == (datetime(2026, 11, 25, 23), datetime(2026, 11, 26, 23))
    start, end = day_bounds_utc(date(2026, 10, 25), "Europe/Berlin")       # clocks go back: a 25-hour day
    assert (end - start).total_seconds() == 25 * 3600


def test_parse_day_names_the_format():
    assert parse_day("2026-11-26") == date(2026, 11, 26)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day("26.11.2026")
