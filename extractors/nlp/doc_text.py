"""`doc_text(doc)`: the doc's text, computed once per doc and shared by every component.

Why: `Doc.text` is not stored; each access joins every token's text (a Python object per token), which
costs about as much as tokenizing. Several components read it (money, percent, org matching, facts),
so the first one stores it in `doc.user_data` and the others reuse it. Safe because nothing in the
pipeline changes the characters of a doc (retokenizing splits or merges tokens, never the text).
"""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newsmon_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached in `doc.user_data` on first use."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def seed_doc_text(doc: Doc, text: str) -> None:
    """Store `text` as the doc's text for `doc_text`; the caller vouches that it equals `doc.text`
    (true for a doc just made from `text`: the tokenizer keeps every character)."""
    doc.user_data[_KEY] = text


class _TextKeepingTokenizer:
    """Wraps a tokenizer so each doc it makes already holds its text under `doc.user_data`."""

    def __init__(self, tokenizer) -> None:  # noqa: ANN001 - any spaCy tokenizer
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self._tokenizer(text)
        seed_doc_text(doc, text)
        return doc

    def __getattr__(self, name: str):  # noqa: ANN204 - add_special_case, rules, pipe, ... pass through
        return getattr(self._tokenizer, name)


def keep_text(nlp) -> None:  # noqa: ANN001 - a spacy.Language
    """Make `doc_text` free: the tokenizer stores the input text (which equals `doc.text`) on each doc.

    Call once after building a pipeline (and after adding tokenizer special cases, or through the
    wrapper, which passes them on). Saves one `doc.text` join per doc, about the cost of tokenizing.
    """
    if not isinstance(nlp.tokenizer, _TextKeepingTokenizer):
        nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
