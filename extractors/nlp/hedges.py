"""Hedged or pending deals: the sentence reports talks, rumours or plans, not a done deal.

A hedged deal is still a fact worth keeping (the digest shows rumours), but it carries `status: "talks"`
and a lower confidence. Two kinds of cue (lexicon `hedges.*`):
- reporting hedges ("in talks", "reportedly", "people familiar", "Insidern zufolge", "in Gesprächen")
  cover the whole sentence, unless they tell of talks already concluded ("after months of negotiations");
- modal and planning words ("could", "plans to", "soll", "könnte") only count between the start of the
  deal's clause and its amount, so "X raised $2bn and said it plans to release a model" stays completed;
  reported speech of an agreed deal ("said it would acquire") is no hedge.
German puts the modal after the deal verb at the clause end ("... übernehmen wollen"), outside that stretch.
"""
from __future__ import annotations

import re

from extractors.nlp.lexicon import Lexicon, lexicon


def _flags(lex: Lexicon) -> int:
    return 0 if lex.lang == "de" else re.IGNORECASE


def _strong(lex: Lexicon) -> re.Pattern[str]:
    return lex.regex(r"<<hedges.strong>>" if lex.lang == "de" else r"\b<<hedges.strong>>\b", _flags(lex))


def has_strong_hedge(sentence_text: str, lang: str) -> bool:
    """A reporting hedge somewhere in the sentence that is not about talks already concluded."""
    lex = lexicon(lang)
    resolved = lex.regex(r"\b<<hedges.resolved_before>>\b[\w\s-]{0,30}$", _flags(lex))
    for m in _strong(lex).finditer(sentence_text):
        if not resolved.search(sentence_text, max(0, m.start() - 45), m.start()):
            return True
    return False


def is_hedged(sentence_text: str, lang: str, lo: int = 0, hi: int | None = None, strong: bool | None = None) -> bool:
    """True when the sentence reports talks or rumours, or a modal/planning word sits in [lo, hi).

    `strong` may pass a memoised result of the sentence-wide check."""
    lex = lexicon(lang)
    if strong if strong is not None else has_strong_hedge(sentence_text, lang):
        return True
    hi = len(sentence_text) if hi is None else hi
    announced = lex.regex(r"\b<<hedges.announced_verbs>>\b(?:\s+on\s+\w+|\s+\w+day)?(?:\s+that)?\s+"
                          r"(?:it|they|the company)\s+(?:would|plans to|intends to|planned to|intended to)$", re.IGNORECASE)
    for weak in lex.regex(r"\b<<hedges.weak>>\b", _flags(lex)).finditer(sentence_text, max(0, lo), max(0, hi)):
        if not announced.search(sentence_text, max(0, weak.start() - 40), weak.end()):
            return True
    if lex.lang != "de":
        return False
    deal_modal = lex.regex(r"\b<<hedges.deal_infinitives>>\s+<<hedges.clause_final_modals>>\b")
    return deal_modal.search(sentence_text, max(0, lo)) is not None
