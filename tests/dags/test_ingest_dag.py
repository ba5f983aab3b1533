"""`dag.test()` of newsmon_ingest end to end: real HTTP server on 127.0.0.1, real DuckDB file, real Airflow."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.support.asset_events import asset_events
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
LOGICAL_DATE = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def write_feed_list(path: Path, srv: LocalHttpServer) -> Path:
    path.write_text(
        "feeds:\n"
        f"  - name: alpha-ai-news\n    url: {srv.url('/alpha-ai-news.xml')}\n    lang: en\n"
        f"  - name: beta-ki-nachrichten\n    url: {srv.url('/beta-ki-nachrichten.xml')}\n    lang: de\n"
        f"  - name: broken-feed\n    url: {srv.url('/missing.xml')}\n"
    )
    return path


def warehouse_rows(sql: str):
    from extractors import settings

    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def ingest_dag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags")).dags["newsmon_ingest"]


def test_ingest_loads_feeds_and_a_broken_feed_fails_only_its_own_task(airflow_db, newsmon_home, tmp_path,
                                                                      monkeypatch, ingest_dag):
    with LocalHttpServer(root=FIXTURES) as srv:
        monkeypatch.setenv("NEWSMON_FEEDS", str(write_feed_list(tmp_path / "feeds.yaml", srv)))
        run = ingest_dag.test(logical_date=LOGICAL_DATE)

        states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
        assert states[("load_articles", -1)] == "success"
        fetch_states = sorted(s for (t, _), s in states.items() if t == "fetch_feed")
        assert fetch_states == ["failed", "success", "success"]

        assert run.state == "success"
        assert asset_events("newsmon_articles", run.run_id) == 1     # the gate passed and moved the Asset
        articles = warehouse_rows("SELECT feed, count(*) FROM articles GROUP BY feed ORDER BY feed")
        assert articles == [("alpha-ai-news", 3), ("beta-ki-nachrichten", 3)]
        fetches = warehouse_rows("SELECT feed, outcome, http_status, items_seen, items_new FROM feed_fetches ORDER BY feed")
        assert fetches[0] == ("alpha-ai-news", "new", 200, 4, 3)      # 4 items, one a repeat
        assert fetches[1] == ("beta-ki-nachrichten", "new", 200, 3, 3)
        assert fetches[2][:3] == ("broken-feed", "error", 404)
        canonical = warehouse_rows("SELECT canonical_url FROM articles WHERE title LIKE 'Mistral AI raises%'")
        assert canonical == [("https://alpha-ai-news.example/2026/11/mistral-series-c",)]
        german = warehouse_rows("SELECT lang, published_at FROM articles WHERE title LIKE 'Mistral AI sammelt%'")
        assert german == [("de", datetime(2026, 11, 25, 10, 40))]       # +01:00 converted to UTC
        before = warehouse_rows("SELECT * FROM articles ORDER BY article_id")
        fetches_before = warehouse_rows("SELECT * FROM feed_fetches ORDER BY feed")
        requests_before = len(srv.requests)

        # Running the same interval again: the good feeds' staging is reused (no request), the broken
        # feed is tried again; every table ends with the same rows (the broken feed's row is replaced).
        ingest_dag.test(logical_date=LOGICAL_DATE)
        assert warehouse_rows("SELECT * FROM articles ORDER BY article_id") == before
        after = warehouse_rows("SELECT * FROM feed_fetches ORDER BY feed")
        assert len(after) == 3
        assert after[:2] == fetches_before[:2]
        assert after[2][:2] == fetches_before[2][:2] and after[2][5:8] == fetches_before[2][5:8]
        new_requests = [r.path for r in srv.requests[requests_before:]]
        assert new_requests and all("missing" in p for p in new_requests)
