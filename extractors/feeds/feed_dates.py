"""Entry dates that feedparser's own handlers miss or misread.

German sites often localise their RFC 822 dates ("Fr, 27 Nov 2026 10:00:00 +0100", "Do, 01 Okt 2026
10:00:00 MESZ"), and European zone names are missing from feedparser's table: it gives up on "Fr"/"Okt"
(the item then falls back to the fetch time, flagged `missing`) and silently reads "CEST" as UTC, two hours
off. This handler translates German day and month names, European zone abbreviations and "GMT+1"-style
offsets into the English RFC 822 form and hands that to feedparser's RFC 822 parser. Registered once, on
import, with feedparser's documented `registerDateHandler`; it answers None for anything it does not
recognise, so feedparser's handlers still see every other format.
"""
from __future__ import annotations

import re
import time

import feedparser
from feedparser.datetimes.rfc822 import _parse_date_rfc822

_DAYS = {
    "mo": "Mon", "di": "Tue", "mi": "Wed", "do": "Thu", "fr": "Fri", "sa": "Sat", "so": "Sun",
    "montag": "Mon", "dienstag": "Tue", "mittwoch": "Wed", "donnerstag": "Thu", "freitag": "Fri",
    "samstag": "Sat", "sonnabend": "Sat", "sonntag": "Sun",
}
_MONTHS = {
    "januar": "Jan", "jänner": "Jan", "jän": "Jan", "februar": "Feb", "märz": "Mar", "mär": "Mar", "mrz": "Mar",
    "april": "Apr", "mai": "May", "juni": "Jun", "juli": "Jul", "august": "Aug", "september": "Sep",
    "oktober": "Oct", "okt": "Oct", "november": "Nov", "dezember": "Dec", "dez": "Dec",
}
# Offsets of the zone abbreviations European feeds use (feedparser knows only US zones, GMT/UT and Z).
_ZONES = {
    "mez": "+0100", "mesz": "+0200", "cet": "+0100", "cest": "+0200", "wez": "+0000", "wesz": "+0100",
    "wet": "+0000", "west": "+0100", "oez": "+0200", "oesz": "+0300", "eet": "+0200", "eest": "+0300",
    "bst": "+0100",
}
_WORD = re.compile(r"[A-Za-zÄÖÜäöü]+\.?")
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b", re.IGNORECASE)


def _translated(value: str) -> str | None:
    """The date in English RFC 822 words, or None when nothing in it needed translating."""
    changed = False

    def word(m: re.Match[str]) -> str:
        nonlocal changed
        key = m.group(0).rstrip(".").lower()
        for table in (_DAYS, _MONTHS, _ZONES):
            if key in table:
                changed = True
                return table[key]
        return m.group(0)

    def offset(m: re.Match[str]) -> str:
        nonlocal changed
        changed = True
        return f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}"

    out = _GMT_OFFSET.sub(offset, value.strip())
    out = _WORD.sub(word, out)
    out = re.sub(r"\b(\d{1,2})\.(?=\s)", r"\1", out)  # "27. November"
    return out.replace(",", ", ").replace(",  ", ", ") if changed else None


def parse_localised_rfc822(value: str) -> time.struct_time | None:
    """feedparser date handler: a UTC struct_time for a localised RFC 822 date, else None."""
    english = _translated(value)
    return _parse_date_rfc822(english) if english else None


feedparser.registerDateHandler(parse_localised_rfc822)
