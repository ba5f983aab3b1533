"""`python -m extractors eval` plumbing, with stand-in extractors instead of the real one.

An oracle that answers with the gold must score 1.0 everywhere on the real dev set: that checks both
the evaluation path and that the gold is self-consistent under the scorer's own rules.
"""
from __future__ import annotations

import json

import pytest

from extractors.nlp import evaluate as ev


def _oracle(rows_by_id):
    def extract(passages):
        assert all(set(p) == set(ev.INPUT_FIELDS) for p in passages)  # gold is never passed in
        return [dict(id=p["id"], lang=p["lang"], **rows_by_id[p["id"]]["gold"]) for p in passages]
    return extract


@pytest.fixture(scope="module")
def rows_by_id():
    rows = [row for lang in ev.LANGS for row in ev.load_devset(ev.DEVSET_DIR / f"{lang}.jsonl")]
    return {row["id"]: row for row in rows}


def test_oracle_scores_perfectly_on_the_devset(rows_by_id):
    boards = ev.evaluate([ev.DEVSET_DIR / f"{lang}.jsonl" for lang in ev.LANGS], _oracle(rows_by_id))
    assert set(boards) == {"en", "de", "all"}
    board = boards["all"]
    assert board.passages == len(rows_by_id)
    assert board.all_facts.prf == (1.0, 1.0, 1.0)
    assert board.orgs.prf == (1.0, 1.0, 1.0) and board.money.prf == (1.0, 1.0, 1.0)
    assert board.money_value.value == 1.0 and board.trap_facts == 0
    assert all(ratio.value == 1.0 for ratio in board.fields.values())
    assert board.hedged_status.total > 0 and board.hedged_status.value == 1.0


def test_lang_option_selects_one_language(rows_by_id):
    boards = ev.evaluate([ev.DEVSET_DIR / f"{lang}.jsonl" for lang in ev.LANGS], _oracle(rows_by_id), lang="de")
    assert set(boards) == {"de", "all"} and boards["de"].passages == boards["all"].passages >= 60


def test_main_prints_scores_and_verbose_misses(monkeypatch, capsys, rows_by_id):
    def forgetful(passages):
        return [dict(id=p["id"], lang=p["lang"], orgs=[], money=[], facts=[]) for p in passages]

    monkeypatch.setattr(ev, "load_extractor", lambda: forgetful)
    assert ev.main(["--set", "dev", "--lang", "en", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "== dev en:" in out and "funding_round" in out and "money value accuracy" in out
    assert "missed" in out and "en-001" in out and "== dev de:" not in out
    assert "== summary ==" in out and "dev" in out.split("== summary ==")[1]


def test_all_four_sets_are_scored_and_heldback_misses_are_never_printed(monkeypatch, capsys):
    def forgetful(passages):
        return [dict(id=p["id"], lang=p["lang"], orgs=[], money=[], facts=[]) for p in passages]

    monkeypatch.setattr(ev, "load_extractor", lambda: forgetful)
    assert ev.main([]) == 0
    summary = capsys.readouterr().out.split("== summary ==")[1]
    assert all(name in summary for name in ("dev", "blind", "tune", "heldback"))
    assert ev.main(["--verbose"]) == 2 and ev.main(["--set", "heldback", "--verbose"]) == 2
    assert "held-back misses" in capsys.readouterr().err


def test_main_names_the_bad_line_of_a_devset_file(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "en.jsonl"
    good = {"id": "en-x", "text": "t", "lang": "en", "published": None, "title": None,
            "gold": {"orgs": [], "money": [], "facts": []}, "tags": []}
    bad.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    monkeypatch.setattr(ev, "load_extractor", lambda: (lambda passages: []))
    assert ev.main(["--file", str(bad)]) == 1
    assert f"{bad}:2" in capsys.readouterr().err


def test_extractor_returning_wrong_count_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ev, "load_extractor", lambda: (lambda passages: []))
    assert ev.main(["--lang", "de"]) == 1
    assert "returned 0 objects" in capsys.readouterr().err
