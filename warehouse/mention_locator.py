"""Where in an article each organisation is mentioned: offsets and sentence for the `mentions` table.

The extraction contract returns `orgs` as canonical names without offsets, so mentions are located here:
every surface form of the company (knowledge-base name and aliases, or the discovered name itself) is
searched in the text at a word start (so "Nvidia-Aktie" and "Nvidias" count, "Metaverse" does not count
for "Meta" because the form must not run on into lowercase letters other than a genitive s). An org the
extractor named but whose form cannot be found (it resolved a description, "Google-Mutter") still gets one
mention, on the title sentence, with offsets 0..0, so mention counts agree with `orgs`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.knowledge_base import companies_by_name
from warehouse.load_facts import DISCOVERED_MENTION_CONFIDENCE, KB_MENTION_CONFIDENCE

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"'„“])|\n+")


@lru_cache(maxsize=4096)
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?=s?(?![a-zäöüß])|-)")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


def locate_mentions(text: str, orgs: list[str]) -> list[dict]:
    """[{company, start, end, sentence, confidence}] for every occurrence of every org in `orgs`."""
    known = companies_by_name()
    bounds = sentence_bounds(text)
    found = []
    for org in orgs:
        company = known.get(org)
        forms = tuple(dict.fromkeys((org, *(company.surface_forms if company else ()))))
        confidence = KB_MENTION_CONFIDENCE if company else DISCOVERED_MENTION_CONFIDENCE
        hits = list(_pattern(forms).finditer(text))
        if not hits:
            first = bounds[0]
            found.append({"company": org, "start": 0, "end": 0, "sentence": text[first[0]:first[1]].strip(),
                          "confidence": confidence})
            continue
        for hit in hits:
            s, e = next(((a, b) for a, b in bounds if a <= hit.start() < b), (0, len(text)))
            found.append({"company": org, "start": hit.start(), "end": hit.end(), "sentence": text[s:e].strip(),
                          "confidence": confidence})
    return found
