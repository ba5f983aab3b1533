"""Numerals, number words and scale words of English and German news, as pure functions (no spaCy).

Why a module of its own: the money and percent components, the fact rules and the evaluation all need
the same answer to "what number is `1.200`?", and the answer depends on the language:

- German writes a decimal comma and dot thousands: "1,5" = 1.5, "1.200" = 1200, "1.234,5" = 1234.5.
  A comma is always decimal in German ("1,500" = 1.5); a dot is a thousands separator only when every
  group after it has exactly three digits ("1.200 Millionen" = 1200 million; "1.5" = 1.5).
- English writes a decimal point and comma thousands: "1,500" = 1500, "6.6" = 6.6. A comma followed by
  a group that is not three digits is read as a decimal comma ("1,5" = 1.5, common in translated text);
  several dots each followed by three digits ("1.200.000") are thousands separators.
- When both separators appear, the last one is the decimal mark ("1.234,5", "1,234.5").

The regex fragments (`DIGITS_PATTERN`, `number_words_pattern`, `scale_pattern`) are exported so the
components compile one pattern each and stay at regex-engine speed. `APPROXIMATIONS` and
`read_qualifiers` give the approximation vocabulary ("rund" -> "about", "bis zu" -> "up_to") shared by
money and percentages.

Written numbers: one..ninety-nine, "a"/"an"/"another", "half a", "a half", "one and a half",
"an additional"; ein/eine/einer/einem, zwei..zwölf, zwanzig..neunzig, "einundzwanzig", "eine halbe",
"anderthalb", "zweieinhalb", "eine weitere"/"eine knappe" (the latter also an approximation).
Scales: thousand/k, million/m/mn/mln/MM, billion/bn/b, trillion/tn, lakh, crore; Tausend/Tsd.,
Million(en)/Mio., Milliarde(n)/Mrd./Mia., Billion(en)/Bio. (German Billion = 10^12).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Thousands separators besides "." and ",": apostrophe (Swiss), space, no-break and narrow no-break space
# ("15 000 Euro"). A space joins only a following group of exactly three digits.
_THIN_SEPARATORS = "'\u2019 \u00a0\u202f\u2009"

DIGITS_PATTERN = (
    r"(?:\d{1,3}(?:[.,'\u2019 \u00a0\u202f\u2009]\d{3}(?!\d))+(?:[.,]\d+)?"  # grouped: 1,500 / 1.234,5 / 1'500
    r"|\d+(?:[.,]\d+)?)"  # plain: 2025 / 6.6 / 8,5
)

_UNITS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_EN = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_UNITS_DE = {
    "ein": 1, "eins": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18,
    "neunzehn": 19,
}
_TENS_DE = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}
# Stems that combine with "-einhalb" and "-und-zwanzig": "zweieinhalb", "einundzwanzig".
_STEMS_DE = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}

# Scale words. German "Billion" is 10^12 (English "trillion"); lowercase "billion" in German text is an
# English quotation and means 10^9, so German scale lookup is case-sensitive for that one word.
_SCALES_COMMON: dict[str, float] = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "mio.": 1e6, "m": 1e6,
    "mill.": 1e6, "mm": 1e6,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bn.": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12,
    "tausend": 1e3, "tsd.": 1e3, "tsd": 1e3,
    "millionen": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9, "mia.": 1e9, "mia": 1e9,
    "billionen": 1e12, "bio.": 1e12, "bio": 1e12,
    # German writes fractions of a scale as one word: "eine Viertelmilliarde", "eine Dreiviertelmillion".
    "viertelmilliarde": 0.25e9, "dreiviertelmilliarde": 0.75e9, "halbmilliarde": 0.5e9,
    "viertelmillion": 0.25e6, "dreiviertelmillion": 0.75e6,
}

# Regex for scale words. Single letters (k, m, b) only glued to the digits ("$5m", "$3.5B"): "5 m" is
# a distance far more often than money. Longest alternatives first so "Millionen" beats "Million".
_SCALE_WORDS_RE = (
    r"(?:(?:[Dd]rei)?[Vv]iertelmillion|(?:[Dd]rei)?[Vv]iertelmilliarde|[Hh]albmilliarde"
    r"|[Tt]housands?|[Mm]illions?|[Bb]illions?|[Tt]rillions?|[Mm]illiarden|[Mm]illiarde|[Mm]illionen"
    r"|[Bb]illionen|[Tt]ausend|[Mm]ln|[Mm]n|[Bb]ln|[Bb]n|[Tt]rn|[Tt]n|Mio\.?|Mrd\.?|Mia\.?|Bio\.?"
    r"|Tsd\.?|Mill\.|MRD|MIO|BN|MN|MM|[Ll]akhs?|[Cc]rores?)"
)
_SCALE_LETTER_RE = r"(?:[kKmMbB])"
_NOT_WORD_AFTER = r"(?![A-Za-zÄÖÜäöüß0-9])"


def scale_pattern(glued: bool) -> str:
    """Regex for a scale word; `glued` allows the single letters k/m/b that only follow digits directly."""
    words = _SCALE_WORDS_RE + _NOT_WORD_AFTER
    if glued:
        return f"(?:{words}|{_SCALE_LETTER_RE}{_NOT_WORD_AFTER})"
    return f"(?:{words})"


def scale_value(word: str, lang: str) -> float | None:
    """Multiplier of a scale word ("Mrd." -> 1e9; German "Billionen" -> 1e12), or None if not a scale."""
    if lang == "de" and word in ("Billion", "BILLION"):
        return 1e12
    return _SCALES_COMMON.get(word.lower())


# Approximation words before an amount or percentage (matched case-insensitively), mapped to the
# `money_approx` / `percent_approx` vocabulary. Keys lowercase with single spaces.
APPROXIMATIONS: dict[str, dict[str, str]] = {
    "en": {
        "about": "about", "around": "about", "approximately": "about", "approx.": "about", "roughly": "about",
        "some": "about", "circa": "about", "ca.": "about", "an estimated": "about", "estimated": "about",
        "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
        "just shy of": "nearly", "more than": "more_than", "over": "more_than", "above": "more_than",
        "upwards of": "more_than", "upward of": "more_than", "in excess of": "more_than",
        "north of": "more_than", "just over": "more_than", "at least": "at_least", "less than": "less_than",
        "under": "less_than", "below": "less_than", "up to": "up_to", "as much as": "up_to",
        "at most": "at_most", "no more than": "at_most",
    },
    "de": {
        "rund": "about", "etwa": "about", "ungefähr": "about", "circa": "about", "ca.": "about",
        "zirka": "about", "schätzungsweise": "about", "geschätzt": "about", "geschätzte": "about",
        "um die": "about", "knapp": "nearly", "fast": "nearly", "beinahe": "nearly", "nahezu": "nearly",
        "annähernd": "nearly", "an die": "nearly", "mehr als": "more_than", "über": "more_than",
        "gut": "more_than", "weit über": "more_than", "mindestens": "at_least", "wenigstens": "at_least",
        "weniger als": "less_than", "unter": "less_than", "bis zu": "up_to", "höchstens": "at_most",
        "maximal": "at_most",
    },
}


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first, any run of spaces matching one space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_QUALIFIERS_BEFORE = {
    lang: re.compile(
        rf"(?<!\w)(?:(?P<approx>{alternation(words)})\s+)?"
        rf"(?:(?P<between>between|zwischen)\s+|(?P<change>from|von)\s+)?\Z",
        re.IGNORECASE,
    )
    for lang, words in APPROXIMATIONS.items()
}
_QUALIFIER_WINDOW = 40
# Last word of every qualifier ("than" of "more than"): a number not preceded by one has none.
_QUALIFIER_LAST_WORDS = {
    lang: {w.split()[-1] for w in words} | {"between", "zwischen", "from", "von"}
    for lang, words in APPROXIMATIONS.items()
}


def read_qualifiers(text: str, start: int, lang: str) -> tuple[str | None, bool, bool]:
    """What stands right before a number at `start`: (approximation, "between", "from").

    ("rund 4 Milliarden" -> ("about", False, False); "between $1bn" -> (None, True, False);
    "from $1bn" / "von 1" -> (None, False, True)). Read backwards from the number, so the amount
    regexes need no leading alternatives.
    """
    key = "de" if lang == "de" else "en"
    words_before = text[max(0, start - 16) : start].split()
    if not words_before or words_before[-1].lower() not in _QUALIFIER_LAST_WORDS[key]:
        return None, False, False  # the common case, decided without a regex search
    m = _QUALIFIERS_BEFORE[key].search(text, max(0, start - _QUALIFIER_WINDOW), start)
    if m is None:
        return None, False, False
    approx = APPROXIMATIONS[key].get(" ".join(m.group("approx").lower().split())) if m.group("approx") else None
    return approx, m.group("between") is not None, m.group("change") is not None


# Adjectives between an article and a scale word: "eine weitere Milliarde", "an additional billion".
# Some carry an approximation, reported by `number_words_approx`.
_ADJECTIVES_DE = {
    "weitere": None, "weiteren": None, "weiterer": None, "zusätzliche": None, "zusätzlichen": None,
    "neue": None, "knappe": "nearly", "knappen": "nearly", "gute": "more_than", "guten": "more_than",
}
_ADJECTIVES_EN = {"additional": None, "extra": None, "further": None}


@lru_cache(maxsize=None)
def number_words_pattern(lang: str, *, with_articles: bool = True) -> str:
    """Regex (case-insensitive group) for a written number such as "two", "half a", "anderthalb".

    `with_articles` adds "a"/"an"/"ein(e)" meaning one; callers only allow that when a scale word follows
    ("a billion dollars"), never alone ("a dollar-denominated bond").
    """
    if lang == "de":
        units = [w for w in _UNITS_DE if with_articles or not w.startswith("ein") or w == "eins"]
        if not with_articles:
            units += ["ein", "einem", "einer"]  # "ein Prozent", "um einem Prozent" are real numbers
        stems = alternation(list(_STEMS_DE))
        tens = alternation(list(_TENS_DE))
        alternatives = [
            r"eine[rnm]?\s+halben?|einhalb|anderthalb|eine[rnm]?\s+Viertel|(?:ein|eine)\s+Dreiviertel|dreiviertel",
            rf"(?:{stems})einhalb",
            rf"(?:{stems})und(?:{tens})",
            tens,
            alternation(units),
        ]
        if with_articles:
            alternatives.insert(0, rf"eine[rnm]?\s+(?:{alternation(_ADJECTIVES_DE)})")
        # a decimal spelled out: "einer Komma drei Milliarden" (1,3), "zwei Komma fünf"
        digits_de = alternation([w for w in _UNITS_DE if _UNITS_DE[w] < 10] + ["null"])
        alternatives.insert(0, rf"(?:{digits_de})\s+Komma\s+(?:{digits_de})")
    else:
        units = list(_UNITS_EN) + (["a", "an"] if with_articles else [])
        tens = alternation(list(_TENS_EN))
        ones = alternation([w for w in _UNITS_EN if _UNITS_EN[w] < 10])
        alternatives = [
            r"half\s+an?|an?\s+half|(?:a|one)\s+quarter\s+of\s+an?|(?:three|3)\s+quarters\s+of\s+an?",
            rf"(?:{tens})(?:[-\s](?:{ones}))?",
            rf"(?:{alternation(units)})(?:\s+and\s+a\s+half)?",
        ]
        if with_articles:
            alternatives.insert(0, rf"an?\s+(?:{alternation(_ADJECTIVES_EN)})|another")
        alternatives.insert(0, rf"(?:{ones}|zero)\s+point\s+(?:{ones}|zero)")  # "one point three billion"
    body = "(?:" + "|".join(alternatives) + ")"
    return rf"(?i:{body})(?![A-Za-zÄÖÜäöüß\-])"


_FRACTIONS_DE = {"einhalb": 0.5, "anderthalb": 1.5}


def number_words_approx(text: str) -> str | None:
    """Approximation carried by a written number ("eine knappe" -> "nearly", "eine gute" -> "more_than")."""
    words = text.lower().split()
    return _ADJECTIVES_DE.get(words[-1]) if len(words) == 2 else None


def parse_number_words(text: str, lang: str) -> float | None:
    """Value of a written number ("zwei" -> 2, "eine halbe" -> 0.5, "one and a half" -> 1.5), or None."""
    words = " ".join(text.lower().replace("-", " ").split())
    if not words:
        return None
    parts = words.split()
    if len(parts) == 2 and (parts[1] in _ADJECTIVES_DE or parts[1] in _ADJECTIVES_EN):
        words = parts[0]  # "eine weitere" counts as "eine"
    spelled = re.fullmatch(r"(\S+) (?:komma|point) (\S+)", words)
    if spelled:  # "einer Komma drei" -> 1.3, "one point five" -> 1.5
        table = _UNITS_DE if lang == "de" else _UNITS_EN
        whole, tenth = ({**table, "null": 0, "zero": 0}.get(w) for w in spelled.groups())
        return None if whole is None or tenth is None or tenth > 9 else whole + tenth / 10
    if lang == "de":
        if words in _FRACTIONS_DE:
            return _FRACTIONS_DE[words]
        if re.fullmatch(r"eine[rnm]? halben?", words):
            return 0.5
        if re.fullmatch(r"eine[rnm]? viertel", words):
            return 0.25  # "eine Viertelmilliarde" is one word; "ein Viertel Milliarde" is rare but read
        if re.fullmatch(r"(?:eine? )?dreiviertel", words):
            return 0.75
        if words.endswith("einhalb") and words[:-7] in _STEMS_DE:
            return _STEMS_DE[words[:-7]] + 0.5
        if words in _UNITS_DE:
            return float(_UNITS_DE[words])
        if words in _TENS_DE:
            return float(_TENS_DE[words])
        if "und" in words:
            unit, _, tens = words.partition("und")
            if unit in _STEMS_DE and tens in _TENS_DE:
                return float(_STEMS_DE[unit] + _TENS_DE[tens])
        if words in ("dutzend", "ein dutzend"):
            return 12.0
        return None
    if words in ("half a", "half an", "a half", "an half"):
        return 0.5
    if re.fullmatch(r"(?:a|one) quarter of an?", words):
        return 0.25  # "a quarter of a billion dollars"
    if re.fullmatch(r"(?:three|3) quarters of an?", words):
        return 0.75
    if words in ("a", "an", "another"):
        return 1.0
    if words in ("dozen", "a dozen"):
        return 12.0
    half = 0.0
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], 0.5
        if words in ("a", "an"):
            return 1.5
    if words in _UNITS_EN:
        return _UNITS_EN[words] + half
    parts = words.split()
    if parts and parts[0] in _TENS_EN:
        if len(parts) == 1:
            return _TENS_EN[parts[0]] + half
        if len(parts) == 2 and parts[1] in _UNITS_EN and _UNITS_EN[parts[1]] < 10:
            return _TENS_EN[parts[0]] + _UNITS_EN[parts[1]] + half
    return None


_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_GROUPED_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")


def parse_numeral(text: str, lang: str) -> float | None:
    """Value of a digit numeral under the language's separator conventions (see module docstring)."""
    s = text.strip()
    for sep in _THIN_SEPARATORS:
        s = s.replace(sep, "")
    if not s or not s[0].isdigit():
        return None
    has_dot, has_comma = "." in s, "," in s
    try:
        if has_dot and has_comma:
            decimal = "." if s.rfind(".") > s.rfind(",") else ","
            thousands = "," if decimal == "." else "."
            return float(s.replace(thousands, "").replace(decimal, "."))
        if has_comma:
            if lang == "de":
                if s.count(",") > 1:
                    return float(s.replace(",", "")) if _GROUPED_COMMA.fullmatch(s) else None
                return float(s.replace(",", "."))
            if _GROUPED_COMMA.fullmatch(s):
                return float(s.replace(",", ""))
            return float(s.replace(",", ".")) if s.count(",") == 1 else None
        if has_dot:
            if s.count(".") > 1:
                return float(s.replace(".", "")) if _GROUPED_DOT.fullmatch(s) else None
            if lang == "de" and _GROUPED_DOT.fullmatch(s):
                return float(s.replace(".", ""))
            return float(s)
        return float(s)
    except ValueError:
        return None


def parse_number(text: str, lang: str) -> float | None:
    """A numeral or a written number, whichever `text` is."""
    stripped = text.strip()
    if stripped[:1].isdigit():
        return parse_numeral(stripped, lang)
    return parse_number_words(stripped, lang)



def plain_number(value: float) -> int | float:
    """A whole number as int, anything else as float: the spec's JSON shows 6800000000, not 6800000000.0."""
    return int(value) if float(value).is_integer() else float(value)
