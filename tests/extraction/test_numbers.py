"""Numerals, number words and scales in English and German (`extractors.nlp.numbers`), and amounts as the
money component reads them."""
from __future__ import annotations

import pytest

from extractors.nlp.numbers import (
    parse_number_words,
    parse_numeral,
    read_qualifiers,
    scale_value,
)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1.200", "de", 1200.0),  # German thousands dot
        ("1,5", "de", 1.5),  # German decimal comma
        ("1.234,5", "de", 1234.5),
        ("1,500", "de", 1.5),  # a comma is always decimal in German
        ("1.5", "de", 1.5),  # a dot not followed by three digits stays decimal
        ("12.000.000", "de", 12_000_000.0),
        ("1,500", "en", 1500.0),  # English thousands comma
        ("6.6", "en", 6.6),
        ("1,234.5", "en", 1234.5),
        ("1.200", "en", 1.2),  # English decimal point
        ("1.200.000", "en", 1_200_000.0),  # several dot groups can only be thousands
        ("1,5", "en", 1.5),  # decimal comma leaking into English text
        ("500,000", "en", 500_000.0),
        ("1'500", "de", 1500.0),  # Swiss apostrophe
        ("2025", "en", 2025.0),
        ("1,2,3", "de", None),
    ],
)
def test_parse_numeral(text: str, lang: str, expected: float | None) -> None:
    assert parse_numeral(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("zwei", "de", 2.0),
        ("zwölf", "de", 12.0),
        ("zwanzig", "de", 20.0),
        ("einundzwanzig", "de", 21.0),
        ("eine halbe", "de", 0.5),
        ("einer halben", "de", 0.5),
        ("anderthalb", "de", 1.5),
        ("eineinhalb", "de", 1.5),
        ("zweieinhalb", "de", 2.5),
        ("eine", "de", 1.0),
        ("eine weitere", "de", 1.0),
        ("another", "en", 1.0),
        ("an additional", "en", 1.0),
        ("a", "en", 1.0),
        ("half a", "en", 0.5),
        ("one and a half", "en", 1.5),
        ("twenty-five", "en", 25.0),
        ("ninety nine", "en", 99.0),
        ("dozen", "en", 12.0),
        ("several", "en", None),
        ("viele", "de", None),
    ],
)
def test_parse_number_words(text: str, lang: str, expected: float | None) -> None:
    assert parse_number_words(text, lang) == expected


@pytest.mark.parametrize(
    ("word", "lang", "expected"),
    [
        ("Billion", "de", 1e12),  # German Billion = 10^12
        ("Billionen", "de", 1e12),
        ("billion", "de", 1e9),  # lowercase: an English quotation
        ("Billion", "en", 1e9),  # English title case
        ("Mrd.", "de", 1e9),
        ("Mio.", "de", 1e6),
        ("bn", "en", 1e9),
        ("mn", "en", 1e6),
        ("k", "en", 1e3),
        ("Tausend", "de", 1e3),
        ("tn", "en", 1e12),
        ("Runde", "de", None),
    ],
)
def test_scale_value(word: str, lang: str, expected: float | None) -> None:
    assert scale_value(word, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1.200 Millionen", "de", 1.2e9),
        ("1,5 Mrd.", "de", 1.5e9),
        ("zwei Milliarden", "de", 2e9),
        ("eine halbe Milliarde", "de", 5e8),
        ("anderthalb Milliarden", "de", 1.5e9),
        ("3 Billionen", "de", 3e12),
        ("1.2bn", "en", 1.2e9),
        ("1,500 million", "en", 1.5e9),
        ("a billion", "en", 1e9),
        ("500k", "en", 5e5),
        ("Runde", "de", None),
    ],
)
def test_amount_with_its_scale(text: str, lang: str, expected: float | None) -> None:
    from extractors.nlp.components.money import find_amounts

    found = find_amounts(f"{text} Euro" if lang == "de" else f"${text}", lang)
    if expected is None:
        assert found == []
    else:
        assert [a.value for a in found] == [pytest.approx(expected)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("rund 4", "de", ("about", False, False)),
        ("Sie erhielt knapp 4", "de", ("nearly", False, False)),
        ("zwischen 4", "de", (None, True, False)),
        ("von 4", "de", (None, False, True)),
        ("gegenüber 4", "de", (None, False, False)),  # "über" inside a word is no qualifier
        ("more than $4", "en", ("more_than", False, False)),
        ("up to $4", "en", ("up_to", False, False)),
        ("between $4", "en", (None, True, False)),
        ("awesome $4", "en", (None, False, False)),
    ],
)
def test_read_qualifiers(text: str, lang: str, expected: tuple[str | None, bool, bool]) -> None:
    start = len(text) - (2 if text.endswith("$4") else 1)
    assert read_qualifiers(text, start, lang) == expected
