"""Feed list files that are not UTF-8, keys given twice, and the `connection` field.

Regressions: a UTF-16 feed list raised a raw `UnicodeDecodeError` out of `list_feeds`, and a key given twice
inside one entry silently won (YAML keeps the last: `url:` twice fetched the second URL without a word).
"""
from __future__ import annotations

import pytest

from extractors.feeds.feed_list import FeedListError, FeedSpec, load_feed_list

GOOD = "feeds:\n  - name: alpha\n    url: https://alpha.example/feed.xml\n    lang: de\n"


def problems_of(path) -> list[str]:
    with pytest.raises(FeedListError) as refused:
        load_feed_list(path)
    assert str(path) in str(refused.value)           # the message names the file
    return refused.value.problems


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-16", "the file is UTF-16 (or another two-byte encoding), not UTF-8: save it as UTF-8"),
    ("utf-16-le", "the file is UTF-16 (or another two-byte encoding), not UTF-8: save it as UTF-8"),
])
def test_utf16_file_is_named_as_such(tmp_path, encoding, expected):
    path = tmp_path / "feeds.yaml"
    path.write_bytes(GOOD.encode(encoding))
    assert problems_of(path) == [expected]


def test_latin1_file_names_the_byte_and_line(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_bytes((GOOD + "  # Zürich\n").encode("latin-1"))
    assert problems_of(path) == ["the file is not UTF-8 text: byte 0xfc on line 5 cannot be decoded "
                                 "(Latin-1 or Windows-1252?): save it as UTF-8"]


def test_utf8_with_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    assert [s.name for s in load_feed_list(path)] == ["alpha"]


def test_a_key_given_twice_in_an_entry_names_the_entry_and_both_lines(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n"
                    "  - name: alpha\n"
                    "    url: https://alpha.example/feed.xml\n"
                    "    url: https://evil.example/feed.xml\n"
                    "  - name: beta\n"
                    "    url: https://beta.example/feed.xml\n"
                    "    lang: en\n"
                    "    lang: de\n", encoding="utf-8")
    assert problems_of(path) == [
        "entry 'alpha' (line 2): key `url` is given twice (lines 3 and 4); keep one",
        "entry 'beta' (line 5): key `lang` is given twice (lines 7 and 8); keep one",
    ]


def test_a_duplicate_top_level_key_and_other_problems_are_reported_together(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(GOOD + "feeds:\n  - name: Bad_Name\n    url: https://x.example/f\n", encoding="utf-8")
    problems = problems_of(path)
    assert problems[0] == "top level: key `feeds` is given twice (lines 1 and 5); keep one"
    assert "field `name`: 'Bad_Name'" in problems[1]


def test_connection_names_the_credentials(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(GOOD + "    connection: partner_wire\n", encoding="utf-8")
    assert load_feed_list(path) == [FeedSpec("alpha", "https://alpha.example/feed.xml", "de", False, "partner_wire")]
    path.write_text(GOOD + "    connection: 'not an id!'\n", encoding="utf-8")
    (problem,) = problems_of(path)
    assert "field `connection`: 'not an id!' must be an Airflow connection id" in problem
