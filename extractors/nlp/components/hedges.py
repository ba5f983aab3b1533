"""Hedged or pending deals: the sentence reports talks, rumours or plans, not a done deal.

A hedged deal is still a fact worth keeping (the digest shows rumours), but it carries `status: "talks"`
and a lower confidence. Two kinds of cue:
- reporting hedges ("in talks", "reportedly", "people familiar", "Insidern zufolge", "in Gesprächen")
  cover the whole sentence;
- modal and planning words ("could", "plans to", "soll", "könnte") only count between the start of the
  deal's clause and its amount, so "X raised $2bn and said it plans to release a model" stays completed.
"""
from __future__ import annotations

import re

STRONG: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:in (?:advanced |early |late |final |exclusive |preliminary )?(?:talks|discussions|negotiations)|(?:early |advanced )?discussions? (?:about|over|on)"
        r"|discussing|reportedly|is said to|are said to|was said to|were said to|according to (?:people|sources|a person|persons|two people|three people|a report|reports|media reports|a report by)"
        r"|people (?:familiar|close|briefed)|sources (?:familiar|close|said)|person familiar|familiar with the (?:matter|plans|deal|talks)"
        r"|negotiat\w*|nears?(?: a)? deal|nearing a deal|close to (?:a deal|an agreement|closing)|rumou?red|internal talks|held talks|bid for|offer for)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\b(?:in (?:fortgeschrittenen |ersten |frühen |exklusiven )?Gesprächen|Gespräche[n]? (?:über|mit)|verhandelt|verhandeln|Verhandlungen|angeblich|mutmaßlich"
        r"|Insidern|Gerüchte\w*|vertraute[n]? Person\w*|Sondierung\w*)\b|\w*[Kk]reisen zufolge|\w*[Bb]erichte?n?(?: \w+){0,2} zufolge)",
    ),
}
WEAK: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:could|might|may|would|plans? to|planning to|is planning|are planning|considering|weighs|weighing|explores?|exploring"
        r"|is set to|are set to|expected to|seeks? to|seeking|looking to|aims? to|aiming to|in the process of raising|is raising|are raising|hopes? to|intends? to"
        r"|pending|proposed)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:soll|sollen|sollte|sollten|könnte|könnten|dürfte|dürften|würde|würden|will|wollen|wolle|plant|planen|plane"
        r"|erwägt|erwägen|offenbar|womöglich|möglicherweise|kurz vor)\b",
    ),
}


# Talks that are over: "ending months of negotiations", "after weeks of talks", "nach monatelangen
# Verhandlungen". The cue then tells the story of a deal that is done, not a pending one.
_RESOLVED_BEFORE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:ending|ended|ends|concluding|concluded|after|following|completing|capping)\b[\w\s-]{0,30}$", re.IGNORECASE),
    "de": re.compile(r"\b(?:nach|beendet|beendete|beenden|Abschluss der|Ende der)\b[\w\s-]{0,30}$"),
}


def _lang(lang: str) -> str:
    return lang if lang in STRONG else "en"


def _strong_cue(sentence_text: str, lang: str) -> bool:
    """A reporting hedge somewhere in the sentence that is not about talks already concluded."""
    for m in STRONG[lang].finditer(sentence_text):
        if not _RESOLVED_BEFORE[lang].search(sentence_text, max(0, m.start() - 45), m.start()):
            return True
    return False


def is_hedged(sentence_text: str, lang: str, lo: int = 0, hi: int | None = None, strong: bool | None = None) -> bool:
    """True when the sentence reports talks or rumours, or a modal/planning word sits in [lo, hi).

    `strong` may pass a memoised result of the sentence-wide check."""
    lang = _lang(lang)
    if strong if strong is not None else _strong_cue(sentence_text, lang):
        return True
    hi = len(sentence_text) if hi is None else hi
    for weak in WEAK[lang].finditer(sentence_text, max(0, lo), max(0, hi)):
        if not _ANNOUNCED_WOULD.search(sentence_text, max(0, weak.start() - 40), weak.end()):
            return True
    # German puts the modal after the deal verb at the clause end ("... für drei Milliarden Dollar übernehmen
    # wollen"), outside the stretch around the amount.
    return lang == "de" and _DE_DEAL_MODAL.search(sentence_text, max(0, lo)) is not None


# "X said on Wednesday it would acquire Y": reported speech of an agreed deal, not a plan or a guess.
_ANNOUNCED_WOULD = re.compile(
    r"\b(?:said|announced|confirmed|agreed)\b(?:\s+on\s+\w+|\s+\w+day)?(?:\s+that)?\s+(?:it|they|the company)\s+would$",
    re.IGNORECASE,
)
_DE_DEAL_MODAL = re.compile(
    r"\b(?:übernehmen|kaufen|erwerben|investieren|einsteigen|beteiligen|einsammeln|aufnehmen|aufbringen|zahlen)"
    r"\s+(?:will|wollen|wollte|wollten|soll|sollen|sollte|sollten|könnte|könnten|möchte|möchten|dürfte|dürften"
    r"|würde|würden)\b"
)


def status_of(sentence_text: str, lang: str) -> str:
    return "talks" if is_hedged(sentence_text, lang) else "completed"


def has_strong_hedge(sentence_text: str, lang: str) -> bool:
    return _strong_cue(sentence_text, _lang(lang))
