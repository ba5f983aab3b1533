"""`get_pipeline(lang)`: one spaCy pipeline per language, built once per process and cached.

Blank tokenizer + rule components only (no tagger, parser or statistical NER): every component matches
precompiled patterns, so the whole `extract` path runs at tokenizer speed (tens of thousands of words per
second) and works offline, in English and German alike. Component order matters: money and percent spans
and organisations must exist before the fact rules read them.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from extractors.nlp.abbreviations import protect_abbreviations
from extractors.nlp.doc_text import keep_text

LANGUAGES: tuple[str, ...] = ("en", "de")

def _register_components() -> None:
    """Import the modules whose decorators register the factories (import has that side effect)."""
    import extractors.nlp.components.facts  # noqa: F401
    import extractors.nlp.components.money  # noqa: F401
    import extractors.nlp.components.org_discovery  # noqa: F401
    import extractors.nlp.components.org_matcher  # noqa: F401
    import extractors.nlp.components.paragraph_breaks  # noqa: F401
    import extractors.nlp.components.percent  # noqa: F401


def build_pipeline(lang: str, *, with_facts: bool = True) -> Language:
    """A fresh pipeline (uncached): tests use it with `with_facts=False` to look at entities alone."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(LANGUAGES)})")
    _register_components()
    nlp = spacy.blank(lang)
    protect_abbreviations(nlp)
    keep_text(nlp)  # every doc holds its input text, so `doc_text` never re-joins tokens
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newsmon_paragraph_breaks")
    nlp.add_pipe("newsmon_money")
    nlp.add_pipe("newsmon_percent")
    nlp.add_pipe("newsmon_orgs")
    nlp.add_pipe("newsmon_org_discovery")
    if with_facts:
        nlp.add_pipe("newsmon_facts")
    return nlp


@lru_cache(maxsize=None)
def get_pipeline(lang: str) -> Language:
    """The shared pipeline for `lang` ("en" or "de"); built on first use, then reused."""
    return build_pipeline(lang)
