"""Checks the blind evaluation set (`tests/extraction/blindset/`) itself, never the extractor's score on it.

The blind set was written without looking at the dev set's passages or the extractor's rules, to estimate
how the extractor does on text it was not tuned on. Its figures are only worth something if the files keep
the dev set's gold format and conventions (so `python -m extractors eval --file ...` scores them the same
way; checked for both sets in `test_gold_format.py`), stay independent of the dev set, and keep their mix:
about 40 % trap passages and about a quarter of passages naming organisations the knowledge base does not
know. No quality threshold lives here on purpose.
"""
from __future__ import annotations

import re

import pytest

from tests.extraction.gold_format import BLINDSET, DEVSET, LANGS, all_passages, is_trap, load_gold_set

PASSAGES_PER_LANG = 40


@pytest.fixture(scope="module")
def blindset() -> dict[str, list[dict]]:
    return load_gold_set(BLINDSET)


@pytest.mark.parametrize("lang", LANGS)
def test_forty_passages_per_language(blindset, lang):
    assert len(blindset[lang]) == PASSAGES_PER_LANG


@pytest.mark.parametrize("lang", LANGS)
def test_ids_are_prefixed(blindset, lang):
    assert all(re.fullmatch(rf"blind-{lang}-\d{{3}}", row["id"]) for row in blindset[lang])


def test_independent_of_the_dev_set(blindset):
    """No id and no passage text shared with the dev set: the blind set must not be the dev set again."""
    dev = all_passages(load_gold_set(DEVSET))
    dev_ids = {row["id"] for row in dev}
    dev_texts = {" ".join(row["text"].split()).casefold() for row in dev}
    for row in all_passages(blindset):
        assert row["id"] not in dev_ids, row["id"]
        assert " ".join(row["text"].split()).casefold() not in dev_texts, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_some_passages_leave_lang_to_detection(blindset, lang):
    missing = sum(row["lang"] is None for row in blindset[lang])
    assert 4 <= missing <= len(blindset[lang]) // 3


@pytest.mark.parametrize("lang", LANGS)
def test_about_forty_percent_trap_passages(blindset, lang):
    share = sum(is_trap(row) for row in blindset[lang]) / len(blindset[lang])
    assert 0.35 <= share <= 0.55, share


# No test ties the `unknown_org` tag to the current knowledge base: the tag records what was unknown
# when the set was written, and the knowledge base is meant to grow.
