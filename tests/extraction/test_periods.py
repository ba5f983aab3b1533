"""The period phrases that date a figure (`as_of`), resolved against the article's day."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.nlp.periods import PERIOD_PATTERN, as_of

PUBLISHED = date(2025, 6, 15)


@pytest.mark.parametrize("text, expected", [
    ("in March 2024", "2024-03-01"),
    ("im März 2024", "2024-03-01"),
    ("in October", "2024-10-01"),  # a month after the publication month lies in the year before
    ("im Juni", "2025-06-01"),
    ("Last May", "2025-05-01"),
    ("last July", "2024-07-01"),
    ("earlier this year", "2025-01-01"),
    ("last year", "2024-01-01"),
    ("im Vorjahr", "2024-01-01"),
    ("last month", "2025-05-01"),
    ("a year ago", "2024-06-01"),
    ("in 2023", "2023-01-01"),
    ("Ende 2024", "2024-12-01"),
    ("mid-2024", "2024-07-01"),
    ("im vierten Quartal 2024", "2024-10-01"),
    ("Q3 2025", "2025-07-01"),
    ("zuletzt", None),
    ("in its last funding round", None),
])
def test_period_resolves_to_the_first_day(text, expected):
    found = as_of(PERIOD_PATTERN.search(text), PUBLISHED)
    assert found == {"text": text, "date": expected}


def test_without_a_publication_day_only_periods_with_their_year_resolve():
    assert as_of(PERIOD_PATTERN.search("in March 2024"), None)["date"] == "2024-03-01"
    assert as_of(PERIOD_PATTERN.search("last year"), None)["date"] is None


@pytest.mark.parametrize("text", ["The company may raise more.", "They march on.", "Its valuation rose."])
def test_verbs_and_plain_words_are_no_period(text):
    assert PERIOD_PATTERN.search(text) is None
