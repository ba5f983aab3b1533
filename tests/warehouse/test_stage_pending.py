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
