"""Relative dates resolved against `published`, and the `date` field on facts."""
from __future__ import annotations

import pytest

from extractors.nlp.dates import resolve_date
from extractors.nlp.extract import extract_text


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Tuesday", "2025-03-07", "2025-03-04"),  # published on a Friday
        ("on Friday", "2025-03-07", "2025-03-07"),
        ("last Friday", "2025-03-07", "2025-02-28"),
        ("yesterday", "2025-03-01", "2025-02-28"),
        ("last week", "2025-03-07", "2025-02-24"),
        ("last month", "2025-01-15", "2024-12-01"),
        ("am Dienstag", "2025-03-07", "2025-03-04"),
        ("gestern", "2025-03-07", "2025-03-06"),
        ("vergangene Woche", "2025-03-07", "2025-02-24"),
        ("letzten Monat", "2025-03-07", "2025-02-01"),
        ("am 3. März 2025", None, "2025-03-03"),
        ("on March 3, 2025", None, "2025-03-03"),
    ],
)
def test_resolve_date(text, published, expected):
    assert resolve_date(text, published) == expected


def test_relative_date_without_published_is_none():
    assert resolve_date("last week", None) is None
    assert resolve_date("no date here", "2025-03-07") is None


def test_fact_carries_the_resolved_date_only_when_one_is_stated():
    dated = extract_text("Anthropic raised $13 billion on Tuesday.", lang="en", published="2025-09-05")["facts"][0]
    assert dated["date"] == "2025-09-02"
    undated = extract_text("Anthropic raised $13 billion.", lang="en", published="2025-09-05")["facts"][0]
    assert "date" not in undated
