"""What the fact rules see of one sentence: its text and the organisations, amounts and percentages in it.

Rules work on character offsets into `doc.text` (absolute), so evidence offsets and the money list agree
with the input text, whatever the tokenizer did with compounds.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

from extractors.nlp.doc_text import doc_text

ORG_INFO_KEY = "newsmon_org_info"  # doc.user_data: (start_char, end_char) -> (confidence, discovered, compound)


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
    start: int
    end: int
    value: float
    currency: str
    surface: str


@dataclass(frozen=True)
class Percent:
    start: int
    end: int
    value: float


@dataclass
class Sentence:
    """One sentence with absolute offsets; `lang` picks the lexicon."""

    start: int
    end: int
    text: str
    lang: str
    orgs: list[Mention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # per-sentence memo for the rule modules

    def before(self, pos: int, width: int = 60) -> str:
        """Sentence text in the `width` characters before absolute position `pos`."""
        lo = max(self.start, pos - width)
        return self.text[lo - self.start:pos - self.start]

    def after(self, pos: int, width: int = 60) -> str:
        hi = min(self.end, pos + width)
        return self.text[pos - self.start:hi - self.start]

    def between(self, a: int, b: int) -> str:
        return self.text[max(a, self.start) - self.start:min(b, self.end) - self.start]

    def search(self, pattern: re.Pattern[str], lo: int | None = None, hi: int | None = None) -> re.Match[str] | None:
        """Search the sentence (absolute bounds optional); match positions are relative to the sentence."""
        a = 0 if lo is None else max(0, lo - self.start)
        b = len(self.text) if hi is None else max(a, min(len(self.text), hi - self.start))
        return pattern.search(self.text, a, b)

    def abs(self, rel: int) -> int:
        return self.start + rel


def _mention(ent: Span) -> Mention:
    conf = ent._.org_confidence if ent._.org_confidence is not None else 0.9
    return Mention(ent.start_char, ent.end_char, ent.kb_id_ or ent.text, float(conf), bool(ent._.org_discovered), bool(ent._.org_compound))


def _amount(span: Span) -> Amount | None:
    value = getattr(span._, "money_value", None)
    currency = getattr(span._, "money_currency", None)
    if value is None or not currency:
        return None
    return Amount(span.start_char, span.end_char, float(value), str(currency), span.text)


def _percent(span: Span) -> Percent | None:
    value = getattr(span._, "percent_value", None)
    return None if value is None else Percent(span.start_char, span.end_char, float(value))


RECORDS_KEY = "newsmon_span_records"  # doc.user_data: span group name -> (SpanGroup, records in text order)


def remember_records(doc: Doc, key: str, records: list) -> None:
    """Keep plain records (`Amount`, `Percent`) of the span group `doc.spans[key]` just set, so readers
    skip one Underscore lookup per span (the money and percent components call this)."""
    doc.user_data.setdefault(RECORDS_KEY, {})[key] = (doc.spans[key], sorted(records, key=lambda r: r.start))


def _records(doc: Doc, key: str) -> list | None:
    """The remembered records of `doc.spans[key]`, or None when the group was replaced since."""
    entry = doc.user_data.get(RECORDS_KEY, {}).get(key)
    if entry is None or key not in doc.spans:
        return None
    group, records = entry
    return records if doc.spans[key] is group and len(group) == len(records) else None


def doc_amounts(doc: Doc) -> list[Amount]:
    records = _records(doc, "money")
    if records is not None:
        return list(records)
    spans = doc.spans.get("money", []) if "money" in doc.spans else []
    return sorted((a for s in spans if (a := _amount(s)) is not None), key=lambda a: a.start)


def doc_percents(doc: Doc) -> list[Percent]:
    records = _records(doc, "percent")
    if records is not None:
        return list(records)
    spans = doc.spans.get("percent", []) if "percent" in doc.spans else []
    return sorted((p for s in spans if (p := _percent(s)) is not None), key=lambda p: p.start)


def org_mentions(doc: Doc) -> list[Mention]:
    """ORG entities as `Mention`s; reads the attributes from `doc.user_data` where the org components
    left them (one dict lookup instead of an extension lookup per entity)."""
    info = doc.user_data.get(ORG_INFO_KEY, {})
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        key = (ent.start_char, ent.end_char)
        conf, discovered, compound = info.get(key, (None, False, False))
        if conf is None:
            out.append(_mention(ent))
        else:
            out.append(Mention(key[0], key[1], ent.kb_id_ or ent.text, conf, discovered, compound))
    return out


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, read from token arrays (much faster than `doc.sents`)."""
    if len(doc) == 0:
        return []
    starts_flag = doc.to_array(SENT_START)
    starts_flag[0] = 1
    idx = doc.to_array(IDX)
    text = doc_text(doc)
    starts = idx[starts_flag == 1].tolist()  # vectorised: no Python loop over tokens
    bounds = []
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(text)
        seg = text[s:e].rstrip()
        bounds.append((s, s + len(seg)))
    return bounds


# An organisation that only describes a person or a rival ("Spotify founder Daniel Ek", "Spotify-Gründer",
# "dem OpenAI-Rivalen", "OpenAI rival Anthropic") plays no role in a deal: the fact rules do not see it
# (it is still reported in `orgs`).
_DESCRIPTOR_HEAD = re.compile(
    r"(?:(?:Mit|Co-)?[Gg]ründer(?:in|innen|s|n)?|[A-ZÄÖÜ]?[a-zäöü]*[Cc]hef(?:in|innen|s)?|CEO|CTO|CFO|Sprecher(?:in|s)?"
    r"|Manager(?:in|s|n)?"
    r"|Mitarbeiter(?:in|innen|s|n)?|Forscher(?:in|innen|s|n)?|Konkurrent(?:en|in)?|Rivale[n]?|Wettbewerber[ns]?"
    r"|Herausforderer[ns]?|founder|co-founder|rival|boss)"
)
_DESCRIPTOR_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:former|ex-|then-)\s*)?(?:co-?founder|founder|chief executive|CEO|CTO|CFO|COO|chief|boss|chairman"
    r"|president|rival|competitor|veteran|alum|spokes(?:person|man|woman)|researcher)s?\b"
)


def is_descriptor(text: str, mention: Mention) -> bool:
    """True when the mention qualifies a person or a rival (see `_DESCRIPTOR_HEAD`), so it is no deal party."""
    surface = text[mention.start:mention.end]
    if "-" in surface and _DESCRIPTOR_HEAD.fullmatch(surface.rsplit("-", 1)[1]):
        return True  # German: the entity covers the compound token "Spotify-Gründer"
    after = text[mention.end:mention.end + 30]
    head = re.match(r"-(\w+)(?!-)", after)
    if head:
        return _DESCRIPTOR_HEAD.fullmatch(head.group(1)) is not None  # English tokens: "Spotify-founder"
    return _DESCRIPTOR_AFTER.match(after) is not None


# A news outlet or other organisation cited as the source of the report ("Bloomberg zufolge", "according to
# The Information", "told Reuters", "wie das Handelsblatt berichtet") is no party to the deal it reports: the
# fact rules do not see it (it is still reported in `orgs`). Any organisation after "according to"/"laut" or
# before "zufolge" is a source; "X reported", "wie X berichtet" only when X is a news outlet (kind `media`),
# because "Nvidia reported" opens earnings news about Nvidia.
_SOURCE_BEFORE = re.compile(
    r"(?:\baccording to|\btold|\bciting|\bcited by|\breported by|\breport(?:s|ed)? (?:by|in|from)|\b[Ll]aut"
    r"|\bgegenüber)"
    r"\s+(?:the\s+|dem\s+|der\s+|den\s+|des\s+|die\s+|das\s+)?(?:[a-zäöü][\w-]*\s+){0,2}$"
)
_SOURCE_AFTER = re.compile(r"^\s+zufolge\b")
_MEDIA_SOURCE_BEFORE = re.compile(
    r"\b(?:berichtete|berichtet|berichten|meldete|meldet|schreibt|schrieb|reported|wrote)\s+(?:the\s+|das\s+|die\s+|der\s+)?$"
)
_MEDIA_SOURCE_AFTER = re.compile(
    r"^(?:\)\s*[-–—]|['’]s? (?:report|story|reporting)|\s+(?:\w+\s+){0,3}?(?:first\s+|zuerst\s+)?(?:reported|reports|reporting"
    r"|wrote|writes|said|says|berichtet|berichtete|berichten|meldet|meldete|schreibt|schrieb|erfahren hat|erfuhr"
    r"|unter Berufung)\b)"
)


def _media_names() -> frozenset[str]:
    from extractors.nlp.knowledge_base import load_companies

    global _MEDIA
    if _MEDIA is None:
        _MEDIA = frozenset(c.name for c in load_companies() if c.kind == "media")
    return _MEDIA


_MEDIA: frozenset[str] | None = None


def is_source(text: str, mention: Mention) -> bool:
    """True when the mention is cited as the report's source (see `_SOURCE_BEFORE`), so it is no deal party."""
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 60]
    if _SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(after):
        return True
    # "Reuters reported", "wie das Handelsblatt am Dienstag berichtete", "(Reuters) -", "berichtete das
    # Handelsblatt": a news outlet as source
    return mention.name in _media_names() and (_MEDIA_SOURCE_AFTER.match(after) is not None
                                               or _MEDIA_SOURCE_BEFORE.search(before) is not None)


def sentences(doc: Doc) -> list[Sentence]:
    """Every sentence of the doc with the orgs, amounts and percentages that fall inside it."""
    text = doc_text(doc)
    orgs = [m for m in org_mentions(doc) if not is_descriptor(text, m) and not is_source(text, m)]
    amounts = doc_amounts(doc)
    percents = doc_percents(doc)
    out: list[Sentence] = []
    org_starts = [m.start for m in orgs]
    amount_starts = [a.start for a in amounts]
    percent_starts = [p.start for p in percents]

    def inside(items: list, starts: list[int], s: int, e: int) -> list:
        return items[bisect_left(starts, s):bisect_left(starts, e)]  # linear overall, not sentences x items

    for s, e in sentence_bounds(doc):
        out.append(
            Sentence(
                start=s,
                end=e,
                text=text[s:e],
                lang=doc.lang_,
                orgs=inside(orgs, org_starts, s, e),
                amounts=inside(amounts, amount_starts, s, e),
                percents=inside(percents, percent_starts, s, e),
            )
        )
    return out
