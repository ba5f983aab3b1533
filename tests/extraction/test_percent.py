"""`newsmon_percent` on blank English and German docs: values, ranges, signs, points, offsets, traps.

Each case is a sentence and the percentages expected in it, as (surface, value, approx, range).
"""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from extractors.nlp.components.percent import find_percentages

Expected = tuple[str, float, "str | None", "tuple[float, float] | None"]


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Language]:
    out = {}
    for lang in ("en", "de"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("newsmon_percent")
        out[lang] = nlp
    return out


def _check(nlp: Language, text: str, expected: list[Expected], key: str = "percent") -> None:
    doc = nlp(text)
    spans = list(doc.spans[key])
    assert len(spans) == len(expected), [s.text for s in spans]
    search_from = 0
    for span, (surface, value, approx, rng) in zip(spans, expected):
        start = text.index(surface, search_from)
        search_from = start + len(surface)
        assert span.text == surface
        assert (span.start_char, span.end_char) == (start, start + len(surface))
        assert span._.percent_value == pytest.approx(value)
        assert span._.percent_approx == approx
        assert span._.percent_range == (None if rng is None else pytest.approx(rng))


EN_CASES: list[tuple[str, list[Expected]]] = [
    ("Nvidia rose 76 % in a year.", [("76 %", 76.0, None, None)]),
    ("Nvidia rose 76% in a year.", [("76%", 76.0, None, None)]),
    ("Margins grew 8.5 percent.", [("8.5 percent", 8.5, None, None)]),
    ("Arm fell 7 per cent.", [("7 per cent", 7.0, None, None)]),
    ("Arm fell 7 percent.", [("7 percent", 7.0, None, None)]),
    ("Arm fell 12 pct.", [("12 pct", 12.0, None, None)]),
    ("Arm fell eight percent.", [("eight percent", 8.0, None, None)]),
    ("It holds a 5-percent stake.", [("5-percent", 5.0, None, None)]),
    ("Shares jumped 5-7% after hours.", [("5-7%", 5.0, None, (5.0, 7.0))]),
    ("Growth between 5% and 7% is expected.", [("5% and 7%", 5.0, None, (5.0, 7.0))]),
    ("Growth of 5 to 7 percent is expected.", [("5 to 7 percent", 5.0, None, (5.0, 7.0))]),
    ("The share rose from 5% to 7%.", [("5%", 5.0, None, None), ("7%", 7.0, None, None)]),
    ("The stock fell -3.2% on Friday.", [("-3.2%", -3.2, None, None)]),
    ("The stock rose +4.1% on Friday.", [("+4.1%", 4.1, None, None)]),
    ("It owns about 12% of the lab.", [("12%", 12.0, "about", None)]),
    ("It owns nearly 49 percent.", [("49 percent", 49.0, "nearly", None)]),
    ("It owns more than 10 %.", [("10 %", 10.0, "more_than", None)]),
    ("Prices fell half a percent.", [("half a percent", 0.5, None, None)]),
    ("Shares rose 2.5% and 3% on two days.", [("2.5%", 2.5, None, None), ("3%", 3.0, None, None)]),
]

DE_CASES: list[tuple[str, list[Expected]]] = [
    ("Die Aktie stieg um 76 %.", [("76 %", 76.0, None, None)]),
    ("Die Aktie stieg um 76%.", [("76%", 76.0, None, None)]),
    ("Die Aktie stieg um 8,5 Prozent.", [("8,5 Prozent", 8.5, None, None)]),
    ("Die Aktie stieg um acht Prozent.", [("acht Prozent", 8.0, None, None)]),
    ("Die Aktie stieg um zwölf Prozent.", [("zwölf Prozent", 12.0, None, None)]),
    ("Die Aktie stieg um ein Prozent.", [("ein Prozent", 1.0, None, None)]),
    ("Die Nvidia-Aktie stieg um 5,2%.", [("5,2%", 5.2, None, None)]),
    ("Erwartet werden 5 bis 7 Prozent.", [("5 bis 7 Prozent", 5.0, None, (5.0, 7.0))]),
    ("Erwartet werden zwischen 5 und 7 Prozent.", [("5 und 7 Prozent", 5.0, None, (5.0, 7.0))]),
    ("Der Anteil stieg von 5 auf 7 Prozent.", [("5", 5.0, None, None), ("7 Prozent", 7.0, None, None)]),
    ("Die Aktie verlor minus 3 Prozent.", [("minus 3 Prozent", -3.0, None, None)]),
    ("Die Aktie notierte -3,2 % tiefer.", [("-3,2 %", -3.2, None, None)]),
    ("Die Aktie stieg um rund 10 Prozent.", [("10 Prozent", 10.0, "about", None)]),
    ("Die Aktie stieg um fast 20 Prozent.", [("20 Prozent", 20.0, "nearly", None)]),
    ("Die Aktie stieg um mehr als 20 Prozent.", [("20 Prozent", 20.0, "more_than", None)]),
    ("Eine 5-prozentige Beteiligung wurde verkauft.", [("5-prozentige", 5.0, None, None)]),
    ("Der Anteil liegt bei 1.234,5 Prozent.", [("1.234,5 Prozent", 1234.5, None, None)]),
]

POINT_CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "Margins rose 2 percentage points.", [("2 percentage points", 2.0, None, None)]),
    ("en", "Margins rose 1.5 percentage point.", [("1.5 percentage point", 1.5, None, None)]),
    ("de", "Die Marge stieg um 2 Prozentpunkte.", [("2 Prozentpunkte", 2.0, None, None)]),
    ("de", "Die Marge stieg um 0,25 %-Punkte.", [("0,25 %-Punkte", 0.25, None, None)]),
    ("de", "Die Marge stieg um drei Prozentpunkte.", [("drei Prozentpunkte", 3.0, None, None)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("en", "In 2025 it raised $5 billion."),
    ("en", "It bought 10,000 GPUs."),
    ("en", "OpenAI released GPT-4o."),
    ("en", "Rates rose 25 basis points."),
    ("en", "The Series B round closed."),
    ("de", "Die Firma kaufte 10.000 GPUs."),
    ("de", "Es flossen 2 Mrd. Euro."),
    ("de", "Sie ist mit dem 30- bis 40-fachen Umsatz bewertet."),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_percentages(pipelines: dict[str, Language], text: str, expected: list[Expected]) -> None:
    _check(pipelines["en"], text, expected)


@pytest.mark.parametrize(("text", "expected"), DE_CASES)
def test_german_percentages(pipelines: dict[str, Language], text: str, expected: list[Expected]) -> None:
    _check(pipelines["de"], text, expected)


@pytest.mark.parametrize(("lang", "text", "expected"), POINT_CASES)
def test_percentage_points_are_kept_apart(pipelines: dict[str, Language], lang: str, text: str, expected: list[Expected]) -> None:
    _check(pipelines[lang], text, expected, key="percent_points")
    doc = pipelines[lang](text)
    assert list(doc.spans["percent"]) == []


@pytest.mark.parametrize(("lang", "text"), NEGATIVE_CASES)
def test_non_percentages(pipelines: dict[str, Language], lang: str, text: str) -> None:
    doc = pipelines[lang](text)
    assert [s.text for s in doc.spans["percent"]] == []
    assert [s.text for s in doc.spans["percent_points"]] == []


def test_money_and_percent_together_keep_offsets() -> None:
    import extractors.nlp.components.money  # noqa: F401  (registers newsmon_money)

    nlp = spacy.blank("de")
    nlp.add_pipe("newsmon_money")
    nlp.add_pipe("newsmon_percent")
    text = "Eine 5-Milliarden-Dollar-Runde; die 5-prozentige Beteiligung kostet 2 Mrd. Euro."
    doc = nlp(text)
    assert [(s.text, s.start_char) for s in doc.spans["money"]] == [
        ("5-Milliarden-Dollar", 5), ("2 Mrd. Euro", text.index("2 Mrd."))]
    assert [(s.text, s.start_char) for s in doc.spans["percent"]] == [("5-prozentige", text.index("5-proz"))]
    assert doc.spans["money"][0]._.money_value == 5e9
