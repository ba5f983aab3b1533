"""Relative and explicit dates in news sentences, resolved against the article's `published` date.

News rarely prints the date of a deal; it says "on Tuesday", "last week", "letzten Monat". Resolution:
- weekday ("on Tuesday", "am Dienstag"): the most recent such day on or before `published` (news reports
  the past; a weekday equal to the publication day is that day);
- "yesterday"/"gestern", "today"/"heute", "last/this week|month|year" and German forms: the first day of
  that period (a week starts on Monday), because the exact day is unknown;
- explicit "March 3, 2025", "3. März 2025", "2025-03-03".
Without `published`, relative phrases resolve to None; explicit dates still resolve.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_DE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december")
_MONTHS_DE = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
              "oktober", "november", "dezember")

DATE_PATTERN = re.compile(
    r"\b(?P<iso>20\d\d-\d\d-\d\d)\b"
    r"|\b(?P<mon_en>" + "|".join(m.capitalize() for m in _MONTHS_EN) + r")\s+(?P<day_en>\d{1,2}),?\s+(?P<year_en>20\d\d)\b"
    r"|\b(?P<day_de>\d{1,2})\.\s*(?P<mon_de>" + "|".join(m.capitalize() for m in _MONTHS_DE) + r")\s+(?P<year_de>20\d\d)\b"
    r"|\b(?P<yesterday>yesterday|gestern|vorgestern)\b"
    r"|\b(?P<today>today|heute)\b"
    r"|\b(?:on |am |last |vergangenen |letzten |diesen )?(?P<weekday>" + "|".join(w.capitalize() for w in _WEEKDAYS_EN + _WEEKDAYS_DE) + r")\b"
    r"|\b(?P<rel>(?:last|this|past|previous|earlier this) (?:week|month|year)"
    r"|(?:letzte|letzten|vergangene|vergangenen|vorige|vorigen|diese|dieser|diesen|in dieser|im vergangenen|im letzten|im laufenden)\s+(?:Woche|Monat|Monats|Jahr|Jahres))\b",
    re.IGNORECASE,
)


def parse_day(value: str | date | None) -> date | None:
    """An article's `published` value as a date (None when missing or not ISO)."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_match(m: re.Match[str], published: date | None) -> date | None:
    """The date a `DATE_PATTERN` match refers to, or None when it cannot be known."""
    if m.group("iso"):
        return parse_day(m.group("iso"))
    if m.group("mon_en"):
        return _safe_date(int(m.group("year_en")), _MONTHS_EN.index(m.group("mon_en").lower()) + 1, int(m.group("day_en")))
    if m.group("mon_de"):
        return _safe_date(int(m.group("year_de")), _MONTHS_DE.index(m.group("mon_de").lower()) + 1, int(m.group("day_de")))
    if published is None:
        return None
    if m.group("yesterday"):
        return published - timedelta(days=2 if m.group("yesterday").lower() == "vorgestern" else 1)
    if m.group("today"):
        return published
    if m.group("weekday"):
        name = m.group("weekday").lower()
        target = (_WEEKDAYS_EN.index(name) if name in _WEEKDAYS_EN else _WEEKDAYS_DE.index(name))
        back = (published.weekday() - target) % 7
        phrase = m.group(0).lower()
        if back == 0 and phrase.startswith(("last ", "vergangenen ", "letzten ")):
            back = 7
        return published - timedelta(days=back)
    rel = m.group("rel").lower()
    past = rel.startswith(("last", "past", "previous", "letzte", "vergangen", "vorige", "im vergangenen", "im letzten"))
    if "week" in rel or "woche" in rel:
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7) if past else monday
    if "month" in rel or "monat" in rel:
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1) if past else first
    return date(published.year - 1, 1, 1) if past else date(published.year, 1, 1)


def resolve_date(text: str, published: str | date | None) -> str | None:
    """The first date stated in `text` as "YYYY-MM-DD", resolved against `published`; None if none is stated."""
    anchor = parse_day(published)
    for m in DATE_PATTERN.finditer(text):
        resolved = resolve_match(m, anchor)
        if resolved is not None:
            return resolved.isoformat()
    return None
