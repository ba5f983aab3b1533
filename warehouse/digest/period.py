"""Which calendar day a digest run covers.

The DAG runs at 07:00 in `NEWSMON_TZ` with a `CronTriggerTimetable`, whose runs have
`data_interval_start == logical_date` (no interval), so the day is derived here: the calendar day before
the logical date, read in the digest's time zone. A run at 2026-11-27 07:00 Europe/Berlin covers 26 Nov.
A run given the `day` param covers that day; a run without a logical date (triggered over the REST API
with `"logical_date": null`) covers the day before the one it started on, in the same zone.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from extractors import settings
from warehouse.local_time import local_day


def digest_day(logical_date: datetime, tz_name: str | None = None) -> date:
    """The previous calendar day in the digest zone; a naive logical date is taken as UTC."""
    return local_day(logical_date, tz_name) - timedelta(days=1)


def parse_day(value: str, what: str = "--date") -> date:
    """`YYYY-MM-DD` from the command line (or a DAG param), with an error that names the expected format."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be YYYY-MM-DD, got {value!r}") from exc


def covered_day(logical_date: datetime | None, run_start: datetime, day_param: str | None = None) -> date:
    """The day a digest run covers: its `day` param, else the day before its logical date, else (a run
    without logical date) the day before the one it started on, all in the digest zone."""
    if day_param:
        return parse_day(day_param, "the param day")
    return digest_day(logical_date or run_start)


class FutureDayError(ValueError):
    """A digest was asked for a day that has not begun in the digest's time zone."""


def check_day_has_begun(day: date, now: datetime | None = None, tz_name: str | None = None) -> date:
    """`day` itself, or `FutureDayError`: a future day's digest would be an empty "quiet day" said with
    confidence (and, sent, it would be recorded as sent and block the real one when the day comes)."""
    today = local_day(now or datetime.now(timezone.utc), tz_name)
    if day > today:
        raise FutureDayError(f"{day.isoformat()} is in the future (today is {today.isoformat()} in "
                             f"{tz_name or settings.timezone_name()}): there is nothing to digest yet")
    return day
