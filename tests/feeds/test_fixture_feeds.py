"""Every file in fixtures/ is fetched from a real local HTTP server and checked against its header comment.

feedparser's convention: each fixture says what it tests (`Description:`), then either `Expect:` lines
(Python expressions that must be true) or one `Error:` line (text the error must contain).
Names available to `Expect:` expressions: articles, fetch, by_guid, spec, fetched_at_iso, sha1_16.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from extractors.feeds.feed_entries import iso_utc
from extractors.feeds.feed_list import FeedSpec
from extractors.feeds.fetch_feed import fetch_feed
from tests.feeds.conftest import FETCH_TIME, FIXTURES

HEADER = re.compile(r"<!--(.*?)-->", re.DOTALL)


def read_header(path: Path) -> dict[str, list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    match = HEADER.search(text)
    assert match, f"{path.name} has no header comment"
    fields: dict[str, list[str]] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.strip().partition(": ")
        if sep:
            fields.setdefault(key, []).append(value.strip())
    return fields


FIXTURE_FILES = sorted(FIXTURES.glob("*.xml"))


def test_every_fixture_says_what_it_tests():
    assert len(FIXTURE_FILES) >= 12
    for path in FIXTURE_FILES:
        fields = read_header(path)
        assert fields.get("Description"), path.name
        assert fields.get("Expect") or fields.get("Error"), path.name


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture(path: Path, server, clock):
    fields = read_header(path)
    spec = FeedSpec(name="fixture-" + path.stem.replace("_", "-"), url=server.url("/" + path.name),
                    lang=fields.get("Lang", ["en"])[0])
    result = fetch_feed(spec, None, now=FETCH_TIME, clock=clock)
    if "Error" in fields:
        assert result.fetch["outcome"] == "error"
        assert result.articles == []
        assert fields["Error"][0].lower() in (result.fetch["error"] or "").lower(), result.fetch["error"]
        return
    assert result.fetch["outcome"] == "new", result.fetch["error"]
    namespace = {
        "articles": result.articles,
        "fetch": result.fetch,
        "by_guid": {a["guid"]: a for a in result.articles},
        "spec": spec,
        "fetched_at_iso": iso_utc(FETCH_TIME),
        "sha1_16": lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()[:16],
    }
    for expression in fields["Expect"]:
        assert eval(expression, namespace), f"{path.name}: {expression}"  # noqa: S307 - our own fixture text
