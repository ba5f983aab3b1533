"""`newsmon_percent`: percentages in English and German docs, as `doc.spans["percent"]`.

Same design as `newsmon_money`: one compiled regex per language over `doc.text`, matches turned into
token-exact spans. Forms: "76 %", "76%", "8,5 Prozent", "8.5 percent", "7 per cent", "12 pct",
"acht Prozent", "eight percent", "5-Prozent-Anteil", ranges "5-7%", "5 bis 7 Prozent",
"between 5% and 7%", signed "-3,2 %", "minus 3 Prozent".

Conventions:
- `span._.percent_value`: the number as written, in percent (76.0 for "76 %"), signed when the text
  carries a sign ("-3,2 %" -> -3.2, "minus 3 Prozent" -> -3.0, "+5%" -> 5.0). For a range it is the
  lower bound and `span._.percent_range` holds `(low, high)`; else `percent_range` is None.
- `span._.percent_approx`: as `money_approx` ("about", "nearly", "more_than", ...); the approximation
  word, like "between", is outside the surface.
- Percentage points ("2 Prozentpunkte", "1.5 percentage points", "0,25 %-Punkte") are a change of a
  rate, not a percentage: they are NOT in `doc.spans["percent"]` but in `doc.spans["percent_points"]`
  with the same attributes, so a stock-move rule never reads "rose 2 percentage points" as "+2 %".
  Basis points are left alone.
- "von 5 auf 7 Prozent" / "from 5% to 7%" is a change: two spans, not a range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.nlp.anchored_search import AnchoredScanner
from extractors.nlp.lexicon import literal_trie
from extractors.nlp.components.char_spans import spans_for_char_ranges
from extractors.nlp.annotations import PERCENT_KEY, Percent as PercentRecord, remember_records
from extractors.nlp.doc_text import doc_text
from extractors.nlp.numbers import DIGITS_PATTERN, number_words_pattern, parse_number, read_qualifiers

SPAN_KEY = PERCENT_KEY
POINTS_SPAN_KEY = "percent_points"

for _name in ("percent_value", "percent_range", "percent_approx"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_LETTER = "A-Za-zÄÖÜäöüß"
_POINTS = (
    r"(?i:percentage[\s-]points?|per\s?cent(?:age)?[\s-]points?|prozentpunkte?n?|%-?punkte?n?)"
    rf"(?![{_LETTER}])"
)
_PERCENT = (
    rf"(?:%|％|(?i:percent|per\s?cent|pct|prozent)(?![{_LETTER}])|-?[Pp]rozentige?[nmrs]?(?![{_LETTER}])"
    rf"|v\.\s?H\.|vH(?![{_LETTER}]))"
)


def _number(i: int, lang: str) -> str:
    return (
        rf"(?P<sign{i}>[+\-−]|(?i:minus|plus)\s+)?"
        rf"(?P<n{i}>{DIGITS_PATTERN}(?!\d)|{number_words_pattern(lang, with_articles=False)})"
    )


def _compile(lang: str) -> re.Pattern[str]:
    """The percentage pattern; qualifiers before it are read by `read_qualifiers` (see money)."""
    connector = rf"(?P<conn>-|–|—|(?i:to|bis|and|und|auf)(?![{_LETTER}]))"
    return re.compile(
        rf"(?<![\w.,%])"
        rf"{_number(1, lang)}"
        rf"(?:\s?(?P<unit1>%|％|(?i:percent|prozent)(?![{_LETTER}])))?"
        rf"(?:\s*{connector}\s*{_number(2, lang)})?"
        rf"[\s-]?(?:(?P<points>{_POINTS})|(?P<unit>{_PERCENT}))"
    )


_PATTERNS = {lang: _compile(lang) for lang in ("en", "de")}
# Every percentage ends in a unit; the pattern only runs near one (see `anchored_search`).
_UNIT_ANCHORS = re.compile(
    literal_trie({"%", "％", "Prozent", "prozent", "PROZENT", "percent", "Percent", "PERCENT", "per cent", "Per cent", "pct", "v. H.", "v.H.", "vH"})
)
_BEFORE, _AFTER = 80, 24


@dataclass(frozen=True)
class Percentage:
    """One recognised percentage (character offsets into the doc text)."""

    start: int
    end: int
    value: float
    approx: str | None
    range: tuple[float, float] | None
    points: bool


def _signed(m: re.Match[str], i: int, lang: str) -> float | None:
    value = parse_number(m.group(f"n{i}"), lang)
    if value is None:
        return None
    sign = (m.group(f"sign{i}") or "").strip().lower()
    return -value if sign in ("-", "−", "minus") else value


def find_percentages(text: str, lang: str) -> list[Percentage]:
    """Every percentage (and percentage-point change) in `text` (pure function; the component wraps it)."""
    lang = "de" if lang == "de" else "en"
    pattern = _PATTERNS[lang]
    found: list[Percentage] = []
    scanner = AnchoredScanner(pattern, _UNIT_ANCHORS, text, _BEFORE, _AFTER)
    pos = 0
    while (m := scanner.search(pos)) is not None:
        pos = m.end()
        first = _signed(m, 1, lang)
        if first is None:
            continue
        points = m.group("points") is not None
        unit_end = m.end("points") if points else m.end("unit")
        start = m.start("sign1") if m.group("sign1") else m.start("n1")
        approx, between, change = read_qualifiers(text, start, lang)
        if m.group("n2") is None:
            found.append(Percentage(start, unit_end, first, approx, None, points))
            continue
        second = _signed(m, 2, lang)
        second_start = m.start("sign2") if m.group("sign2") else m.start("n2")
        conn = m.group("conn").lower()
        if conn == "-" and text[m.start("conn") - 1].isspace() and not text[m.end("conn")].isspace():
            # "+5% -3%": a second, negative number, not a range.
            pos = m.start("conn")
            if m.group("unit1"):
                found.append(Percentage(start, m.end("unit1"), first, approx, None, points))
            continue
        if second is None or (conn in ("and", "und") and not between) or (conn == "auf" and not change):
            # "5 and 7 percent" without "between": only the second number is sure to be a percentage.
            pos = second_start
            if m.group("unit1"):
                found.append(Percentage(start, m.end("unit1"), first, approx, None, points))
            continue
        if change and conn in ("to", "auf"):
            first_end = m.end("unit1") if m.group("unit1") else m.end("n1")
            found.append(Percentage(start, first_end, first, approx, None, points))
            found.append(Percentage(second_start, unit_end, second, None, None, points))
            continue
        low, high = sorted((first, second))
        found.append(Percentage(start, unit_end, low, approx, (low, high), points))
    return found


def set_percent_spans(doc: Doc, lang: str) -> Doc:
    """Store `find_percentages` results as `doc.spans["percent"]` and `doc.spans["percent_points"]`."""
    found = find_percentages(doc_text(doc), lang)
    spans = spans_for_char_ranges(doc, [(p.start, p.end) for p in found], "PERCENT")
    percent: list[Span] = []
    points: list[Span] = []
    records: list[PercentRecord] = []
    for span, item in zip(spans, found):
        if span is None:
            continue
        ext = span._
        ext.percent_value = item.value
        ext.percent_range = item.range
        ext.percent_approx = item.approx
        (points if item.points else percent).append(span)
        if not item.points:
            records.append(PercentRecord(span.start_char, span.end_char, float(item.value)))
    doc.spans[SPAN_KEY] = percent
    doc.spans[POINTS_SPAN_KEY] = points
    remember_records(doc, SPAN_KEY, records)
    return doc


class PercentRecognizer:
    """Pipeline component: sets `doc.spans["percent"]` and `doc.spans["percent_points"]`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        return set_percent_spans(doc, self.lang)


@Language.factory("newsmon_percent", default_config={"lang": None})
def make_percent_recognizer(nlp: Language, name: str, lang: str | None) -> PercentRecognizer:
    """Factory: `lang` defaults to the pipeline's language."""
    return PercentRecognizer(lang or nlp.lang)
