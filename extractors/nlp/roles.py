"""Who does what in a sentence, without a parser: roles from position and prepositions.

The subject of a deal verb is the nearest organisation before it that is not the object of a preposition
("Backed by Nvidia, X raised ..." -> X); investors follow "led by", "from", "angeführt von"; the other side
of a deal follows "in", "into", "an", "bei". Cheap, and right for the way news sentences are built. The words
come from the lexicon (`roles.*`); the shapes are here.
"""
from __future__ import annotations

import re

from extractors.nlp.annotations import Mention
from extractors.nlp.lexicon import Lexicon, lexicon
from extractors.nlp.sentences import Sentence


def _object_marker(lex: Lexicon) -> re.Pattern[str]:
    if lex.lang == "de":
        return lex.regex(r"(?:\b<<roles.object_prepositions>>|\b<<roles.object_lists>>)\s*(?:der|die|das|dem|den|des)?\s*$")
    return lex.regex(r"(?:\b<<roles.object_prepositions>>|\b<<roles.object_lists>><<roles.object_list_heads>>?)"
                     r"\s*(?:the\s+)?$", re.IGNORECASE)


def is_object(sentence: Sentence, mention: Mention) -> bool:
    """True when the mention follows a preposition or list marker (so it is not a subject)."""
    return _object_marker(lexicon(sentence.lang)).search(sentence.before(mention.start, 30)) is not None


def investor_cues(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    if lex.lang == "de":
        return lex.regex(r"<<roles.investor_cues>>")
    return lex.regex(r"\b<<roles.investor_cues>>\b", re.IGNORECASE)


def lead_cues(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    if lex.lang == "de":
        return lex.regex(r"<<roles.lead_cues>>")
    return lex.regex(r"\b<<roles.lead_cues>>\b", re.IGNORECASE)


def _apposition_end(lex: Lexicon) -> re.Pattern[str]:
    return lex.regex(r",\s*(?:<<roles.apposition_glue>>\s+){0,6}$")


def _relative_subject(sentence: Sentence, pos: int) -> Mention | None:
    """"Legora, the Swedish start-up, which raised $80m", "OpenAI, the current leader, which was recently
    valued at": a relative pronoun right before the verb stands for the organisation the clause is attached
    to, even when that organisation is a prepositional object ("the Series Bs of Legora, ..., which")."""
    head = re.sub(r"\w+$", "", sentence.text[:max(0, pos - sentence.start)])
    m = re.search(r",\s*(?:which|that|who|das|die|der|welches|welche)\s+(?:\w+\s+){0,4}$", head)
    if m is None:
        return None
    before = [o for o in sentence.orgs if o.end <= sentence.abs(m.start())]
    return before[-1] if before else None


def subject_before(sentence: Sentence, pos: int, exclude: set[str] | None = None) -> Mention | None:
    """The nearest organisation before `pos` that is not a prepositional object.

    An apposition between subject and verb ("Helsing, the Munich defence company backed by X, raised") is
    skipped: when a comma closes right before the verb, the subject is looked for before the opening comma.
    """
    exclude = exclude or set()
    relative = _relative_subject(sentence, pos)
    if relative is not None and relative.name not in exclude:
        return relative
    head = re.sub(r"\w+$", "", sentence.text[:max(0, pos - sentence.start)])
    apposition = _apposition_end(lexicon(sentence.lang))
    if apposition.search(head.rstrip(" ")) or apposition.search(head):
        closing = head.rstrip().rfind(",")
        opening = head.rfind(",", 0, closing)
        if opening >= 0:
            opening_abs = sentence.abs(opening)
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


def first_subject(sentence: Sentence) -> Mention | None:
    """The first organisation of the sentence that is not a prepositional object."""
    return next((m for m in sentence.orgs if not is_object(sentence, m)), None)


def orgs_between(sentence: Sentence, lo: int, hi: int, exclude: set[str] | None = None) -> list[Mention]:
    exclude = exclude or set()
    return [m for m in sentence.orgs if lo <= m.start < hi and m.name not in exclude]


def unique_names(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.name for m in mentions))


def unique_list(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def descriptor_word(lex: Lexicon) -> str:
    """A word that describes the next list member ("existing investor Kleiner Perkins", "der bisherige
    Geldgeber Project A", "der Rüstungselektronikkonzern Hensoldt"): any lower-case word that does not open a
    clause, or a German noun with a company-like head."""
    return lex.expand(r"(?:(?!<<lists.clause_openers>>\b)[a-zäöüß][\w'’-]*|[A-ZÄÖÜ][\w-]*<<lists.company_heads>>)")


def _list_glue(lex: Lexicon) -> re.Pattern[str]:
    # between two list members: a conjunction, then list words or descriptors ("and existing investor", "und
    # der bisherige Geldgeber"); without a conjunction only list words ("led by the ..."). A member the
    # knowledge base does not know is skipped inside a list ("..., der Freistaat Sachsen und ...").
    skipped = r"(?:,\s*(?:der|die|das|the)\s+[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){0,2}\s*)?"
    return lex.regex(r"^\s*" + skipped + r"(?:(?i:<<lists.conjunctions>>)\s*(?:(?:(?i:<<lists.list_words>>)|"
                     + descriptor_word(lex) + r")\s+){0,4}|(?:(?i:<<lists.list_words>>)\s+){0,3})$")


def org_list_after(sentence: Sentence, pos: int, exclude: set[str] | None = None, first_gap: int = 40) -> list[Mention]:
    """Organisations forming a list that starts right after `pos` ("led by A, B and C"): the first must
    follow within `first_gap` characters, each next one must be glued to the previous by a list word."""
    exclude = exclude or set()
    glue = _list_glue(lexicon(sentence.lang))
    out: list[Mention] = []
    prev_end = pos
    for m in sentence.orgs:
        if m.start < pos or m.name in exclude:
            continue
        gap = sentence.between(prev_end, m.start)
        if not out:
            if m.start - pos > first_gap or re.search(r"[;:()]", gap):
                break
        elif len(gap) > 70 or not glue.search(gap):
            break
        out.append(m)
        prev_end = m.end
    return out


def _coordination_glue(lex: Lexicon) -> re.Pattern[str]:
    """Between two coordinated organisations: a comma or conjunction and up to four describing words ("and
    existing investor", "and a fund affiliated with": the vehicle stands for the company behind it)."""
    return lex.regex(r"\s*(?:,|and|und|&|sowie|,\s*and|,\s*und|,\s*sowie)\s*(?:(?:" + descriptor_word(lex) + r")\s+){0,4}"
                     r"(?:<<lists.affiliated>>\s+)?")


def list_ending_at(sentence: Sentence, last: Mention, exclude: set[str]) -> list[Mention]:
    """The list of organisations that ends with `last` ("Radical Ventures and Inovia Capital")."""
    glue = _coordination_glue(lexicon(sentence.lang))
    group = [last]
    for m in reversed([m for m in sentence.orgs if m.end <= last.start and m.name not in exclude]):
        if glue.fullmatch(sentence.between(m.end, group[0].start)):
            group.insert(0, m)
        else:
            break
    return group


def list_around(sentence: Sentence, member: Mention, before: int, exclude: set[str]) -> list[Mention]:
    """The coordinated list of organisations `member` belongs to, ending before `before` ("Heavyweights like
    Microsoft, SoftBank and NVIDIA have invested": any of the three gives all three)."""
    glue = _coordination_glue(lexicon(sentence.lang))
    group = list_ending_at(sentence, member, exclude)
    for m in sentence.orgs:
        if m.start <= group[-1].start or m.end > before or m.name in exclude:
            continue
        if glue.fullmatch(sentence.between(group[-1].end, m.start)):
            group.append(m)
        else:
            break
    return list({m.name: m for m in group}.values())
