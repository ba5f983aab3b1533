"""`newsmon_money`: every monetary amount in an English or German doc, as `doc.spans["money"]`.

Works on `spacy.blank("en")` / `spacy.blank("de")` docs (no tagger, parser or NER): one compiled regex
per language runs over `doc.text`, and the matches become token-exact spans (see `char_spans`).

Conventions (the contract other components and the `extract` output rely on):
- The span's surface is the amount itself: currency symbol/code/word, number, scale word, and for a
  range both ends ("$60-65 billion", "60 bis 65 Milliarden Dollar", "$1bn and $2bn"). Approximation
  words ("rund", "about", "bis zu") and "between"/"zwischen" are *not* in the surface; the spec's
  "rund 4 Milliarden Dollar" has surface "4 Milliarden Dollar". They are reported in `money_approx`.
- `span._.money_value`: the amount as a float in units of the currency ("$6.6bn" -> 6.6e9).
  For a range it is the LOWER bound and `span._.money_range` holds `(low, high)`; else `money_range`
  is None.
- `span._.money_currency`: ISO 4217 code. "Dollar" and "$" are USD in both languages; "¥" is CNY when
  the same doc names the yuan/renminbi/RMB/CNY, else JPY.
- `span._.money_approx`: None or one of "about", "nearly", "more_than", "at_least", "less_than",
  "at_most", "up_to".
- A number is money only with a currency in the same phrase: "$5 million", "5 Millionen Euro", and
  "between 60 and 65 billion dollars" (the currency after the second number covers both). Years,
  counts ("10,000 GPUs"), percentages and model names are never money.
  One exception, elliptical amounts: "bei 60 Milliarden Dollar, nach 18 Milliarden im Vorjahr" --
  a number with a scale of a million or more, no currency, within 100 characters after an amount in
  the same sentence and not followed by a counted noun ("70 Milliarden Parameter", "5 million
  users"), takes that amount's currency; its span has `span._.money_currency_inferred = True`.
- "from $1bn to $2bn" / "von 1 auf 2 Milliarden Euro" is a change, not a range: two spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.nlp.anchored_search import AnchoredScanner
from extractors.nlp.lexicon import literal_trie
from extractors.nlp.components.char_spans import spans_for_char_ranges
from extractors.nlp.annotations import MONEY_KEY, Amount as AmountRecord, remember_records
from extractors.nlp.doc_text import doc_text
from extractors.nlp.numbers import (
    DIGITS_PATTERN,
    alternation,
    number_words_approx,
    number_words_pattern,
    parse_number,
    read_qualifiers,
    scale_pattern,
    scale_value,
)

SPAN_KEY = MONEY_KEY

for _name in ("money_value", "money_currency", "money_approx", "money_range"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("money_currency_inferred"):
    Span.set_extension("money_currency_inferred", default=False)

# Currency written before the number. Case-sensitive: "USD", "€", "US$".
_PRE_CURRENCIES: dict[str, str] = {
    "US$": "USD", "US $": "USD", "US-$": "USD", "U.S.$": "USD", "USD": "USD", "$": "USD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "HK$": "HKD", "HKD": "HKD", "S$": "SGD", "SGD": "SGD", "NT$": "TWD", "TWD": "TWD", "R$": "BRL", "BRL": "BRL",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "CHF": "CHF", "SFr.": "CHF", "sFr.": "CHF",
    "¥": "JPY", "JPY": "JPY", "CN¥": "CNY", "CNY": "CNY", "RMB": "CNY", "₹": "INR", "INR": "INR", "Rs.": "INR", "Rs": "INR",
    "₩": "KRW", "KRW": "KRW", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "PLN": "PLN", "ILS": "ILS",
    "AED": "AED", "SAR": "SAR",
}
# Symbols and codes written after the number ("500 €", "5 Mio. EUR").
_POST_SYMBOLS: dict[str, str] = {
    "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CHF": "CHF",
    "CNY": "CNY", "RMB": "CNY", "JPY": "JPY", "INR": "INR", "KRW": "KRW", "CAD": "CAD", "AUD": "AUD",
    "HKD": "HKD", "SGD": "SGD", "SEK": "SEK", "US$": "USD", "US-$": "USD", "A$": "AUD", "C$": "CAD",
    "HK$": "HKD", "S$": "SGD", "CN¥": "CNY", "₹": "INR", "₩": "KRW", "SFr.": "CHF", "sFr.": "CHF",
}
# Currency words after the number, matched case-insensitively; keys lowercase, single spaces.
_POST_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD", "u.s. dollar": "USD", "dollars": "USD",
        "dollar": "USD", "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
        "singapore dollars": "SGD", "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "euros": "EUR", "euro": "EUR",
        "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "swiss francs": "CHF",
        "francs": "CHF", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "rupees": "INR",
        "korean won": "KRW", "won": "KRW",  # "won" only after a scale word: see _VERB_WON
    },
    "de": {
        "us-dollar": "USD", "us-dollars": "USD", "us dollar": "USD", "dollar": "USD", "dollars": "USD",
        "australische dollar": "AUD", "kanadische dollar": "CAD", "hongkong-dollar": "HKD",
        "singapur-dollar": "SGD", "taiwan-dollar": "TWD", "neue taiwan-dollar": "TWD", "taiwanische dollar": "TWD",
        "euro": "EUR", "euros": "EUR", "pfund sterling": "GBP",
        "britische pfund": "GBP", "britischen pfund": "GBP", "pfund": "GBP", "schweizer franken": "CHF",
        "franken": "CHF", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "won": "KRW", "südkoreanische won": "KRW",
        "rupien": "INR",
        "fr.": "CHF",  # Swiss usage: "8 Mio. Fr.", "1,2 Mrd. Fr."
    },
}
_LETTER = r"A-Za-zÄÖÜäöüß"


def _amount(i: int, lang: str) -> str:
    """Regex for one amount: optional leading currency, number (digits or words) and scale word."""
    return (
        rf"(?:(?P<c{i}>{alternation(_PRE_CURRENCIES)})\s?)?"
        rf"(?:(?P<d{i}>{DIGITS_PATTERN})(?![\d])(?:[\s-]?(?P<s{i}>{scale_pattern(glued=False)})"
        rf"|(?P<g{i}>{scale_pattern(glued=True)}))?"
        rf"|(?P<w{i}>{number_words_pattern(lang)})[\s-](?P<t{i}>{scale_pattern(glued=False)}))"
    )


def _compile(lang: str) -> re.Pattern[str]:
    """The amount pattern. Approximation words and "between"/"from" are read separately by
    `read_qualifiers` (looking back from the match): leading alternatives here would make the regex
    engine try dozens of words at every word start and cost a factor of three in speed."""
    post = rf"(?:(?i:{alternation(_POST_WORDS[lang])})(?![{_LETTER}])|{alternation(_POST_SYMBOLS)}(?![{_LETTER}]))"
    connector = rf"(?P<conn>-|–|—|(?i:to|bis|and|und|auf)(?![{_LETTER}]))"
    pattern = (
        rf"(?<![\w$€£¥])"
        rf"{_amount(1, lang)}"
        rf"(?:\s*{connector}\s*{_amount(2, lang)})?"
        rf"(?:[\s-]?(?P<cp>{post}))?"
    )
    return re.compile(pattern)


_PATTERNS = {lang: _compile(lang) for lang in ("en", "de")}
# Every amount holds a currency; the pattern only runs near one (see `anchored_search`).
_CODES = sorted({c for c in (*_PRE_CURRENCIES, *_POST_SYMBOLS) if len(c) == 3 and c.isalpha() and c.isupper()})
_ANCHOR_WORDS = {
    "en": ("dollar", "euro", "pound", "sterling", "franc", "yuan", "renminbi", "yen", "rupee", "won"),
    "de": ("dollar", "euro", "pfund", "franken", "yuan", "renminbi", "yen", "won", "rupien", "Fr."),
}
_CURRENCY_ANCHORS = {
    lang: re.compile(
        literal_trie(
            {"$", "€", "£", "¥", "₹", "₩", "SFr.", "sFr.", "Rs", *_CODES}
            | {form for w in words for form in (w, w.capitalize())}
        )
    )
    for lang, words in _ANCHOR_WORDS.items()
}
# Reach of an amount around its currency: "zwischen sechzig und fünfundsechzig Milliarden US-Dollar"
# before it, "$500 million to $1.5 billion" after it.
_BEFORE, _AFTER = 80, 48
_POST_TABLES = {lang: {**_POST_SYMBOLS, **words} for lang, words in _POST_WORDS.items()}
# English "won" is also the past tense of "win"; it is the currency only after a scale word.
_VERB_WON = re.compile(r"won")
_CNY_HINT = re.compile(r"(?i)\byuan\b|\brenminbi\b|\bRMB\b|\bCNY\b")


@dataclass(frozen=True)
class Amount:
    """One recognised amount before it becomes a span (character offsets into the doc text)."""

    start: int
    end: int
    value: float
    currency: str
    approx: str | None
    range: tuple[float, float] | None
    inferred: bool = False  # currency carried over from the amount before ("..., nach 18 Milliarden")


@dataclass
class _Part:
    start: int
    end: int
    number: float
    scale: float | None
    currency: str | None

    @property
    def value(self) -> float:
        """The amount; a scaled figure is rounded to the cent ("HK$4.19 billion" is 4190000000, not the
        4190000000.0000005 binary floating point makes of 4.19 * 1e9)."""
        return round(self.number * (self.scale or 1.0), 2) if self.scale else self.number


def _currency_of(symbol: str | None, table: dict[str, str]) -> str | None:
    if symbol is None:
        return None
    return table.get(" ".join(symbol.split())) or table.get(" ".join(symbol.lower().split()))


def _part(m: re.Match[str], i: int, lang: str) -> _Part | None:
    digits, words = m.group(f"d{i}"), m.group(f"w{i}")
    if digits is None and words is None:
        return None
    number = parse_number(digits if digits is not None else words, lang)
    if number is None:
        return None
    scale_word = m.group(f"s{i}") or m.group(f"g{i}") or m.group(f"t{i}")
    scale = scale_value(scale_word, lang) if scale_word else None
    cur = m.group(f"c{i}")
    start = m.start(f"c{i}") if cur else m.start(f"d{i}" if digits is not None else f"w{i}")
    if scale_word:
        end = max(m.end(f"s{i}"), m.end(f"g{i}"), m.end(f"t{i}"))
    else:
        end = m.end(f"d{i}")
    return _Part(start, end, number, scale, _currency_of(cur, _PRE_CURRENCIES))


def _second_start(m: re.Match[str]) -> int:
    return m.start("c2") if m.group("c2") else m.start("d2") if m.group("d2") else m.start("w2")


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Every monetary amount in `text` (pure function; the component wraps it)."""
    lang = "de" if lang == "de" else "en"
    pattern = _PATTERNS[lang]
    post_table = _POST_TABLES[lang]
    cny_doc: bool | None = None
    found: list[Amount] = []
    scanner = AnchoredScanner(pattern, _CURRENCY_ANCHORS[lang], text, _BEFORE, _AFTER)
    pos = 0
    while (m := scanner.search(pos)) is not None:
        pos = m.end()
        if m.group("c1") is None and m.group("c2") is None and m.group("cp") is None:
            continue  # a year, a count, a model number: no currency, not money
        p1 = _part(m, 1, lang)
        if p1 is None:
            continue
        p2 = _part(m, 2, lang)
        post = _currency_of(m.group("cp"), post_table)
        approx, between, change = read_qualifiers(text, p1.start, lang)
        if approx is None and m.group("w1"):
            approx = number_words_approx(m.group("w1"))
        end = m.end("cp") if post else None
        if p2 is not None:
            conn = m.group("conn").lower()
            second_scaleless = p1.scale is not None and p2.scale is None and p2.currency is None and post is None
            wrong_connector = (conn in ("and", "und") and not between) or (conn == "auf" and not change)
            borrowed_currency = p1.currency is None and post is None  # "2024 - $5bn": p1 is no amount
            if second_scaleless or wrong_connector or borrowed_currency:
                # "$5 million to 20 staff", "$1bn and $2bn": the first number stands alone, and the
                # second is matched again on its own.
                if not second_scaleless:
                    pos = _second_start(m)
                p2, end = None, None
                if p1.currency is None:
                    continue
        currency = p1.currency or (p2.currency if p2 else None) or post
        if currency is None or p1.value == 0:
            continue
        if currency == "KRW" and _VERB_WON.fullmatch(m.group("cp") or "") and (p2 or p1).scale is None:
            continue  # "of the 12 bids, 3 won": the verb; "124 billion won" is the currency
        if m.group("w1") and m.group("w1").lower() in ("a", "an") and post and text[m.start("cp") - 1] == "-":
            continue  # "a billion-dollar company": an order of magnitude, not an amount
        if currency == "JPY" and "¥" in text[p1.start : (end or (p2 or p1).end)]:
            if cny_doc is None:
                cny_doc = bool(_CNY_HINT.search(text))
            currency = "CNY" if cny_doc else "JPY"
        if p2 is None:
            found.append(Amount(p1.start, end or p1.end, p1.value, currency, approx, None))
            continue
        if p1.scale is None and p2.scale is not None and p1.number < p2.number:
            p1.scale = p2.scale  # "$60-65 billion", "zwischen 60 und 65 Milliarden": scale covers both
        if change and conn in ("to", "auf"):
            # "from $1bn to $2bn", "von 1 auf 2 Milliarden Euro": a change, two amounts.
            found.append(Amount(p1.start, p1.end, p1.value, p1.currency or currency, approx, None))
            found.append(Amount(p2.start, end or p2.end, p2.value, p2.currency or post or currency, None, None))
            continue
        low, high = sorted((p1.value, p2.value))
        found.append(Amount(p1.start, end or p2.end, low, currency, approx, (low, high)))
    return _with_elliptical_amounts(text, lang, found) if found else found


# Elliptical amounts: German (and sometimes English) names the currency once and then drops it:
# "bei 60 Milliarden Dollar, nach 18 Milliarden im Vorjahr". A currency-less number with a scale of a
# million or more takes the currency of the amount just before it in the same sentence, unless a
# counted noun follows ("70 Milliarden Parameter", "5 million users").
_ELLIPSIS_REACH = 100
# Cheap test that a stretch of text holds a scale word of a million or more at all.
_BIG_SCALE_HINT = re.compile(r"illi|Mio|Mrd|Mia|Bio|MM|MN|BN|[bm]ln|[bmt]n\b|trn|crore|\d[mbMB]\b")
_SENTENCE_END = re.compile(r"[!?\n]|(?<!Mio)(?<!Mrd)(?<!Mia)(?<!Bio)(?<!Tsd)(?<!\bca)(?<!\d)\.\s+[A-ZÄÖÜ0-9]")
_NEXT_WORDS = re.compile(r"\s*([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?")
_EN_WORDS_AFTER_AMOUNT = frozenset(
    "in from for at by and or a an the this that last next late early earlier previously before after to on "
    "with over since during ago each apiece respectively according as while when but than".split()
)
_DE_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def _counted_noun_follows(text: str, end: int, lang: str) -> bool:
    """True when the words after a bare "5 Millionen" make it a count ("Nutzer", "aktive Kunden", "users")."""
    m = _NEXT_WORDS.match(text, end)
    if m is None:
        return False
    first, second = m.group(1), m.group(2)
    if lang == "de":
        if first[0].isupper():
            return True
        return second is not None and second[0].isupper() and first.endswith(_DE_ADJECTIVE_ENDINGS)
    return first.lower() not in _EN_WORDS_AFTER_AMOUNT


def _with_elliptical_amounts(text: str, lang: str, found: list[Amount]) -> list[Amount]:
    pattern = _PATTERNS[lang]
    out: list[Amount] = []
    for i, amount in enumerate(found):
        out.append(amount)
        limit = min(amount.end + _ELLIPSIS_REACH, found[i + 1].start if i + 1 < len(found) else len(text))
        if not _BIG_SCALE_HINT.search(text, amount.end, limit):
            continue
        previous = amount
        pos = amount.end
        while (m := pattern.search(text, pos, limit)) is not None:
            pos = m.end()
            if m.group("c1") or m.group("c2") or m.group("cp") or _SENTENCE_END.search(text, previous.end, m.start() + 1):
                break
            p1, p2 = _part(m, 1, lang), _part(m, 2, lang)
            if p1 is None or p1.value == 0:
                continue
            scale = p2.scale if p2 is not None else p1.scale
            cut_short = m.end() == limit < len(text)
            if scale is None or scale < 1e6 or cut_short or _counted_noun_follows(text, m.end(), lang):
                continue
            approx, between, _change = read_qualifiers(text, p1.start, lang)
            if p2 is not None and (m.group("conn").lower() in ("and", "und")) == between:
                if p1.scale is None and p1.number < p2.number:
                    p1.scale = p2.scale
                low, high = sorted((p1.value, p2.value))
                previous = Amount(p1.start, p2.end, low, amount.currency, approx, (low, high), inferred=True)
            elif p1.scale is not None:
                previous = Amount(p1.start, p1.end, p1.value, amount.currency, approx, None, inferred=True)
            else:
                continue
            out.append(previous)
    return out


def set_money_spans(doc: Doc, lang: str) -> Doc:
    """Run `find_amounts` on the doc text and store the results as `doc.spans["money"]`."""
    text = doc_text(doc)
    amounts = find_amounts(text, lang)
    spans = spans_for_char_ranges(doc, [(a.start, a.end) for a in amounts], "MONEY")
    records: list[AmountRecord] = []
    for span, amount in zip(spans, amounts):
        if span is None:
            continue
        start, end = span.start_char, span.end_char
        records.append(AmountRecord(start, end, float(amount.value), amount.currency, text[start:end]))
        ext = span._  # one Underscore object per span, not one per attribute
        ext.money_value = amount.value
        ext.money_currency = amount.currency
        ext.money_approx = amount.approx
        ext.money_range = amount.range
        if amount.inferred:
            ext.money_currency_inferred = True
    doc.spans[SPAN_KEY] = [span for span in spans if span is not None]
    remember_records(doc, SPAN_KEY, records)
    return doc


class MoneyRecognizer:
    """Pipeline component: sets `doc.spans["money"]` (see the module docstring for the conventions)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        return set_money_spans(doc, self.lang)


@Language.factory("newsmon_money", default_config={"lang": None})
def make_money_recognizer(nlp: Language, name: str, lang: str | None) -> MoneyRecognizer:
    """Factory: `lang` defaults to the pipeline's language ("de" rules for German, else English)."""
    return MoneyRecognizer(lang or nlp.lang)
