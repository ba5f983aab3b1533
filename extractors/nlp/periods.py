"""Periods a figure is stated for ("in March 2024", "earlier this year", "Ende 2024", "zuletzt"): a fact's `as_of`.

A valuation is a value at a time, and news often gives an earlier one with its time ("up from $1.5 billion in
March 2024", "das zuletzt mit 3 Mrd. Euro bewertet wurde"). The warehouse dates such a report by that period
instead of the article's day (`extractors/nlp/fact_types.py`, "Time"), so the extractor emits
`as_of: {"text": <the words as written>, "date": <first day of the period> | null}`.

Resolution against the article's `published` day (None when the article has no date: then only periods that
name their year resolve):
- a month with a year ("in March 2024", "im März 2024"): its first day; a month alone ("in October", "last
  May"): that month of the publication year, or of the year before when the month lies after the publication
  month (news looks back);
- a year ("in 2023"), "Anfang/early 2024" (1 January), "Mitte/mid-2024" (1 July), "Ende/late/end of 2024"
  (1 December), a quarter ("Q4 2024", "im vierten Quartal 2024"): the first day of that stretch;
- "last year"/"im vergangenen Jahr"/"im Vorjahr": 1 January of the year before; "earlier this year"/"this
  year"/"in diesem Jahr": 1 January of the publication year; "last month"/"im vergangenen Monat": the first of
  the month before; "a year ago"/"vor einem Jahr": the first of the same month a year before;
- words that say "earlier" without a time ("zuletzt", "previously", "in its last round", "bei der letzten
  Finanzierungsrunde"): the text is kept, `date` is null.
"""
from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    **{m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"))},
    **{m: i + 1 for i, m in enumerate(("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                                       "september", "oktober", "november", "dezember"))},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}
# Month names only capitalised, as news writes them ("may" and "march" are also verbs); the rest of the
# pattern ignores case ("Earlier this year", "im Vorjahr").
_MONTH = r"(?P<month>(?-i:" + "|".join(sorted((m.capitalize() for m in _MONTHS if len(m) > 3 or m in ("may", "mai")),
                                               key=len, reverse=True)) + r"))"
_YEAR = r"(?P<year>20\d\d)"
_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "ersten": 1, "zweiten": 2, "dritten": 3,
                    "vierten": 4}

PERIOD_PATTERN = re.compile(
    r"\b(?:in |im |since |seit |as of |by |von |vom )?(?:last |this |past |letzten |vergangenen )?(?:early |late |mid-|the end of |end of |the start of )?"
    r"(?:Anfang |Mitte |Ende )?" + _MONTH + r"(?:\s+" + _YEAR + r")?\b"
    r"|\b(?:in |im )?(?:the )?(?P<qord>first|second|third|fourth|ersten|zweiten|dritten|vierten) (?:quarter|Quartal)"
    r"(?: of)? (?P<qyear>20\d\d)\b"
    r"|\bQ(?P<qnum>[1-4])[ /-]?(?P<qnumyear>20\d\d)\b"
    r"|\b(?:in |im Jahr |Jahr )?(?P<edge>early |late |mid-|the end of |end of |the start of |Anfang |Mitte |Ende |Anfang des Jahres |Ende des Jahres )?(?P<plainyear>20\d\d)\b"
    r"|\b(?P<rel>earlier this year|this year|last year|a year ago|a year earlier|last month|earlier this month"
    r"|(?:im |in diesem |im laufenden |im vergangenen |im letzten |vergangenes |letztes )(?:Jahr|Monat)|im Vorjahr|vor einem Jahr)\b"
    r"|\b(?P<vague>zuletzt|previously|most recently|in its (?:last|latest|previous|most recent) (?:funding )?round"
    r"|(?:im |in the |for the |in its |for its )?(?:(?:laufenden|vergangenen|abgelaufenen|zurückliegenden|kommenden|ersten|zweiten"
    r"|dritten|vierten|current|past|last|next|first|second|third|fourth) ){1,2}(?:Geschäftsjahr|Quartal|Halbjahr|fiscal year|quarter|half)"
    r"|(?:bei|in) (?:der|ihrer|seiner) (?:letzten|vorigen|jüngsten) (?:Finanzierungs)?[Rr]unde)\b",
    re.IGNORECASE,
)


def _shift_month(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def resolve_period(m: re.Match[str], published: date | None) -> date | None:
    """The first day of the period a `PERIOD_PATTERN` match names, or None."""
    if m.group("month"):
        month = _MONTHS[m.group("month").lower()]
        if m.group("year"):
            return date(int(m.group("year")), month, 1)
        if published is None:
            return None
        return date(published.year - (1 if month > published.month else 0), month, 1)
    if m.group("qyear"):
        return date(int(m.group("qyear")), 3 * _ORDINAL_QUARTER[m.group("qord").lower()] - 2, 1)
    if m.group("qnum"):
        return date(int(m.group("qnumyear")), 3 * int(m.group("qnum")) - 2, 1)
    if m.group("plainyear"):
        edge = (m.group("edge") or "").strip().lower()
        month = 12 if edge.startswith(("late", "end", "the end", "ende")) else 7 if edge.startswith(("mid", "mitte")) else 1
        return date(int(m.group("plainyear")), month, 1)
    if m.group("vague") or published is None:
        return None
    rel = m.group("rel").lower()
    if rel in ("a year ago", "a year earlier", "vor einem jahr"):
        return _shift_month(published.replace(day=1), -12)
    if "month" in rel or "monat" in rel:
        return published.replace(day=1) if "this" in rel else _shift_month(published.replace(day=1), -1)
    past = rel.startswith(("last", "im vergangenen", "im letzten", "vergangenes", "letztes", "im vorjahr"))
    return date(published.year - (1 if past else 0), 1, 1)


def period_near(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The period phrase between offsets `lo` and `hi` of `text` nearest to `lo` (the figure it dates)."""
    found = [m for m in PERIOD_PATTERN.finditer(text, max(0, lo), min(len(text), hi)) if m.group(0).strip()]
    return min(found, key=lambda m: abs(m.start() - lo), default=None)


def as_of(m: re.Match[str] | None, published: date | None) -> dict[str, str | None] | None:
    """The `as_of` value of a fact dated by the period `m` (None: the fact has no `as_of`)."""
    if m is None:
        return None
    resolved = resolve_period(m, published)
    return {"text": m.group(0).strip(), "date": resolved.isoformat() if resolved else None}
