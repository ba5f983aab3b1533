"""`newsmon_money` on blank English and German docs: values, currencies, surfaces, offsets, and traps.

Each case is a sentence and the amounts expected in it, as (surface, value, currency, approx, range).
The surface must be found once in the sentence; the test checks that the span's offsets point at it.
"""
from __future__ import annotations

import importlib

import pytest
import spacy
from spacy.language import Language

import extractors.nlp.components.money as money_module
from extractors.nlp.components.money import find_amounts

Expected = tuple[str, float, str, "str | None", "tuple[float, float] | None"]


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Language]:
    out = {}
    for lang in ("en", "de"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("newsmon_money")
        out[lang] = nlp
    return out


def _check(nlp: Language, text: str, expected: list[Expected]) -> None:
    doc = nlp(text)
    got = [
        (s.text, s._.money_value, s._.money_currency, s._.money_approx, s._.money_range, s.start_char, s.end_char)
        for s in doc.spans["money"]
    ]
    assert len(got) == len(expected), got
    search_from = 0
    for (surface, value, currency, approx, rng, start, end), exp in zip(got, expected):
        exp_surface, exp_value, exp_currency, exp_approx, exp_range = exp
        exp_start = text.index(exp_surface, search_from)
        search_from = exp_start + len(exp_surface)
        assert surface == exp_surface
        assert (start, end) == (exp_start, exp_start + len(exp_surface))
        assert text[start:end] == surface
        assert value == pytest.approx(exp_value)
        assert currency == exp_currency
        assert approx == exp_approx
        if exp_range is None:
            assert rng is None
        else:
            assert rng == pytest.approx(exp_range)


EN_CASES: list[tuple[str, list[Expected]]] = [
    ("OpenAI raised $6.6bn from Thrive.", [("$6.6bn", 6.6e9, "USD", None, None)]),
    ("OpenAI raised $6.6 billion from Thrive.", [("$6.6 billion", 6.6e9, "USD", None, None)]),
    ("Mistral took EUR 500m in new money.", [("EUR 500m", 5e8, "EUR", None, None)]),
    ("The deal is worth $1,500 million.", [("$1,500 million", 1.5e9, "USD", None, None)]),
    ("It raised US$ 40 billion.", [("US$ 40 billion", 4e10, "USD", None, None)]),
    ("It raised US$40bn.", [("US$40bn", 4e10, "USD", None, None)]),
    ("Capex of $60-65 billion is planned.", [("$60-65 billion", 6e10, "USD", None, (6e10, 6.5e10))]),
    ("A round between $1bn and $2bn is planned.", [("$1bn and $2bn", 1e9, "USD", None, (1e9, 2e9))]),
    ("It will spend between 60 and 65 billion dollars.", [("60 and 65 billion dollars", 6e10, "USD", None, (6e10, 6.5e10))]),
    ("A raise of $500 million to $1.5 billion.", [("$500 million to $1.5 billion", 5e8, "USD", None, (5e8, 1.5e9))]),
    ("It invested about $5 million.", [("$5 million", 5e6, "USD", "about", None)]),
    ("It invested around $5 million.", [("$5 million", 5e6, "USD", "about", None)]),
    ("It invested roughly $5 million.", [("$5 million", 5e6, "USD", "about", None)]),
    ("It invested nearly $5 million.", [("$5 million", 5e6, "USD", "nearly", None)]),
    ("It invested more than $10 billion.", [("$10 billion", 1e10, "USD", "more_than", None)]),
    ("It invested over $10 billion.", [("$10 billion", 1e10, "USD", "more_than", None)]),
    ("It may invest up to $4 billion.", [("$4 billion", 4e9, "USD", "up_to", None)]),
    ("It invested at least $2bn.", [("$2bn", 2e9, "USD", "at_least", None)]),
    ("A billion dollars went to xAI.", [("A billion dollars", 1e9, "USD", None, None)]),
    ("They paid half a billion dollars.", [("half a billion dollars", 5e8, "USD", None, None)]),
    ("It raised a quarter of a billion dollars.", [("a quarter of a billion dollars", 2.5e8, "USD", None, None)]),
    ("They paid three quarters of a billion dollars.",
     [("three quarters of a billion dollars", 7.5e8, "USD", None, None)]),
    ("They paid two billion dollars.", [("two billion dollars", 2e9, "USD", None, None)]),
    ("Seed funding of $5 million closed.", [("$5 million", 5e6, "USD", None, None)]),
    ("The grant was $500,000.", [("$500,000", 5e5, "USD", None, None)]),
    ("Anthropic raised $3.5B.", [("$3.5B", 3.5e9, "USD", None, None)]),
    ("Arm sold £2bn of shares.", [("£2bn", 2e9, "GBP", None, None)]),
    ("The fund has CHF 100 million.", [("CHF 100 million", 1e8, "CHF", None, None)]),
    ("Zhipu raised 10 billion yuan.", [("10 billion yuan", 1e10, "CNY", None, None)]),
    ("Moonshot raised ¥10 billion, about 10 billion yuan.", [
        ("¥10 billion", 1e10, "CNY", None, None), ("10 billion yuan", 1e10, "CNY", "about", None)]),
    ("SoftBank committed ¥500 billion.", [("¥500 billion", 5e11, "JPY", None, None)]),
    ("Canva raised A$500 million.", [("A$500 million", 5e8, "AUD", None, None)]),
    ("Cohere raised C$300 million.", [("C$300 million", 3e8, "CAD", None, None)]),
    ("It paid €500m.", [("€500m", 5e8, "EUR", None, None)]),
    ("It paid 5 million euros.", [("5 million euros", 5e6, "EUR", None, None)]),
    ("It paid USD 2.5 billion.", [("USD 2.5 billion", 2.5e9, "USD", None, None)]),
    ("A $5m-round closed.", [("$5m", 5e6, "USD", None, None)]),
    ("Costs rose from $1bn to $2bn.", [("$1bn", 1e9, "USD", None, None), ("$2bn", 2e9, "USD", None, None)]),
    ("It raised $1bn and $2bn in two rounds.", [("$1bn", 1e9, "USD", None, None), ("$2bn", 2e9, "USD", None, None)]),
    ("It raised $5 million to hire 20 engineers.", [("$5 million", 5e6, "USD", None, None)]),
    ("Revenue hit $3.7 trillion.", [("$3.7 trillion", 3.7e12, "USD", None, None)]),
    ("It raised $250k.", [("$250k", 2.5e5, "USD", None, None)]),
    ("($6.6bn)", [("$6.6bn", 6.6e9, "USD", None, None)]),
    ("It put another billion dollars in.", [("another billion dollars", 1e9, "USD", None, None)]),
    ("It added an additional billion dollars.", [("an additional billion dollars", 1e9, "USD", None, None)]),
    ("It raised $5MM in seed money.", [("$5MM", 5e6, "USD", None, None)]),
    ("Krutrim raised Rs 500 crore.", [("Rs 500 crore", 5e9, "INR", None, None)]),
    ("It paid 15 000 euros.", [("15 000 euros", 1.5e4, "EUR", None, None)]),
    ("A H100 costs $25,000 to $40,000.", [("$25,000 to $40,000", 2.5e4, "USD", None, (2.5e4, 4e4))]),
    ("Mistral raised €600 million ($640 million).", [
        ("€600 million", 6e8, "EUR", None, None), ("$640 million", 6.4e8, "USD", None, None)]),
    # English "won" is the currency after a scale word, the verb otherwise
    ("Rebellions raised 250 billion won in the round.", [("250 billion won", 2.5e11, "KRW", None, None)]),
    ("Naver set aside 1.2 trillion Korean won.", [("1.2 trillion Korean won", 1.2e12, "KRW", None, None)]),
]

DE_CASES: list[tuple[str, list[Expected]]] = [
    ("Amazon investiert rund 4 Milliarden Dollar in Anthropic.", [("4 Milliarden Dollar", 4e9, "USD", "about", None)]),
    ("OpenAI erhielt 6,6 Milliarden Dollar.", [("6,6 Milliarden Dollar", 6.6e9, "USD", None, None)]),
    ("Mistral sammelte 2 Mrd. Euro ein.", [("2 Mrd. Euro", 2e9, "EUR", None, None)]),
    ("Aleph Alpha bekam €500 Mio. von Investoren.", [("€500 Mio.", 5e8, "EUR", None, None)]),
    ("Die Runde brachte 500 Millionen Euro.", [("500 Millionen Euro", 5e8, "EUR", None, None)]),
    ("Geplant sind 60 bis 65 Milliarden Dollar.", [("60 bis 65 Milliarden Dollar", 6e10, "USD", None, (6e10, 6.5e10))]),
    ("Geplant sind zwischen 60 und 65 Milliarden Dollar.", [("60 und 65 Milliarden Dollar", 6e10, "USD", None, (6e10, 6.5e10))]),
    ("Es flossen zwei Milliarden Euro.", [("zwei Milliarden Euro", 2e9, "EUR", None, None)]),
    ("Es flossen eine halbe Milliarde Dollar.", [("eine halbe Milliarde Dollar", 5e8, "USD", None, None)]),
    ("Es flossen eine Dreiviertel Milliarde Euro.", [("eine Dreiviertel Milliarde Euro", 7.5e8, "EUR", None, None)]),
    ("Es flossen eine Viertelmilliarde Euro.", [("eine Viertelmilliarde Euro", 2.5e8, "EUR", None, None)]),
    ("Es flossen eine Dreiviertelmillion Euro.", [("eine Dreiviertelmillion Euro", 7.5e5, "EUR", None, None)]),
    ("Es flossen anderthalb Milliarden Euro.", [("anderthalb Milliarden Euro", 1.5e9, "EUR", None, None)]),
    ("Die Firma erhielt € 1,2 Mrd. Kapital.", [("€ 1,2 Mrd.", 1.2e9, "EUR", None, None)]),
    ("Die Firma erhielt 1,5 Mrd. US-Dollar.", [("1,5 Mrd. US-Dollar", 1.5e9, "USD", None, None)]),
    ("Der Fonds hat CHF 100 Mio. eingesammelt.", [("CHF 100 Mio.", 1e8, "CHF", None, None)]),
    ("Zhipu erhielt 10 Milliarden Yuan.", [("10 Milliarden Yuan", 1e10, "CNY", None, None)]),
    ("Der Deal bringt 300 Millionen Franken.", [("300 Millionen Franken", 3e8, "CHF", None, None)]),
    # Swiss and Austrian forms, the currency symbol or code after the scale (issue 3 follow-up)
    ("Das Zürcher Start-up sammelte 8 Mio. Fr. ein.", [("8 Mio. Fr.", 8e6, "CHF", None, None)]),
    ("Die Übernahme kostet 1,2 Mrd. Fr.; Fr. Meier bestätigte das.", [("1,2 Mrd. Fr.", 1.2e9, "CHF", None, None)]),
    ("Das Start-up sammelt 500 Mio. € ein.", [("500 Mio. €", 5e8, "EUR", None, None)]),
    ("Die Firma erhält 20 Mio. US-$ von Investoren.", [("20 Mio. US-$", 2e7, "USD", None, None)]),
    ("Der Konzern zahlt 2 Mrd. USD.", [("2 Mrd. USD", 2e9, "USD", None, None)]),
    ("Arm erlöste 2 Milliarden Pfund.", [("2 Milliarden Pfund", 2e9, "GBP", None, None)]),
    ("Nvidia ist 3 Billionen Dollar wert.", [("3 Billionen Dollar", 3e12, "USD", None, None)]),
    ("Der Umsatz lag bei 1.200 Millionen Euro.", [("1.200 Millionen Euro", 1.2e9, "EUR", None, None)]),
    ("Es kostet knapp 1,5 Mrd. Euro.", [("1,5 Mrd. Euro", 1.5e9, "EUR", "nearly", None)]),
    ("Es kostet etwa 3 Mrd. Euro.", [("3 Mrd. Euro", 3e9, "EUR", "about", None)]),
    ("Es kostet fast 3 Mrd. Euro.", [("3 Mrd. Euro", 3e9, "EUR", "nearly", None)]),
    ("Es kostet mehr als 3 Mrd. Euro.", [("3 Mrd. Euro", 3e9, "EUR", "more_than", None)]),
    ("Es kostet über 3 Mrd. Euro.", [("3 Mrd. Euro", 3e9, "EUR", "more_than", None)]),
    ("Es kostet bis zu 3 Mrd. Euro.", [("3 Mrd. Euro", 3e9, "EUR", "up_to", None)]),
    ("Microsoft steckte eine Milliarde Dollar hinein.", [("eine Milliarde Dollar", 1e9, "USD", None, None)]),
    ("Die Firma startete mit einer Milliarde Dollar.", [("einer Milliarde Dollar", 1e9, "USD", None, None)]),
    ("Eine 5-Milliarden-Dollar-Runde ist geplant.", [("5-Milliarden-Dollar", 5e9, "USD", None, None)]),
    ("Der 500-Millionen-Euro-Deal steht.", [("500-Millionen-Euro", 5e8, "EUR", None, None)]),
    ("Die Bewertung stieg von 1 auf 2 Milliarden Euro.", [
        ("1", 1e9, "EUR", None, None), ("2 Milliarden Euro", 2e9, "EUR", None, None)]),
    ("Das Ticket kostet 500 €.", [("500 €", 500.0, "EUR", None, None)]),
    ("Das Start-up sammelte 25 Mio. EUR ein.", [("25 Mio. EUR", 2.5e7, "EUR", None, None)]),
    ("Alphabet stockt um eine weitere Milliarde Dollar auf.", [("eine weitere Milliarde Dollar", 1e9, "USD", None, None)]),
    ("Es flossen eine knappe Milliarde Euro.", [("eine knappe Milliarde Euro", 1e9, "EUR", "nearly", None)]),
    ("SoftBank stockt um weitere 22,5 Mrd. US$ auf.", [("22,5 Mrd. US$", 2.25e10, "USD", None, None)]),
    ("Das Start-up bekam 5 Mio. SFr. Kapital.", [("5 Mio. SFr.", 5e6, "CHF", None, None)]),
    ("Es wurden $6.6bn gemeldet.", [("$6.6bn", 6.6e9, "USD", None, None)]),
    ("Ein Zitat: 6.6 billion dollars.", [("6.6 billion dollars", 6.6e9, "USD", None, None)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("en", "In 2025 the company was founded."),
    ("en", "It bought 10,000 GPUs for its cluster."),
    ("en", "Shares rose 7.5% on Monday."),
    ("en", "OpenAI released GPT-4o and GPT-4.5 this year."),
    ("en", "Call +1 415 555 0100 for details."),
    ("en", "The Series B round was led by Accel."),
    ("en", "The model has 70 billion parameters."),
    ("en", "On 12.03.2025 it had 1,200 employees."),
    ("en", "It won 3 million users in a month."),
    ("en", "Of the 12 bids, 3 won approval."),
    ("de", "Im Jahr 2025 wurde die Firma gegründet."),
    ("de", "Die Firma kaufte 10.000 GPUs."),
    ("de", "Die Aktie stieg um 8,5 Prozent."),
    ("de", "Das Modell hat 70 Milliarden Parameter."),
    ("de", "Die Nummer lautet 030 1234567."),
    ("de", "Eine Series-B-Runde wurde angekündigt."),
    ("de", "Am 12.03.2025 arbeiteten 1.200 Menschen dort."),
    ("de", "Der Europa-Chef kam mit 5 Millionen Nutzern."),
    ("en", "It became a billion-dollar company."),  # an order of magnitude, not an amount
    ("en", "It signed a multibillion-dollar deal worth tens of billions of dollars."),
    ("en", "It paid 0 dollars."),
]

# (lang, text, [(surface, value, currency, inferred)]): a currency named once covers the next bare amount.
ELLIPTICAL_CASES: list[tuple[str, str, list[tuple[str, float, str, bool]]]] = [
    ("de", "Die Bewertung liegt bei 60 Milliarden Dollar, nach 18 Milliarden im Vorjahr.", [
        ("60 Milliarden Dollar", 6e10, "USD", False), ("18 Milliarden", 1.8e10, "USD", True)]),
    ("de", "SAP investiert eine Milliarde Euro, Siemens 500 Mio.", [
        ("eine Milliarde Euro", 1e9, "EUR", False), ("500 Mio.", 5e8, "EUR", True)]),
    ("de", "Es kostet 5 Mrd. Euro, zuvor zwischen 2 und 3 Milliarden.", [
        ("5 Mrd. Euro", 5e9, "EUR", False), ("2 und 3 Milliarden", 2e9, "EUR", True)]),
    ("de", "Es kostet 5 Mrd. Euro und hat 70 Milliarden Parameter.", [("5 Mrd. Euro", 5e9, "EUR", False)]),
    ("de", "Es kostet 5 Mrd. Euro und hat 5 Millionen aktive Nutzer.", [("5 Mrd. Euro", 5e9, "EUR", False)]),
    ("de", "Es kostet 5 Mrd. Euro. 3 Millionen sind es im Jahr.", [("5 Mrd. Euro", 5e9, "EUR", False)]),
    ("de", "Es kostet 5 Mrd. Euro und 300 Euro im Monat.", [
        ("5 Mrd. Euro", 5e9, "EUR", False), ("300 Euro", 300.0, "EUR", False)]),
    ("en", "Revenue was $3.4 billion, up from 1.6 billion late last year.", [
        ("$3.4 billion", 3.4e9, "USD", False), ("1.6 billion", 1.6e9, "USD", True)]),
    ("en", "It raised $5bn and has 300 million users.", [("$5bn", 5e9, "USD", False)]),
    ("en", "It raised $5bn in 2024 and 2,000 more in 2025.", [("$5bn", 5e9, "USD", False)]),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_amounts(pipelines: dict[str, Language], text: str, expected: list[Expected]) -> None:
    _check(pipelines["en"], text, expected)


@pytest.mark.parametrize(("text", "expected"), DE_CASES)
def test_german_amounts(pipelines: dict[str, Language], text: str, expected: list[Expected]) -> None:
    _check(pipelines["de"], text, expected)


@pytest.mark.parametrize(("lang", "text"), NEGATIVE_CASES)
def test_non_money_is_not_money(pipelines: dict[str, Language], lang: str, text: str) -> None:
    doc = pipelines[lang](text)
    assert [s.text for s in doc.spans["money"]] == []


@pytest.mark.parametrize(("lang", "text", "expected"), ELLIPTICAL_CASES)
def test_elliptical_amounts_take_the_currency_before(
    pipelines: dict[str, Language], lang: str, text: str, expected: list[tuple[str, float, str, bool]]
) -> None:
    doc = pipelines[lang](text)
    got = [(s.text, s._.money_value, s._.money_currency, s._.money_currency_inferred) for s in doc.spans["money"]]
    assert got == [(surface, pytest.approx(value), cur, inferred) for surface, value, cur, inferred in expected]
    for span in doc.spans["money"]:
        assert text[span.start_char : span.end_char] == span.text


def test_spans_are_sorted_and_disjoint(pipelines: dict[str, Language]) -> None:
    text = "Es flossen 2 Mrd. Euro, dann $6.6bn und zuletzt 60 bis 65 Milliarden Dollar sowie CHF 100 Mio."
    doc = pipelines["de"](text)
    spans = list(doc.spans["money"])
    assert len(spans) == 4
    assert all(a.end_char <= b.start_char for a, b in zip(spans, spans[1:]))


def test_compound_split_keeps_sentences_and_existing_spans() -> None:
    """Regression: splitting "5-Milliarden-Dollar-Runde" must not leave earlier span groups pointing at
    the wrong tokens (spaCy's retokenizer does not update `doc.spans`)."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    text = "Nvidia wächst. Eine 5-Milliarden-Dollar-Runde für xAI ist geplant."
    doc = nlp(text)
    doc.spans["orgs"] = [doc.char_span(text.index("xAI"), text.index("xAI") + 3)]
    doc = nlp.get_pipe("sentencizer")(doc)
    money_module.MoneyRecognizer("de")(doc)
    assert [s.text for s in doc.spans["money"]] == ["5-Milliarden-Dollar"]
    assert [s.text for s in doc.spans["orgs"]] == ["xAI"]
    assert [s.text for s in doc.sents] == ["Nvidia wächst.", "Eine 5-Milliarden-Dollar-Runde für xAI ist geplant."]
    assert doc.text == text


def test_find_amounts_matches_component(pipelines: dict[str, Language]) -> None:
    text = "Amazon investiert rund 4 Milliarden Dollar in Anthropic, Google 2 Mrd. Euro."
    amounts = find_amounts(text, "de")
    doc = pipelines["de"](text)
    spans = doc.spans["money"]
    assert [(a.start, a.end, a.value) for a in amounts] == [(s.start_char, s.end_char, s._.money_value) for s in spans]


def test_reimport_keeps_factory_and_extensions() -> None:
    importlib.reload(money_module)
    nlp = spacy.blank("en")
    nlp.add_pipe("newsmon_money")
    doc = nlp("It raised $5m.")
    assert doc.spans["money"][0]._.money_value == 5e6
