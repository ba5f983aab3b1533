"""Bounded work per article in `newsmon_extract`: the text cap where articles are staged, the article and
shard time limits where shards are extracted, and both recorded in `extraction_limits`.

Regression: nothing capped an item's size and fact merging is quadratic, so one hostile multi-MB summary
(1.1 MB with 24,000 distinct deal sentences: 6 min 46 s) timed out its whole 500-article shard (30 min)
on every run. These tests go through the DAG's own steps: the ingest load, `stage_pending`,
`extract_shard` and `load_facts` on a real DuckDB file.
"""
from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from tests.warehouse.test_load_articles import article, fetch, rows
from warehouse import staging
from warehouse.extract_steps import extract_shard, load_facts, results_path, stage_pending
from warehouse.extraction_limits import ArticleTimeout, call_with_time_limit, limits_path
from warehouse.load_articles import load_ingest_run

ORGS = ["Mistral AI", "Anthropic", "Cohere", "Aleph Alpha", "xAI"]
INVESTORS = ["Sequoia Capital", "Andreessen Horowitz", "Nvidia", "General Catalyst", "Lightspeed Venture Partners"]
NORMAL = "Mistral AI raised $600 million in a Series B round led by General Catalyst."


def deal_sentences(count: int) -> str:
    """`count` distinct deal sentences (every amount differs), one paragraph each."""
    return "\n".join(f"{ORGS[i % 5]} raised ${i + 1:,} thousand in a Series A round led by {INVESTORS[i // 5 % 5]}. "
                     f"The company said the money would fund hiring." for i in range(count))


def load_articles(root: Path, warehouse: Path, texts: dict[str, str]) -> None:
    """One article per text through the real ingest load (staging files, then `load_ingest_run`)."""
    articles = [{**article(aid, "wire", f"https://wire.example/{aid}", title=f"Story {aid}"), "text": text}
                for aid, text in texts.items()]
    staging.write_feed_result(root / "ingest", fetch("wire"), articles)
    load_ingest_run("ingest-1", root / "ingest", warehouse)


def test_a_5_mb_item_of_50000_deal_sentences_is_cut_and_its_shard_finishes_in_bounded_time(tmp_path):
    hostile = deal_sentences(50_000)
    assert len(hostile) > 5_000_000
    warehouse, root = tmp_path / "w.duckdb", tmp_path / "staging"
    load_articles(root, warehouse, {"a-normal": NORMAL, "b-hostile": hostile, "c-normal": NORMAL.replace("600", "700")})

    started = time.monotonic()
    shards = stage_pending("run-1", root=root, warehouse_path=warehouse)
    counts = [extract_shard(shard) for shard in shards]
    summary = load_facts("run-1", shards, root=root, warehouse_path=warehouse)
    elapsed = time.monotonic() - started

    assert elapsed < 120, f"the shard took {elapsed:.0f}s"          # uncapped: hours (quadratic merging)
    assert counts == [{"shard": "shard-00000.jsonl", "articles": 3, "facts": counts[0]["facts"], "text_capped": 1,
                       "timed_out": 0, "left_pending": 0}]
    staged = {json.loads(line)["article_id"]: json.loads(line) for line in Path(shards[0]).read_text().splitlines()}
    kept = staged["b-hostile"]["text"]
    assert len(kept) <= 200_000 and hostile.startswith(kept) and kept.endswith("hiring.\n")   # cut at a paragraph
    (limit,) = rows(warehouse, "SELECT article_id, kind, text_chars, kept_chars, run_key, note FROM extraction_limits")
    assert limit[:5] == ("b-hostile", "text_cap", len(hostile), len(kept), "run-1")
    assert limit[5] == f"text cut from {len(hostile):,} to {len(kept):,} characters (NEWSMON_EXTRACT_MAX_CHARS=200000)"
    assert summary["limits_recorded"] == 1
    # every article is extracted: the normal ones fully, the hostile one from its kept part
    assert rows(warehouse, "SELECT article_id FROM article_extractions ORDER BY 1") == [
        ("a-normal",), ("b-hostile",), ("c-normal",)]
    facts = dict(rows(warehouse, "SELECT article_id, count(*) FROM facts GROUP BY 1"))
    assert facts["a-normal"] >= 1 and facts["c-normal"] >= 1
    assert 0 < facts["b-hostile"] <= kept.count("raised $")


def test_an_article_over_its_time_limit_fails_alone_and_is_not_restaged(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_EXTRACT_ARTICLE_SECONDS", "1")
    monkeypatch.setenv("NEWSMON_EXTRACT_MAX_CHARS", "4000000")
    slow = "The weather was mild and markets were calm across the region that week. " * 40_000   # ~3 MB of prose
    texts = {f"n{i:02d}": NORMAL.replace("600", str(600 + i)) for i in range(20)}
    texts["n05-slow"] = slow                                   # inside the first batch of 16
    warehouse, root = tmp_path / "w.duckdb", tmp_path / "staging"
    load_articles(root, warehouse, texts)

    shards = stage_pending("run-1", root=root, warehouse_path=warehouse)
    started = time.monotonic()
    (counts,) = [extract_shard(shard) for shard in shards]
    elapsed = time.monotonic() - started
    load_facts("run-1", shards, root=root, warehouse_path=warehouse)

    assert counts["articles"] == 20 and counts["timed_out"] == 1 and counts["left_pending"] == 0
    assert elapsed < 30, elapsed                               # the batch's second and the slow one's: not minutes
    results = [json.loads(line)["article_id"] for line in results_path(shards[0]).read_text().splitlines()]
    assert "n05-slow" not in results and len(results) == 20
    (limit,) = rows(warehouse, "SELECT article_id, kind, kept_chars, seconds, note FROM extraction_limits")
    assert limit[:3] == ("n05-slow", "deadline", None) and 0.9 < limit[3] < 10
    assert limit[4].startswith("extraction stopped after ") and "NEWSMON_EXTRACT_ARTICLE_SECONDS=1" in limit[4]
    extracted = {r[0] for r in rows(warehouse, "SELECT article_id FROM article_extractions")}
    assert extracted == set(texts) - {"n05-slow"}
    assert rows(warehouse, "SELECT count(DISTINCT article_id) FROM facts") == [(20,)]

    # The next run does not spend the time again (from the read copy, as the DAG reads it) ...
    again = stage_pending("run-2", root=root, warehouse_path=warehouse)
    assert again == []
    # ... unless asked to reprocess everything.
    everything = stage_pending("run-3", root=root, warehouse_path=warehouse, reprocess_all=True)
    assert sum(len(Path(s).read_text().splitlines()) for s in everything) == 21
    assert limits_path(shards[0]).exists()


def test_the_shard_limit_leaves_the_rest_pending_and_the_task_succeeds(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_EXTRACT_SHARD_SECONDS", "1")
    monkeypatch.setenv("NEWSMON_EXTRACT_MAX_CHARS", "4000000")
    texts = {f"a{i:02d}": NORMAL.replace("600", str(600 + i)) for i in range(16)}   # the first batch
    texts.update({"b-slow": "Markets were calm and the weather was mild all week long. " * 50_000,
                  "c-after": NORMAL.replace("600", "650")})
    warehouse, root = tmp_path / "w.duckdb", tmp_path / "staging"
    load_articles(root, warehouse, texts)
    shards = stage_pending("run-1", root=root, warehouse_path=warehouse)
    (counts,) = [extract_shard(shard) for shard in shards]
    load_facts("run-1", shards, root=root, warehouse_path=warehouse)
    assert counts["articles"] == 16 and counts["left_pending"] == 2 and counts["timed_out"] == 0
    assert {r[0] for r in rows(warehouse, "SELECT article_id FROM article_extractions")} == {f"a{i:02d}" for i in range(16)}
    assert rows(warehouse, "SELECT count(*) FROM extraction_limits") == [(0,)]   # not failed: pending
    again = stage_pending("run-2", root=root, warehouse_path=warehouse)
    assert {json.loads(line)["article_id"] for s in again for line in Path(s).read_text().splitlines()} == {
        "b-slow", "c-after"}


def busy_forever() -> None:
    while True:
        pass


def swallowing_finalizers_forever() -> None:
    """Like an extraction under the garbage collector, only more so: half the time is spent in weakref
    callbacks, where an exception from a signal handler is printed as "Exception ignored" and lost."""
    import weakref

    class Thing:
        pass

    while True:
        weakref.finalize(Thing(), busy_for, 0.0005)   # runs at once: the Thing is garbage
        busy_for(0.0005)


def busy_for(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_the_time_limit_survives_a_swallowed_alarm(capsys):
    """Regression: the first alarm landed in a weakref callback, was swallowed, and the article ran on."""
    started = time.monotonic()
    with pytest.raises(ArticleTimeout):
        call_with_time_limit(0.2, swallowing_finalizers_forever)
    assert time.monotonic() - started < 5
    from warehouse.extraction_limits import _on_alarm

    assert signal.getsignal(signal.SIGALRM) is not _on_alarm    # the outer handler (pytest-timeout's) is back,
    assert signal.getitimer(signal.ITIMER_REAL)[1] == 0.0       # and its one-shot timer, not our re-firing one
    time.sleep(0.2)                                              # (a stray alarm would raise here)


def test_time_limit_nests_inside_an_outer_alarm_like_airflows_execution_timeout():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append("outer"))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with pytest.raises(ArticleTimeout):
            call_with_time_limit(0.2, busy_forever)
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 25 < left < 30                                 # the outer timer runs on with what it had left
        assert fired == []
        signal.setitimer(signal.ITIMER_REAL, 0.3)            # an outer timer sooner than ours is left to fire
        assert call_with_time_limit(10, time.sleep, 0.6) == (None, False)
        assert fired == ["outer"]
        assert call_with_time_limit(5, sum, [1, 2]) == (3, True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
