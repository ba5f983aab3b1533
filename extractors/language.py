"""Fast English/German language guess from stop words and German letters.

Feeds marked `lang: auto` mix both languages; a full language-identification model would be overkill for
two candidates, and this runs in microseconds per entry. Other code (the NLP helper) imports
`detect_language`; keep its signature.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[a-zäöüß]+", re.IGNORECASE)

# Frequent function words that are rare in the other language (no shared spellings such as "in", "so").
ENGLISH_STOPWORDS = frozenset(
    """the of and to is are was were for on with that this it as at by from be has have had its
    their which will would an or but not they he she we you said says after over about into than
    more new its been also who what when how company companies while has raised investors""".split()
)
GERMAN_STOPWORDS = frozenset(
    """der die das und ist sind war waren für mit auf von zu den dem des ein eine einen einem einer
    nicht sich auch als wie bei nach aus noch nur über hat haben wird werden wurde sein seine ihre
    im vom zum zur dass oder aber unternehmen millionen milliarden euro laut soll sollen kann""".split()
)
GERMAN_LETTERS = frozenset("äöüß")

MIN_WORDS = 3


def detect_language(text: str) -> str | None:
    """Return "en" or "de" for the text, or None when there is too little text to tell."""
    if not text:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    english = sum(1 for w in words if w in ENGLISH_STOPWORDS)
    german = sum(1 for w in words if w in GERMAN_STOPWORDS)
    # Umlauts and ß are strong German evidence (English text about German firms has a few, hence the weight).
    german += 0.5 * sum(1 for w in words if GERMAN_LETTERS.intersection(w))
    if english == german:
        return None
    return "en" if english > german else "de"
