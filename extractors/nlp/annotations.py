"""The records the recognisers leave on a doc and everything downstream reads: mentions, amounts, percentages.

This module sits below every component: the recognisers (money, percent, the two organisation components)
write these records, the fact rules and the extraction output read them, and nothing here imports a
component. Records are plain frozen dataclasses with character offsets into `doc.text`, so evidence offsets,
the money list and the mention spans all agree with the input text whatever the tokenizer did.

Reading a span extension is an Underscore lookup per attribute, which the fact rules would pay for every
span of every sentence; so the components also keep the records in `doc.user_data`, and readers take those
when the span group they describe is still the one on the doc.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

ORG_INFO_KEY = "newsmon_org_info"  # doc.user_data: (start_char, end_char) -> (confidence, discovered, compound)
RECORDS_KEY = "newsmon_span_records"  # doc.user_data: span group name -> (SpanGroup, records in text order)
MONEY_KEY = "money"
PERCENT_KEY = "percent"
DEFAULT_ORG_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Mention:
    """An organisation mention: canonical name, where the entity starts and ends, how sure we are."""

    start: int
    end: int
    name: str
    confidence: float
    discovered: bool
    is_compound_modifier: bool = False  # "Apple-Designers", "Nvidia-Aktie": the org only qualifies a noun


@dataclass(frozen=True)
class Amount:
    """A monetary amount: its value in units of `currency` (ISO 4217) and the text it was read from."""

    start: int
    end: int
    value: float
    currency: str
    surface: str


@dataclass(frozen=True)
class Percent:
    """A percentage (not a percentage-point change), signed as written."""

    start: int
    end: int
    value: float


def remember_records(doc: Doc, key: str, records: list) -> None:
    """Keep plain records (`Amount`, `Percent`) of the span group `doc.spans[key]` just set."""
    doc.user_data.setdefault(RECORDS_KEY, {})[key] = (doc.spans[key], sorted(records, key=lambda r: r.start))


def remember_org(doc: Doc, ent: Span, confidence: float, discovered: bool, compound: bool) -> None:
    """Record an ORG entity's attributes on the span and in `doc.user_data` (see the module docstring)."""
    ent._.org_confidence = confidence
    ent._.org_discovered = discovered
    ent._.org_compound = compound
    doc.user_data.setdefault(ORG_INFO_KEY, {})[(ent.start_char, ent.end_char)] = (confidence, discovered, compound)


def _records(doc: Doc, key: str) -> list | None:
    """The remembered records of `doc.spans[key]`, or None when the group was replaced since."""
    entry = doc.user_data.get(RECORDS_KEY, {}).get(key)
    if entry is None or key not in doc.spans:
        return None
    group, records = entry
    return records if doc.spans[key] is group and len(group) == len(records) else None


def _amount(span: Span) -> Amount | None:
    value = getattr(span._, "money_value", None)
    currency = getattr(span._, "money_currency", None)
    if value is None or not currency:
        return None
    return Amount(span.start_char, span.end_char, float(value), str(currency), span.text)


def _percent(span: Span) -> Percent | None:
    value = getattr(span._, "percent_value", None)
    return None if value is None else Percent(span.start_char, span.end_char, float(value))


def doc_amounts(doc: Doc) -> list[Amount]:
    """Every monetary amount of the doc, in text order."""
    records = _records(doc, MONEY_KEY)
    if records is not None:
        return list(records)
    spans = doc.spans.get(MONEY_KEY, []) if MONEY_KEY in doc.spans else []
    return sorted((a for s in spans if (a := _amount(s)) is not None), key=lambda a: a.start)


def doc_percents(doc: Doc) -> list[Percent]:
    """Every percentage of the doc (percentage points excluded), in text order."""
    records = _records(doc, PERCENT_KEY)
    if records is not None:
        return list(records)
    spans = doc.spans.get(PERCENT_KEY, []) if PERCENT_KEY in doc.spans else []
    return sorted((p for s in spans if (p := _percent(s)) is not None), key=lambda p: p.start)


def org_mentions(doc: Doc) -> list[Mention]:
    """ORG entities as `Mention`s in text order, attributes from `doc.user_data` where the components left them."""
    info = doc.user_data.get(ORG_INFO_KEY, {})
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        key = (ent.start_char, ent.end_char)
        conf, discovered, compound = info.get(key, (None, False, False))
        if conf is None:
            conf = ent._.org_confidence if ent._.org_confidence is not None else DEFAULT_ORG_CONFIDENCE
            discovered, compound = bool(ent._.org_discovered), bool(ent._.org_compound)
        out.append(Mention(key[0], key[1], ent.kb_id_ or ent.text, float(conf), discovered, compound))
    return out
