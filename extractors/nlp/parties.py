"""Which organisation mentions can be deal parties at all.

Two kinds of mention never fill a role (they stay in `orgs`): an organisation that only describes a person or
a rival ("Spotify founder Daniel Ek", "Spotify-Gründer", "dem OpenAI-Rivalen", "OpenAI rival Anthropic"), and
one cited as the source of the report ("Bloomberg zufolge", "according to The Information", "told Reuters",
"wie das Handelsblatt berichtet"). The words are the lexicon's `roles.*` lists from `common.yaml`: German text
cites English outlets and English text German papers.
"""
from __future__ import annotations

import re

from extractors.nlp.annotations import Mention
from extractors.nlp.lexicon import Lexicon


def descriptor_head(text: str, mention: Mention, lex: Lexicon) -> str | None:
    """The person or rival word the mention qualifies ("Gründer" of "Spotify-Gründer", "chief executive" of
    "OpenAI chief executive Sam Altman", "rival" of "OpenAI rival Anthropic"), or None."""
    head_word = lex.regex(r"<<roles.descriptor_heads>>")
    surface = text[mention.start:mention.end]
    if "-" in surface and head_word.fullmatch(surface.rsplit("-", 1)[1]):
        return surface.rsplit("-", 1)[1]  # German: the entity covers the compound token "Spotify-Gründer"
    after = text[mention.end:mention.end + 30]
    head = re.match(r"-(\w+)(?!-)", after)
    if head:
        return head.group(1) if head_word.fullmatch(head.group(1)) else None  # English tokens: "Spotify-founder"
    m = lex.regex(r"(?:['’]s)?\s+(?:(?:former|ex-|then-)\s*)?(?:(?:main|biggest|closest|chief|arch|key|top|larger|smaller"
                  r"|fellow|former|longtime|new)\s+)?(<<roles.descriptor_after>>)s?\b").match(after)
    return m.group(1) if m else None


def is_descriptor(text: str, mention: Mention, lex: Lexicon) -> bool:
    """True when the mention qualifies a person or a rival, so it is no deal party."""
    return descriptor_head(text, mention, lex) is not None


def is_source(text: str, mention: Mention, lex: Lexicon, media: frozenset[str]) -> bool:
    """True when the mention is cited as the report's source, so it is no deal party.

    Any organisation after "according to"/"laut" or before "zufolge" is a source; "X reported", "wie X
    berichtet" only when X is a news outlet (kind `media`), because "Nvidia reported" opens earnings news
    about Nvidia."""
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 60]
    if (lex.regex(r"(?i:<<roles.source_before>>)\s+(?:<<roles.source_articles>>\s+)?(?:[a-zäöü][\w-]*\s+){0,2}$").search(before)
            or lex.regex(r"^\s+<<roles.source_after>>\b").match(after)):
        return True
    if mention.name not in media:
        return False
    # "Reuters reported", "wie das Handelsblatt am Dienstag berichtete", "(Reuters) -", "berichtete das Handelsblatt"
    media_after = lex.regex(r"^(?:\)\s*[-–—]|['’]s? (?:report|story|reporting)|\s+(?:\w+\s+){0,3}?(?:<<roles.media_first>>\s+)?"
                            r"<<roles.media_verbs_after>>\b)")
    media_before = lex.regex(r"\b<<roles.media_verbs_before>>\s+(?:<<roles.media_articles>>\s+)?$")
    return media_after.match(after) is not None or media_before.search(before) is not None


def is_person_context(text: str, mention: Mention, lex: Lexicon) -> bool:
    """True when the organisation only places a person ("a veteran of Apple and Tesla", "former Google
    engineers", "a director at Tesla", "einst Technologiechefin bei OpenAI", "war zuvor schon bei Google und Meta
    tätig", "von früheren Forschern von DeepMind"): it does not act in the story (realset decision 1)."""
    before = text[max(0, mention.start - 70):mention.start]
    after = text[mention.end:mention.end + 30]
    # members of a list ending in the organisation ("... of Apple and Tesla"): look before the list's first member
    listed = re.search(r"(?:,\s*|\s+(?:and|und|or|oder|&)\s+)$", before)
    if listed:
        head = re.sub(r"(?:[A-ZÄÖÜ][\w.&-]*(?:\s+[A-ZÄÖÜ][\w.&-]*){0,3}(?:,\s*|\s+(?:and|und|or|oder|&)\s+))+$", "", before)
        before = head if head != before else before
    role = lex.regex(r"(?i:\b<<orgs.person_roles>>)\s+(?:\w+\s+)?(?i:<<orgs.person_prepositions>>)\s+"
                     r"(?:the\s+|der\s+|dem\s+|den\s+)?(?:\w+\s+)?$")
    marker = lex.regex(r"(?i:\b<<orgs.person_markers>>)\s+(?:\w+\s+){0,3}?(?:(?i:<<orgs.person_prepositions>>)\s+)?"
                       r"(?:the\s+|der\s+|dem\s+)?$")
    if role.search(before) or marker.search(before):
        return True
    return lex.regex(r"^(?:['’]s)?\s+<<orgs.person_nouns_after>>\b").match(after) is not None


def is_figures_source(text: str, mention: Mention, lex: Lexicon) -> bool:
    """True when the organisation is named only as the source of figures, ratings or forecasts ("analysts at
    UBS", "laut dem Datenanbieter Pitchbook", "Dow Jones Market Data showed", "Barclays raised its price target",
    "told CNBC in an interview"): like a news outlet cited as a source, it does not act in the story."""
    before = text[max(0, mention.start - 70):mention.start]
    after = text[mention.end:mention.end + 50]
    if lex.regex(r"(?i:<<orgs.figures_source_before>>)\s*(?:(?:the|der|des|dem|den|die|das)\s+)?"
                 r"(?:[A-Za-zÄÖÜäöüß-]+\s+){0,2}$").search(before):
        return True
    return lex.regex(r"^<<orgs.figures_source_after>>").match(after) is not None


_ACTS_MEMO: dict[str, object] = {"text": None, "answers": {}}


def acts(text: str, mention: Mention, lex: Lexicon, media: frozenset[str]) -> bool:
    """`_acts`, remembered for the text being processed: the sentence builder and the `orgs` list ask the same
    question of every mention of one document (only the current text is kept, so memory stays flat)."""
    if _ACTS_MEMO["text"] is not text:
        _ACTS_MEMO["text"], _ACTS_MEMO["answers"] = text, {}
    answers: dict = _ACTS_MEMO["answers"]  # type: ignore[assignment]
    key = (mention.start, mention.end, mention.name, lex.lang, media)
    if key not in answers:
        answers[key] = _acts(text, mention, lex, media)
    return answers[key]


def _acts(text: str, mention: Mention, lex: Lexicon, media: frozenset[str]) -> bool:
    """Whether this mention shows the organisation acting in the story (the spec's "Which type": outlets,
    agencies and platforms cited as the source or venue of a report, people's employers and sources of figures
    are not listed). A news outlet acts only where a deal, agreement or dispute of its own is in its clause."""
    head = descriptor_head(text, mention, lex)
    if head is not None and not lex.regex(r"(?i:<<orgs.acting_descriptor_heads>>)").fullmatch(head):
        return False  # a founder's, an employee's or a researcher's company ("Spotify-Gründer Daniel Ek")
    if is_person_context(text, mention, lex) or is_figures_source(text, mention, lex):
        return False
    if mention.name not in media:
        return True  # a company the story quotes about itself ("nach Angaben von OpenAI") acts
    if is_source(text, mention, lex, media):
        return False
    lo = max(text.rfind(".", 0, mention.start), text.rfind(";", 0, mention.start), 0)
    hi = min(x for x in (text.find(".", mention.end), text.find(";", mention.end), len(text)) if x >= 0)
    return lex.regex(r"\b<<orgs.media_action_cues>>\b").search(text, lo, hi) is not None


def listed_orgs(text: str, mentions: list[Mention], lex: Lexicon, media: frozenset[str],
                parties: set[str]) -> list[str]:
    """The output's `orgs`: canonical names, in order of first mention, of every organisation that is a party
    of a fact or has at least one mention that acts in the story."""
    acting = {m.name for m in mentions if m.name in parties or acts(text, m, lex, media)}
    return [name for name in dict.fromkeys(m.name for m in mentions) if name in acting]


def can_be_party(text: str, mention: Mention, lex: Lexicon, media: frozenset[str]) -> bool:
    """Whether a mention may fill a fact's role: it acts in the story (see `acts`) and does not only describe a
    person or a rival (a rival's or an executive's company is listed, but it is not the party of this deal)."""
    return not is_descriptor(text, mention, lex) and acts(text, mention, lex, media)
