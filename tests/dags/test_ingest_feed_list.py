"""`dag.test()` of newsmon_ingest when there is nothing to ingest: a feed list that does not validate, a
missing feed list, a run in which every feed fails. Each must end as a failed run that loaded nothing,
passed no quality gate and moved no Asset, with one alert email saying why (real SMTP server on loopback).

Regression: with an invalid list `list_feeds` failed, but `load_articles` (trigger rule all_done) loaded
nothing, the gate "passed" with 0 articles, the Asset fired and the run ended green."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.support.asset_events import asset_events
from tests.support.http_server import LocalHttpServer
from tests.support.smtp_inbox import smtp_inbox  # noqa: F401 - the fixture

REPO = Path(__file__).resolve().parents[2]
FEED_LISTS = Path(__file__).parent / "fixtures" / "feed_lists"
AFTER_THE_LOAD = ("load_articles", "check_feed_health", "quality_gate")


@pytest.fixture(scope="module")
def ingest_dag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags")).dags["newsmon_ingest"]


def passed_quality_runs() -> int:
    from extractors import settings

    if not settings.warehouse_path().exists():
        return 0
    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM quality_runs WHERE passed").fetchone()[0]
    finally:
        con.close()


def alert_text(inbox) -> tuple[str, str]:
    assert len(inbox.messages) == 1, [m["Subject"] for _, m in inbox.messages]
    _, message = inbox.messages[0]
    return message["Subject"], message.get_body(("plain",)).get_content()


def run_with_feed_list(ingest_dag, monkeypatch, feed_list: Path, logical_date: datetime):
    """Run the ingest DAG on `feed_list` and check the run failed at list_feeds and did nothing after it:
    no load, no gate, no Asset event. Returns the task instances by task id."""
    monkeypatch.setenv("NEWSMON_ALERT_TO", "oncall@newsmon.test")
    monkeypatch.setenv("NEWSMON_FEEDS", str(feed_list))
    run = ingest_dag.test(logical_date=logical_date)
    assert run.state == "failed"
    tis = {ti.task_id: ti for ti in run.get_task_instances()}
    assert tis["list_feeds"].state == "failed"
    assert {t: tis[t].state for t in AFTER_THE_LOAD} == dict.fromkeys(AFTER_THE_LOAD, "upstream_failed")
    assert passed_quality_runs() == 0
    assert asset_events("newsmon_articles", run.run_id) == 0
    return tis


def test_invalid_feed_list_fails_the_run_at_once_and_the_alert_names_every_bad_entry(
        airflow_db, newsmon_home, smtp_inbox, monkeypatch, ingest_dag):
    tis = run_with_feed_list(ingest_dag, monkeypatch, FEED_LISTS / "five_mistakes.yaml",
                             datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc))
    assert tis["list_feeds"].try_number == 1            # a retry reads the same bytes: no retry
    assert not (newsmon_home / "warehouse").exists()    # nothing loaded, not even an empty warehouse

    subject, text = alert_text(smtp_inbox)
    assert "newsmon_ingest.list_feeds failed (try 1 of 3)" in subject
    for expected in ("entry 1 ('alpha-ai-news'): unknown field `ulr`",
                     "entry 2 ('Beta-News'): field `name`",
                     "entry 3 ('gamma-wire'): field `lang`: 'english'",
                     "entry 4 ('delta-daily'): field `url`: 'htp://",
                     "entry 6 ('gamma-wire'): field `name`: duplicate of entry 3"):
        assert expected in text, text
    assert "entry 5" not in text                        # the good entry is not blamed


def test_missing_feed_list_fails_the_run_after_its_retries_and_loads_nothing(
        airflow_db, newsmon_home, smtp_inbox, monkeypatch, tmp_path, ingest_dag):
    tis = run_with_feed_list(ingest_dag, monkeypatch, tmp_path / "no-such-feeds.yaml",
                             datetime(2026, 11, 26, 10, 30, tzinfo=timezone.utc))
    assert tis["list_feeds"].try_number == 3            # an unreadable file may be passing: retried
    subject, text = alert_text(smtp_inbox)
    assert "list_feeds failed" in subject and "no-such-feeds.yaml" in text and "cannot read the file" in text


def test_a_run_in_which_every_feed_failed_fails_the_quality_gate(airflow_db, newsmon_home, monkeypatch, tmp_path,
                                                                 ingest_dag):
    with LocalHttpServer(root=tmp_path / "empty") as srv:       # every feed answers 404
        (tmp_path / "feeds.yaml").write_text(
            "feeds:\n"
            f"  - name: first-feed\n    url: {srv.url('/first.xml')}\n"
            f"  - name: second-feed\n    url: {srv.url('/second.xml')}\n")
        monkeypatch.setenv("NEWSMON_FEEDS", str(tmp_path / "feeds.yaml"))
        run = ingest_dag.test(logical_date=datetime(2026, 11, 26, 11, 0, tzinfo=timezone.utc))

    assert run.state == "failed"
    states = {ti.task_id: ti.state for ti in run.get_task_instances() if ti.task_id != "fetch_feed"}
    assert states == {"list_feeds": "success", "plan_pages": "success", "fetch_pages": "success",
                      "load_articles": "success", "check_feed_health": "success", "quality_gate": "failed"}
    con = duckdb.connect(str(newsmon_home / "warehouse" / "newsmon.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT feed, outcome FROM feed_fetches ORDER BY feed").fetchall() == [
            ("first-feed", "error"), ("second-feed", "error")]
        assert con.execute("SELECT passed, failed_checks, run_id, run_at FROM quality_runs").fetchall() == [
            (False, ["ingest_run_reached_a_feed"], run.run_id, datetime(2026, 11, 26, 11, 0))]
    finally:
        con.close()
    assert asset_events("newsmon_articles", run.run_id) == 0
