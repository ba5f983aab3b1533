"""Turn character ranges found by a regex over `doc.text` into token-exact spans.

Why: the money and percent components match one compiled regex over the whole text (fast, and blind
to how the tokenizer cut it), but a German compound such as "5-Milliarden-Dollar-Runde" is a single
token, so `alignment_mode="expand"` would report "5-Milliarden-Dollar-Runde" as the amount. Instead
the token is split at the match boundary ("5-Milliarden-Dollar" + "-Runde"), so every span's
`start_char`/`end_char` are exactly the matched characters.

spaCy's retokenizer updates `doc.ents` but not `doc.spans` (their token indices go stale), so span
groups already on the doc are rebuilt from their character offsets after a split; extension values
live under character offsets and survive.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the token whose text starts at or before `offset` (binary search: no full token walk)."""
    lo, hi = 0, len(doc)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if doc[mid].idx <= offset:
            lo = mid
        else:
            hi = mid
    return lo


def _cuts_inside_tokens(doc: Doc, offsets: set[int]) -> dict[int, list[int]]:
    """Token index -> character offsets (relative to the token) that fall strictly inside its text."""
    cuts: dict[int, list[int]] = {}
    for off in offsets:
        i = _token_at(doc, off)
        token = doc[i]
        rel = off - token.idx
        if 0 < rel < len(token.text):
            cuts.setdefault(i, []).append(rel)
    return cuts


def _split_tokens(doc: Doc, cuts: dict[int, list[int]]) -> None:
    saved = {
        key: [(s.start_char, s.end_char, s.label, s.kb_id, s.id) for s in group]
        for key, group in doc.spans.items()
    }
    with doc.retokenize() as retokenizer:
        for i, rels in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(set(rels)), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
    for key, rows in saved.items():
        rebuilt = []
        for start, end, label, kb_id, span_id in rows:
            span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id, alignment_mode="expand")
            if span is not None:
                rebuilt.append(span)
        doc.spans[key] = rebuilt


def spans_for_char_ranges(doc: Doc, ranges: list[tuple[int, int]], label: str) -> list[Span | None]:
    """One span per (start, end) range, in order, splitting tokens first where a boundary falls inside one.

    An entry is None only if no span can be made at all (never seen; callers skip it).
    """
    if not ranges:
        return []
    spans = [doc.char_span(start, end, label=label) for start, end in ranges]
    if all(span is not None for span in spans):
        return spans
    offsets = {off for (start, end), span in zip(ranges, spans) if span is None for off in (start, end)}
    _split_tokens(doc, _cuts_inside_tokens(doc, offsets))
    result: list[Span | None] = []
    for start, end in ranges:
        span = doc.char_span(start, end, label=label)
        if span is None:  # cannot happen after the split; keep the amount with widened edges anyway
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
        result.append(span)
    return result
