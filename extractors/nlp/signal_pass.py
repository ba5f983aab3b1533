"""The document's landscape signals (docs/signals.md): every reading of the `signal` group on every sentence,
finished into the contract's objects.

Signals are read after the deals, from the same sentences (with the discourse pass's stand-ins, so "the
company's revenue" has its company), and never take a deal's figure: a signal whose amount a deal fact of the
same sentence already reports is dropped (a figure is never both).
"""
from __future__ import annotations

from typing import Any

from extractors.nlp.dates import DATE_PATTERN, resolve_date
from extractors.nlp.fact_types import SIGNAL_TYPES, RawFact
from extractors.nlp.numbers import plain_number
from extractors.nlp.readings import has_cue, readings
from extractors.nlp.sentences import Sentence

SIGNAL_CONFIDENCE = 0.8  # below a deal's 0.9: a signal's company is more often read from afar


def document_signals(doc_sentences: list[Sentence], facts: list[dict[str, Any]], published: str | None) -> list[dict]:
    deal_figures = {(f["evidence"]["start"], plain_number(f[key])) for f in facts for key in ("amount", "valuation")
                    if isinstance(f.get(key), (int, float))}
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for sentence in doc_sentences:
        for r in readings("signal"):
            if len(sentence.orgs) < r.min_orgs or not has_cue(sentence, r):
                continue
            for raw in r.func(sentence):
                raw.sentence = sentence
                amount = raw.get("amount")
                if amount is not None and (sentence.start, plain_number(amount)) in deal_figures:
                    continue
                if raw.key() in seen:
                    continue
                seen.add(raw.key())
                out.append(finish_signal(raw, published))
    return out


def finish_signal(raw: RawFact, published: str | None) -> dict[str, Any]:
    """The public form of a signal: its fields, `date` when its sentence states one, evidence, confidence."""
    kind = SIGNAL_TYPES[raw.type]
    values = dict(raw.values)
    for key in kind.money + ("count",):
        if isinstance(values.get(key), float):
            values[key] = plain_number(values[key])
    sentence = raw.sentence
    if DATE_PATTERN.search(sentence.text):
        values["date"] = resolve_date(sentence.text, published)
    out = kind.output(values)
    out["evidence"] = {"sentence": sentence.text, "start": sentence.start, "end": sentence.end}
    out["confidence"] = SIGNAL_CONFIDENCE if all(m.confidence >= 0.9 for m in raw.roles) else round(SIGNAL_CONFIDENCE * 0.85, 3)
    return out
