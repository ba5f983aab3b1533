"""What `redact_url` / `redact_text` hide and what they keep readable."""
from __future__ import annotations

import pytest

from extractors.feeds.url_redaction import redact_text, redact_url


@pytest.mark.parametrize(("url", "shown"), [
    ("https://x.example/feed.xml", "https://x.example/feed.xml"),
    ("https://x.example/feed.xml?category=ai&page=2", "https://x.example/feed.xml?category=ai&page=2"),
    ("https://x.example/f?token=abc&lang=en", "https://x.example/f?token=***&lang=en"),
    ("https://x.example/f?access_token=a&API_KEY=b&X-Api-Key=c&sig=d&password=e",
     "https://x.example/f?access_token=***&API_KEY=***&X-Api-Key=***&sig=***&password=***"),
    ("https://x.example/f?auth%5Ftoken=a", "https://x.example/f?auth%5Ftoken=***"),
    ("http://alice:s3cret@x.example/f?flag", "http://***@x.example/f?flag"),
    ("https://x.example/f?token=abc#section", "https://x.example/f?token=***#section"),
    ("not a url at all", "not a url at all"),
])
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def test_redact_text_redacts_every_url_and_known_secret_values():
    text = ("redirect loop: http://a.example/f?token=one -> 'https://u:pw@b.example/g?key=two' -> "
            "http://a.example/f?token=one (server said: bad credentials hunter22 and hunter%2022)")
    assert redact_text(text, ["hunter22", "hunter 22", "ab"]) == (
        "redirect loop: http://a.example/f?token=*** -> 'https://***@b.example/g?key=***' -> "
        "http://a.example/f?token=*** (server said: bad credentials *** and ***)")
    assert redact_text(None) is None
