"""Line breaks end sentences: a headline or list item has no full stop.

Articles reach the extractor as "title\\n\\nsummary" or full text with paragraphs. The sentencizer only
splits at punctuation, so a headline ran into the first body sentence, and fact rules then saw two
verbs and two subjects in one "sentence". (Regression: "SAP übernimmt Berliner KI-Start-up\\n\\nSAP
übernimmt das Berliner KI-Start-up Langdock." produced no acquisition.)
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsmon_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
