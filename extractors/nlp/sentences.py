"""What the fact rules see of one sentence: its text and the organisations, amounts and percentages in it.

Rules work on character offsets into `doc.text` (absolute), so evidence offsets and the money list agree
with the input text, whatever the tokenizer did with compounds. A clause is a `Sentence` too (a stretch of
one sentence with the records inside it), so a reading works the same on either.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from extractors.nlp.annotations import Amount, Mention, Percent, doc_amounts, doc_percents, org_mentions
from extractors.nlp.doc_text import doc_text
from extractors.nlp.lexicon import Lexicon, lexicon
from extractors.nlp.parties import can_be_party


@dataclass
class Sentence:
    """One sentence (or clause) with absolute offsets; `lang` picks the lexicon."""

    start: int
    end: int
    text: str
    lang: str
    orgs: list[Mention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # per-sentence memo for the rules
    kb: Any = field(default=None, repr=False)  # the pipeline's KnowledgeBase (kinds, outlets, model families)

    @property
    def lex(self) -> Lexicon:
        """The lexicon of the sentence's language."""
        return lexicon(self.lang)

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

    def part(self, lo: int, hi: int) -> Sentence:
        """The stretch [lo, hi) (absolute) as a clause with the records that fall inside it."""
        def inside(items: list) -> list:
            return [x for x in items if lo <= x.start and x.end <= hi]

        return Sentence(lo, hi, self.text[lo - self.start:hi - self.start], self.lang,
                        orgs=inside(self.orgs), amounts=inside(self.amounts), percents=inside(self.percents), kb=self.kb)


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


def sentences(doc: Doc, kb: Any) -> list[Sentence]:
    """Every sentence of the doc with the party mentions, amounts and percentages that fall inside it.

    `kb` is the pipeline's KnowledgeBase: its news outlets decide "Reuters reported" (a source)."""
    text = doc_text(doc)
    lex = lexicon(doc.lang_)
    media = kb.media_names
    orgs = [m for m in org_mentions(doc) if can_be_party(text, m, lex, media)]
    amounts = doc_amounts(doc)
    percents = doc_percents(doc)
    org_starts = [m.start for m in orgs]
    amount_starts = [a.start for a in amounts]
    percent_starts = [p.start for p in percents]

    def inside(items: list, starts: list[int], s: int, e: int) -> list:
        return items[bisect_left(starts, s):bisect_left(starts, e)]  # linear overall, not sentences x items

    return [Sentence(start=s, end=e, text=text[s:e], lang=doc.lang_, orgs=inside(orgs, org_starts, s, e),
                     amounts=inside(amounts, amount_starts, s, e), percents=inside(percents, percent_starts, s, e), kb=kb)
            for s, e in sentence_bounds(doc)]
