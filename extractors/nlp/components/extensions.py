"""Custom attributes the newsmon components write and read (`doc._.facts`, `span._.org_confidence`, ...).

Registered in one place so every component agrees on names and defaults; `force=True` keeps re-imports
(tests, reloads) harmless.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_EXTENSIONS: dict[str, object] = {
    "org_confidence": None,  # float in [0, 1] on ORG entities
    "org_discovered": False,  # True when found from context, not from the knowledge base
    "org_compound": False,  # True when the org only qualifies a compound ("Nvidia-Aktie", "Apple-Designers")
}

DOC_EXTENSIONS: dict[str, object] = {
    "published": None,  # "YYYY-MM-DD" or None: anchors relative dates
    "title": None,
    "facts": None,  # list[dict] set by newsmon_facts
    "orgs": None,  # list[str] set by newsmon_facts: the organisations acting in the story
    "signals": None,  # list[dict] set by newsmon_facts: landscape signals (docs/signals.md)
}


def ensure_extensions() -> None:
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


ensure_extensions()
