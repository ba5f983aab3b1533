"""The anchor windows of the money and percent scanners are an optimisation only: on generated news text
their results must equal a plain scan of the whole text."""
from __future__ import annotations

import pytest

import extractors.nlp.components.money as money_module
import extractors.nlp.components.percent as percent_module


class FullScan:
    """Stand-in for AnchoredScanner that searches the whole text (same constructor signature)."""

    def __init__(self, pattern, anchors, text, before, after):  # noqa: ANN001 - same signature
        self.pattern, self.text = pattern, text

    def search(self, pos):  # noqa: ANN001
        return self.pattern.search(self.text, pos)


@pytest.mark.parametrize("module, find, seed, at_least", [
    (money_module, money_module.find_amounts, 11, 100),
    (percent_module, percent_module.find_percentages, 5, 30),
], ids=["money", "percent"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_anchored_scan_equals_full_scan(module, find, seed, at_least, lang, monkeypatch) -> None:
    from benchmarks.money import generate_text

    text = generate_text(lang, 60_000, seed=seed)
    anchored = find(text, lang)
    monkeypatch.setattr(module, "AnchoredScanner", FullScan)
    assert anchored == find(text, lang)
    assert len(anchored) > at_least
