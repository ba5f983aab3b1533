"""Feed list validation: a bad list is rejected with one message per bad entry, naming entry and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.feeds.feed_list import FeedListError, FeedSpec, load_feed_list

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_list_with_defaults(tmp_path):
    path = write(tmp_path, """
feeds:
  - name: techcrunch-ai
    url: https://techcrunch.com/category/artificial-intelligence/feed/
    lang: en
    fulltext: true
  - name: heise
    url: http://www.heise.de/rss/heise-atom.xml
""")
    specs = load_feed_list(path)
    assert specs == [
        FeedSpec("techcrunch-ai", "https://techcrunch.com/category/artificial-intelligence/feed/", "en", True),
        FeedSpec("heise", "http://www.heise.de/rss/heise-atom.xml", "auto", False),
    ]
    with pytest.raises(AttributeError):
        specs[0].name = "other"  # frozen


def test_default_path_comes_from_newsmon_feeds(tmp_path, monkeypatch):
    path = write(tmp_path, "feeds:\n  - name: one\n    url: https://example.org/feed\n")
    monkeypatch.setenv("NEWSMON_FEEDS", str(path))
    assert [s.name for s in load_feed_list()] == ["one"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("- name: Bad_Name\n    url: https://x.org/f", "entry 1 ('Bad_Name'): field `name`"),
        ("- url: https://x.org/f", "entry 1: field `name`: missing"),
        ("- name: ok\n    url: ftp://x.org/f", "entry 1 ('ok'): field `url`"),
        ("- name: ok\n    url: not a url", "entry 1 ('ok'): field `url`"),
        ("- name: ok", "entry 1 ('ok'): field `url`: missing"),
        ("- name: ok\n    url: https://x.org/f\n    lang: fr", "entry 1 ('ok'): field `lang`: 'fr'"),
        ("- name: ok\n    url: https://x.org/f\n    fulltext: 'yes'", "entry 1 ('ok'): field `fulltext`"),
        ("- name: ok\n    url: https://x.org/f\n    interval: 5", "entry 1 ('ok'): unknown field `interval`"),
        ("- just-a-string", "entry 1: must be a mapping"),
    ],
)
def test_each_bad_field_is_named(tmp_path, entry, expected):
    path = write(tmp_path, "feeds:\n  " + entry + "\n")
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(expected), caught.value.problems[0]
    assert str(path) in str(caught.value)


def test_one_message_per_bad_entry_and_duplicates(tmp_path):
    path = write(tmp_path, """
feeds:
  - name: good
    url: https://example.org/a
  - name: Bad
    url: gopher://example.org
    lang: xx
  - name: good
    url: https://example.org/b
  - name: fine
    url: https://example.org/c
""")
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    problems = caught.value.problems
    assert len(problems) == 2
    # entries are counted from 1, as a person reading the file counts them (regression: 'Bad' was "entry 1")
    assert problems[0].startswith("entry 2 ('Bad'):") and "`name`" in problems[0] and "`url`" in problems[0] and "`lang`" in problems[0]
    assert problems[1] == "entry 3 ('good'): field `name`: duplicate of entry 1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "top level must be a mapping"),
        ("feeds: []\n", "non-empty list"),
        ("feeds: [\n", "not valid YAML"),
        ("feeds:\n  - name: a\n    url: https://x.org\nextra: 1\n", "unknown top-level key `extra`"),
    ],
)
def test_bad_documents(tmp_path, text, expected):
    with pytest.raises(FeedListError) as caught:
        load_feed_list(write(tmp_path, text))
    assert expected in str(caught.value)


def test_missing_file_is_a_feed_list_error(tmp_path):
    with pytest.raises(FeedListError, match="cannot read"):
        load_feed_list(tmp_path / "nope.yaml")


@pytest.mark.parametrize("name", ["feeds.yaml", "feeds.sample.yaml"])
def test_shipped_feed_lists_validate(name):
    specs = load_feed_list(REPO / "config" / name)
    assert len(specs) >= (15 if name == "feeds.yaml" else 4)
    assert {s.lang for s in specs} >= {"en", "de"}
