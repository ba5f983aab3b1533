"""`stage_pending`: the to-do list of the extract DAG, with each article's day in NEWSMON_TZ."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.warehouse.test_load_articles import article, fetch
from warehouse import staging
from warehouse.extract_steps import stage_pending
from warehouse.load_articles import load_ingest_run


def staged_days(tmp_path: Path, monkeypatch, tz: str) -> dict[str, str]:
    late = article("late", "alpha", "https://ex.com/late")
    late["published_at"] = "2026-11-25T23:30:00+00:00"   # 00:30 on 26 Nov in Berlin
    early = article("early", "alpha", "https://ex.com/early")
    early["published_at"] = "2026-11-25T10:00:00+00:00"
    run = tmp_path / "staging" / "run1"
    staging.write_feed_result(run, fetch("alpha"), [late, early])
    warehouse = tmp_path / "w.duckdb"
    load_ingest_run("run1", run, warehouse)
    monkeypatch.setenv("NEWSMON_TZ", tz)
    shards = stage_pending("x1", root=tmp_path / "root", warehouse_path=warehouse)
    rows = [json.loads(line) for shard in shards for line in Path(shard).read_text().splitlines()]
    return {row["article_id"]: row["published"] for row in rows}


@pytest.mark.parametrize(("tz", "late_day"), [("Europe/Berlin", "2026-11-26"), ("UTC", "2026-11-25"),
                                               ("America/New_York", "2026-11-25")])
def test_an_article_counts_for_its_publication_day_in_newsmon_tz(tmp_path, monkeypatch, tz, late_day):
    assert staged_days(tmp_path, monkeypatch, tz) == {"late": late_day, "early": "2026-11-25"}


# -- a page that arrives after the article was extracted from its summary (issue 17, item 3) -------------------

BODY = ("Mistral AI said on Tuesday that it had raised 1.7 billion euros in a Series C round led by ASML. "
        "The round values the Paris company at 11.7 billion euros.")


def teaser_article():
    late = article("late-page", "teasers", "https://ex.com/late-page", title="Mistral AI closes a new round")
    late["summary"] = "The Paris company has new investors."
    late["text"] = f"{late['title']}\n\n{late['summary']}"
    late["fulltext_status"] = "pending: page not fetched yet"
    return late


def arrive(tmp_path: Path, warehouse: Path, run_key: str) -> None:
    """An ingest run whose page task fetched the page: staged results, loaded by the real ingest load."""
    from warehouse.page_steps import pages_dir

    pages = pages_dir(run_key, tmp_path / "root")
    pages.mkdir(parents=True)
    (pages / "batch-00.results.jsonl").write_text(json.dumps(
        {"article_id": "late-page", "fulltext_status": "ok", "text": f"Mistral AI closes a new round\n\n{BODY}"}) + "\n")
    (pages / "batch-00.hosts.json").write_text("[]")
    empty = tmp_path / "staging" / run_key
    empty.mkdir(parents=True)
    load_ingest_run(run_key, empty, warehouse, pages_dir=pages)


def extract_run(tmp_path: Path, warehouse: Path, run_key: str, *, page_arrives_meanwhile: bool = False) -> list[dict]:
    """One newsmon_extract run (stage_pending, extract_shard, load_facts); returns the staged rows."""
    from warehouse.extract_steps import extract_shard, load_facts

    shards = stage_pending(run_key, root=tmp_path / "root", warehouse_path=warehouse)
    staged = [json.loads(line) for shard in shards for line in Path(shard).read_text().splitlines()]
    if page_arrives_meanwhile:
        arrive(tmp_path, warehouse, f"ingest-during-{run_key}")
    for shard in shards:
        extract_shard(shard)
    load_facts(run_key, shards, root=tmp_path / "root", warehouse_path=warehouse)
    return staged


def facts_of(warehouse: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return [t for (t,) in con.execute("SELECT type FROM facts WHERE article_id = 'late-page' ORDER BY type").fetchall()]
    finally:
        con.close()


def test_an_article_whose_page_arrives_after_its_extraction_is_extracted_again(tmp_path):
    run = tmp_path / "staging" / "run1"
    staging.write_feed_result(run, fetch("teasers"), [teaser_article()])
    warehouse = tmp_path / "w.duckdb"
    load_ingest_run("run1", run, warehouse)
    first = extract_run(tmp_path, warehouse, "x1")
    assert [r["article_id"] for r in first] == ["late-page"] and "1.7 billion" not in first[0]["text"]
    assert facts_of(warehouse) == []                      # the teaser states no fact
    assert extract_run(tmp_path, warehouse, "x2") == []   # nothing changed: nothing to do

    arrive(tmp_path, warehouse, "run2")
    again = extract_run(tmp_path, warehouse, "x3")
    assert [r["article_id"] for r in again] == ["late-page"] and BODY in again[0]["text"]
    assert "funding_round" in facts_of(warehouse)        # the fact only the body states reached the warehouse
    assert extract_run(tmp_path, warehouse, "x4") == []   # and the article is done


def test_a_page_arriving_while_the_summary_is_being_extracted_is_not_lost(tmp_path):
    """Regression: stage_pending read the teaser, an ingest load stored the page, then load_facts stamped the
    teaser's extraction later than the page: without the guard the page was never extracted."""
    run = tmp_path / "staging" / "run1"
    staging.write_feed_result(run, fetch("teasers"), [teaser_article()])
    warehouse = tmp_path / "w.duckdb"
    load_ingest_run("run1", run, warehouse)
    racing = extract_run(tmp_path, warehouse, "x1", page_arrives_meanwhile=True)
    assert "1.7 billion" not in racing[0]["text"] and facts_of(warehouse) == []
    again = extract_run(tmp_path, warehouse, "x2")
    assert [r["article_id"] for r in again] == ["late-page"] and BODY in again[0]["text"]
    assert "funding_round" in facts_of(warehouse)
