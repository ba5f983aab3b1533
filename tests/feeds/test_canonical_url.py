"""Canonical URLs: tracking parameters, case, fragments and default ports never split one article in two."""
from __future__ import annotations

import pytest

from extractors.feeds.canonical_url import canonical_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Example.COM/Path?b=2&a=1", "https://example.com/Path?a=1&b=2"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
        ("https://example.com/a?id=7&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=tw", "https://example.com/a?id=7"),
        ("https://example.com:443/a#comments", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?q=", "https://example.com/a?q="),
        ("https://example.com/a?UTM_Source=x&page=2", "https://example.com/a?page=2"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ],
)
def test_canonical_url(raw, expected):
    assert canonical_url(raw) == expected


def test_same_story_with_different_tracking_is_one_url():
    a = canonical_url("https://news.example.com/story?id=5&utm_source=twitter#top")
    b = canonical_url("https://NEWS.example.com:443/story?fbclid=xyz&id=5")
    assert a == b == "https://news.example.com/story?id=5"


def test_path_case_and_meaningful_params_are_kept():
    assert canonical_url("https://example.com/Story?ID=1") != canonical_url("https://example.com/story?ID=1")
    assert canonical_url("https://example.com/s?page=1") != canonical_url("https://example.com/s?page=2")
