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


def is_descriptor(text: str, mention: Mention, lex: Lexicon) -> bool:
    """True when the mention qualifies a person or a rival, so it is no deal party."""
    head_word = lex.regex(r"<<roles.descriptor_heads>>")
    surface = text[mention.start:mention.end]
    if "-" in surface and head_word.fullmatch(surface.rsplit("-", 1)[1]):
        return True  # German: the entity covers the compound token "Spotify-Gründer"
    after = text[mention.end:mention.end + 30]
    head = re.match(r"-(\w+)(?!-)", after)
    if head:
        return head_word.fullmatch(head.group(1)) is not None  # English tokens: "Spotify-founder"
    return lex.regex(r"(?:['’]s)?\s+(?:(?:former|ex-|then-)\s*)?<<roles.descriptor_after>>s?\b").match(after) is not None


def is_source(text: str, mention: Mention, lex: Lexicon, media: frozenset[str]) -> bool:
    """True when the mention is cited as the report's source, so it is no deal party.

    Any organisation after "according to"/"laut" or before "zufolge" is a source; "X reported", "wie X
    berichtet" only when X is a news outlet (kind `media`), because "Nvidia reported" opens earnings news
    about Nvidia."""
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 60]
    if (lex.regex(r"<<roles.source_before>>\s+(?:<<roles.source_articles>>\s+)?(?:[a-zäöü][\w-]*\s+){0,2}$").search(before)
            or lex.regex(r"^\s+<<roles.source_after>>\b").match(after)):
        return True
    if mention.name not in media:
        return False
    # "Reuters reported", "wie das Handelsblatt am Dienstag berichtete", "(Reuters) -", "berichtete das Handelsblatt"
    media_after = lex.regex(r"^(?:\)\s*[-–—]|['’]s? (?:report|story|reporting)|\s+(?:\w+\s+){0,3}?(?:<<roles.media_first>>\s+)?"
                            r"<<roles.media_verbs_after>>\b)")
    media_before = lex.regex(r"\b<<roles.media_verbs_before>>\s+(?:<<roles.media_articles>>\s+)?$")
    return media_after.match(after) is not None or media_before.search(before) is not None
