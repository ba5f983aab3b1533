"""The reader's calendar: which local day a moment falls on, in `NEWSMON_TZ`.

Articles, mentions and facts are dated by their local day, the digest covers local days, and the Newsmon
page shows local times: one zone for everything a person reads. The extraction and the page read it here;
the digest adds its own day rules on top (`warehouse/digest/period.py`).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from extractors import settings


def local_zone(tz_name: str | None = None) -> ZoneInfo:
    return ZoneInfo(tz_name or settings.timezone_name())


def local_day(moment: datetime, tz_name: str | None = None) -> date:
    """The calendar day of a moment in the digest zone; a naive moment is taken as UTC (as stored).

    Articles, mentions and facts are dated by this day (`published_on`), so "yesterday's digest" holds
    what was published yesterday on the reader's clock: an article at 23:30 UTC on 25 Nov is 26 Nov in
    Berlin and belongs to the 26 Nov digest."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(local_zone(tz_name)).date()


def day_bounds_utc(day: date, tz_name: str | None = None) -> tuple[datetime, datetime]:
    """[start, end) of the local day as naive UTC timestamps, the way `articles.published_at` is stored."""
    zone = local_zone(tz_name)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(timezone.utc)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


