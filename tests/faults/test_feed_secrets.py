"""Secrets of feed URLs never show: a `?token=` in a feed URL and the credentials of the connection a feed
names are used for the request and appear in no log line, error text, table, DuckDB file, staging file,
XCom or rendered field (the Airflow metadata DB), nor on the Newsmon page; a `user:password@` URL is refused
with a message saying where credentials go.

Regression: `http://alice:s3cret@host/feed.xml?token=...` was accepted, and the password and token landed in
`feed_fetches.url`/`error`, both DuckDB files, the staging `*.fetch.json`, XCom and rendered fields, the task
log, `feed_health.note` and the page (`/newsmon/`, `/newsmon/health.json`).
"""
from __future__ import annotations

import base64
import json
import logging
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.faults.pipeline import Item, rss
from tests.support.http_server import LocalHttpServer

REPO = Path(__file__).resolve().parents[2]
LOGICAL_DATE = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


def files_containing(root: Path, needles: list[bytes]) -> dict[str, list[str]]:
    """{file: [needles found]} for every file under `root` (or `root` itself)."""
    found: dict[str, list[str]] = {}
    for path in [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        hits = [n.decode() for n in needles if n in data]
        if hits:
            found[str(path)] = hits
    return found


@pytest.fixture
def ingest_dag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags")).dags["newsmon_ingest"]


def test_feed_secrets_are_used_for_the_request_and_shown_nowhere(airflow_db, newsmon_home, tmp_path, monkeypatch,
                                                                 ingest_dag, caplog, capfd):
    token, password, header, key = (f"{name}{secrets.token_hex(8)}" for name in ("tok", "pw", "hdr", "key"))
    basic = base64.b64encode(f"alice:{password}".encode()).decode()
    monkeypatch.setenv("AIRFLOW_CONN_PARTNER_FEED", json.dumps({
        "conn_type": "http", "login": "alice", "password": password, "extra": {"headers": {"X-Api-Key": header}}}))
    monkeypatch.setenv("NEWSMON_FEED_FAIL_RUNS", "1")      # one failed run is enough to reach feed_health.note
    caplog.set_level(logging.INFO)                         # httpx logs request URLs at INFO, as task logs keep
    with LocalHttpServer() as server:
        server.route("/private.xml", body=rss([Item("Partner story", guid="partner-1", link="https://p.example/1")]))
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(
            "feeds:\n"
            f"  - name: partner\n    url: {server.url('/private.xml')}?token={token}&edition=en\n"
            "    connection: partner_feed\n"
            f"  - name: broken\n    url: {server.url('/missing.xml')}?api_key={key}\n")
        monkeypatch.setenv("NEWSMON_FEEDS", str(feeds))
        run = ingest_dag.test(logical_date=LOGICAL_DATE)
        requests = server.requests_to("/private.xml")

    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    assert sorted(s for (t, _), s in states.items() if t == "fetch_feed") == ["failed", "success"]
    # the secrets were really used: the token in the request, the connection's credentials in its headers
    assert requests and requests[0].path == f"/private.xml?token={token}&edition=en"
    assert requests[0].headers["authorization"] == f"Basic {basic}"
    assert requests[0].headers["x-api-key"] == header

    from extractors import settings
    from warehouse.connection import read_copy_path, reader
    from warehouse.ui_page import load_page_data, render_page

    page = load_page_data()
    shown = render_page(page) + json.dumps(page.feed_health, default=str)

    needles = [s.encode() for s in (token, password, header, key, basic)]
    outputs = {
        "warehouse": files_containing(settings.warehouse_path(), needles),
        "read copy": files_containing(read_copy_path(), needles),
        "staging": files_containing(settings.staging_root(), needles),
        # the metadata DB (XCom, rendered fields, its WAL) and any task log file
        "airflow home": files_containing(airflow_db, needles),
        "page": [n.decode() for n in needles if n in shown.encode()],
        "log records": [n.decode() for n in needles if n in caplog.text.encode()],
        "stdout/stderr": [n.decode() for n in needles if n in "".join(capfd.readouterr()).encode()],
    }
    assert {k: v for k, v in outputs.items() if v} == {}
    assert list(settings.staging_root().rglob("*.fetch.json"))   # the grep looked at real staging files

    con = reader()
    try:
        fetches = con.execute("SELECT feed, url, error FROM feed_fetches ORDER BY feed").fetchall()
        note = con.execute("SELECT note FROM feed_health WHERE feed = 'broken'").fetchone()[0]
    finally:
        con.close()
    assert fetches[0][0] == "broken" and fetches[0][1].endswith("/missing.xml?api_key=***")
    assert "HTTP 404" in fetches[0][2] and "api_key=***" in fetches[0][2]
    assert fetches[1][1].endswith("/private.xml?token=***&edition=en")     # readable, minus the secret
    assert "failed 1 runs in a row" in note and "api_key=***" in note
    assert "api_key=***" in shown


def test_a_url_with_credentials_is_refused_with_where_they_go_and_without_echoing_them(tmp_path):
    from extractors.feeds.feed_list import FeedListError, load_feed_list

    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - name: partner\n    url: http://alice:s3cretpw@127.0.0.1/feed.xml?token=t0kenvalue\n")
    with pytest.raises(FeedListError) as refused:
        load_feed_list(feeds)
    (problem,) = refused.value.problems
    assert re.match(r"entry \d+ \('partner'\): field `url`: 'http://\*\*\*@127\.0\.0\.1/feed\.xml\?token=\*\*\*' "
                    "carries credentials", problem), problem
    assert "Airflow connection" in problem and "`connection: <conn id>`" in problem
    assert "s3cretpw" not in str(refused.value) and "t0kenvalue" not in str(refused.value)


def test_a_missing_connection_fails_the_feed_with_a_clear_error(newsmon_home, monkeypatch):
    from tests.faults.pipeline import run_ingest

    monkeypatch.delenv("AIRFLOW_CONN_NOWHERE", raising=False)
    with LocalHttpServer() as server:
        server.route("/f.xml", body=rss([Item("x", guid="x-1", link="https://x.example/1")]))
        result = run_ingest([{"name": "needs-auth", "url": server.url("/f.xml"), "lang": "en", "fulltext": False,
                              "connection": "nowhere"}], "r1")
        assert server.requests_to("/f.xml") == []        # no request without the credentials it needs
    con = duckdb.connect(str(newsmon_home / "warehouse" / "newsmon.read.duckdb"), read_only=True)
    try:
        (outcome, error), = con.execute("SELECT outcome, error FROM feed_fetches").fetchall()
    finally:
        con.close()
    assert outcome == "error" and error.startswith("credentials: connection `nowhere`: ")
    assert "isn't defined" in error and list(result.failed) == ["needs-auth"]


def test_redirect_to_another_host_does_not_carry_the_credentials():
    """The connection's headers go to the feed's own origin only (like browsers drop Authorization)."""
    from extractors.feeds.feed_credentials import FeedCredentials
    from extractors.feeds.http_fetch import fetch

    creds = FeedCredentials(username="alice", password="pw-value-1", headers={"X-Api-Key": "hdr-value-1"})
    with LocalHttpServer() as elsewhere, LocalHttpServer() as origin:
        elsewhere.route("/feed.xml", body=b"<rss/>")
        origin.route("/feed.xml", redirect=elsewhere.url("/feed.xml"))
        origin.route("/same.xml", redirect=origin.url("/final.xml"))
        origin.route("/final.xml", body=b"<rss/>")
        fetch(origin.url("/feed.xml"), headers=creds.request_headers())
        fetch(origin.url("/same.xml"), headers=creds.request_headers())
        assert "authorization" in origin.requests_to("/feed.xml")[0].headers
        assert {"authorization", "x-api-key"} & set(elsewhere.requests_to("/feed.xml")[0].headers) == set()
        assert origin.requests_to("/final.xml")[0].headers["x-api-key"] == "hdr-value-1"
