"""detect_language: English vs German from stop words; None when there is too little to tell."""
from __future__ import annotations

import pytest

from extractors.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("OpenAI has raised $6.6 billion from investors led by Thrive Capital, the company said.", "en"),
        ("Nvidia shares fell after the chipmaker reported results that were below expectations.", "en"),
        ("Das Münchner Start-up hat in einer Finanzierungsrunde 20 Millionen Euro eingesammelt.", "de"),
        ("Die Aktie von SAP ist nach den Quartalszahlen deutlich gestiegen, wie das Unternehmen mitteilte.", "de"),
        ("Aleph Alpha übernimmt für einen ungenannten Betrag ein Team aus Berlin", "de"),
    ],
)
def test_detects_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "OpenAI", "Mistral AI", "12345 67890"])
def test_too_little_text_gives_none(text):
    assert detect_language(text) is None
