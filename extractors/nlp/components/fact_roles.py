"""Who does what in a sentence, without a parser: roles from position and prepositions.

The subject of a deal verb is the nearest organisation before it that is not the object of a preposition
("Backed by Nvidia, X raised ..." -> X); investors follow "led by", "from", "angeführt von"; the other
side of a deal follows "in", "into", "an", "bei". Cheap, and right for the way news sentences are built.
"""
from __future__ import annotations

import re

from extractors.nlp.components.fact_context import Mention, Sentence

# Words right before an org that make it the object of a preposition (so not the sentence subject).
_OBJECT_MARKERS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"(?:\b(?:by|from|with|to|of|at|for|including|like|and|or|alongside|via|than|rival|rivals|against|over|in|into|on|about)"
        r"|\b(?:investors?|backers?)(?: such as| like| including)?)\s*(?:the\s+)?$",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\b(?:von|vom|durch|mit|bei|beim|für|wie|als|und|oder|gegenüber|laut|zufolge|an|am|darunter|samt|neben|über|in|im|ins|zu|zum|zur|nach|aus|gegen)"
        r"|\bInvestoren(?: wie)?|\bGeldgeber(?:n)?(?: wie)?)\s*(?:der|die|das|dem|den|des)?\s*$",
    ),
}

INVESTOR_CUES: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:led by|co-led by|from|backed by|including|with participation (?:from|of|by)|participation from|alongside"
        r"|joined by|(?:investors?|backers|participants) (?:such as|like|including|included|include|are|were|was|is)|with (?:investors|backers)|by investors)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:[Aa]ngeführt (?:wird|wurde|von)|\b[Aa]ngeführt\b|Größter Geldgeber (?:ist|war)|Geldgeber (?:ist|sind|war|waren)"
        r"|[Bb]eteiligt (?:sind|waren|ist|war)(?: unter anderem| u\. ?a\.)?|unter (?:der )?Führung (?:von|des|der)|\bvon\b|\bvom\b|mit Beteiligung"
        r"|Beteiligung von|\bdarunter\b|\bu\. ?a\. |Investoren wie|Geldgeber(?:n)? wie|Geldgeber sind|beteiligten sich"
        r"|beteiligte sich|beteiligen sich|mit dabei|\bLead-Investor|\bfederführend|\bInvestoren sind|\bInvestoren waren"
        r"|[Mm]it (?:finanzieller )?Unterstützung (?:der|des|von)|[Uu]nterstützt von|Zu den (?:Geldgebern|Investoren)"
        r"(?: [\w.,]+){0,9}? (?:zählen|zählten|gehören|gehörten))",
    ),
}
LEAD_CUES: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:led by|co-led by|lead investor|spearheaded by|headed by|(?:largest|biggest) (?:investor|backer) (?:is|was))\b", re.IGNORECASE),
    "de": re.compile(r"(?:Größter Geldgeber (?:ist|war)|größter Investor (?:ist|war)|[Aa]ngeführt (?:wird|wurde )?(?:von)?|unter (?:der )?Führung (?:von|des|der)|Lead-Investor|federführend)"),
}


def lang_of(sentence: Sentence) -> str:
    return sentence.lang if sentence.lang in ("en", "de") else "en"


def is_object(sentence: Sentence, mention: Mention) -> bool:
    """True when the mention follows a preposition or list marker (so it is not a subject)."""
    return _OBJECT_MARKERS[lang_of(sentence)].search(sentence.before(mention.start, 30)) is not None


_APPOSITION_END = re.compile(
    r",\s*(?:(?:has|have|had|hat|haben|also|now|just|then|itself|which|that|recently|nun|jetzt"
    r"|said|says|announced|confirmed|it|sagte|teilte mit|gab bekannt|dass es)\s+){0,4}$"
)


def subject_before(sentence: Sentence, pos: int, exclude: set[str] | None = None) -> Mention | None:
    """The nearest organisation before `pos` that is not a prepositional object.

    An apposition between subject and verb ("Helsing, the Munich defence company backed by X, raised") is
    skipped: when a comma closes right before the verb, the subject is looked for before the opening comma.
    """
    exclude = exclude or set()
    head = re.sub(r"\w+$", "", sentence.text[:max(0, pos - sentence.start)])
    if _APPOSITION_END.search(head.rstrip(" ")) or _APPOSITION_END.search(head):
        closing = head.rstrip().rfind(",")
        opening = head.rfind(",", 0, closing)
        opening_abs = sentence.abs(opening) if opening >= 0 else None
        if opening_abs is not None:
            inner = [m for m in sentence.orgs if m.end <= opening_abs and m.name not in exclude]
            for mention in reversed(inner):
                if not is_object(sentence, mention):
                    return mention
    candidates = [m for m in sentence.orgs if m.end <= pos and m.name not in exclude]
    for mention in reversed(candidates):
        if not is_object(sentence, mention):
            return mention
    return None


def subject_after(sentence: Sentence, pos: int, max_gap: int = 60) -> Mention | None:
    """German verb-second order after a fronted phrase ("Im Rahmen der Runde investierte Nvidia ...", "Für 6,5
    Milliarden Dollar kauft OpenAI ..."): the subject is the first organisation right after the finite verb."""
    for mention in sentence.orgs:
        if mention.start < pos:
            continue
        if mention.start - pos > max_gap or re.search(r"[,;:]", sentence.between(pos, mention.start)):
            return None
        if not is_object(sentence, mention):
            return mention
    return None


def orgs_between(sentence: Sentence, lo: int, hi: int, exclude: set[str] | None = None) -> list[Mention]:
    exclude = exclude or set()
    return [m for m in sentence.orgs if lo <= m.start < hi and m.name not in exclude]


def unique_names(mentions: list[Mention]) -> list[str]:
    seen: list[str] = []
    for m in mentions:
        if m.name not in seen:
            seen.append(m.name)
    return seen


# A word that describes the next list member ("existing investor Kleiner Perkins", "der bisherige Geldgeber
# Project A", "der Rüstungselektronikkonzern Hensoldt"): any lower-case word that does not open a clause, or
# a German noun with a company-like head.
DESCRIPTOR_WORD = (
    r"(?:(?!(?:while|whereas|but|which|who|whose|that|after|before|when|said|says|während|aber|nachdem|bevor|als"
    r"|wenn|weil|sagte|sagt|teilte|hat|haben|has|have|had|is|are|was|were|ist|sind|war|waren|to|for|in|into|on|at"
    r"|with|by|as|zu|für|um|mit|bei|im|an|auf|aus|nach|auch|also|too|ebenfalls|zudem|außerdem|ausserdem)\b)[a-zäöüß][\w'’-]*"
    r"|[A-ZÄÖÜ][\w-]*(?:konzern|investor|investoren|geldgeber|fonds|firma|gesellschaft|unternehmen|hersteller|riese"
    r"|partner|arm|tochter))"
)
# A list member the knowledge base does not know, skipped inside a list ("..., der Freistaat Sachsen und ...").
_SKIPPED_MEMBER = r"(?:,\s*(?:der|die|das|the)\s+[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){0,2}\s*)?"
_LIST_CONJ = (r"(?i:,|and|&|as well as|plus|sowie|und|oder|or|along with|together with|auch|,\s*and|,\s*und|,\s*sowie"
              r"|,\s*as well as)")
_LIST_WORD = (r"(?i:the|die|der|das|den|dem|des|its|existing|investors?|backers?|Investoren|Geldgeber|other|andere|weitere"
              r"|such as|like|wie|including|darunter|unter anderem|u\. ?a\.|from|von)")
# Between two list members: a conjunction, then list words or descriptors ("and existing investor", "und der
# bisherige Geldgeber"); without a conjunction only list words ("led by the ...").
_LIST_GLUE = re.compile(
    r"^\s*" + _SKIPPED_MEMBER + r"(?:" + _LIST_CONJ + r"\s*(?:(?:" + _LIST_WORD + r"|" + DESCRIPTOR_WORD + r")\s+){0,4}"
    r"|(?:" + _LIST_WORD + r"\s+){0,3})$",
)


def org_list_after(sentence: Sentence, pos: int, exclude: set[str] | None = None, first_gap: int = 40) -> list[Mention]:
    """Organisations forming a list that starts right after `pos` ("led by A, B and C"): the first must
    follow within `first_gap` characters, each next one must be glued to the previous by a list word."""
    exclude = exclude or set()
    out: list[Mention] = []
    prev_end = pos
    for m in sentence.orgs:
        if m.start < pos or m.name in exclude:
            continue
        gap = sentence.between(prev_end, m.start)
        if not out:
            if m.start - pos > first_gap or re.search(r"[;:()]", gap):
                break
        elif len(gap) > 70 or not _LIST_GLUE.search(gap):
            break
        out.append(m)
        prev_end = m.end
    return out
