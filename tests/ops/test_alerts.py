"""Failure alerts: one email per finally failed task (not per try), through `smtp_default`, to a real SMTP
server (aiosmtpd) on 127.0.0.1; the message names the DAG, task, try, log URL and error."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support.smtp_inbox import smtp_inbox  # noqa: F401 - the fixture
from warehouse.alerts import TaskFailure, alert_subject, build_alert

REPO = Path(__file__).resolve().parents[2]


def failure(**overrides) -> TaskFailure:
    values = dict(dag_id="newsmon_ingest", task_id="fetch_feed", run_id="manual__2026-11-26T10:00:00+00:00",
                  try_number=3, max_tries=2, log_url="http://127.0.0.1:8080/dags/newsmon_ingest/runs/x/tasks/fetch_feed/mapped/1?try_number=3",
                  error="FeedFetchFailed: feed <script>alert(1)</script> returned HTTP 500", map_index=1,
                  logical_date="2026-11-26T10:00:00+00:00")
    values.update(overrides)
    return TaskFailure(**values)


def test_alert_names_dag_task_try_log_and_error_and_escapes_html():
    message = build_alert(failure(), ["oncall@newsmon.test"])
    assert message["Subject"].startswith("[newsmon] newsmon_ingest.fetch_feed[1] failed (try 3 of 3)")
    text = message.get_body(("plain",)).get_content()
    for expected in ("newsmon_ingest", "fetch_feed[1]", "try 3 of 3", "?try_number=3", "returned HTTP 500"):
        assert expected in text
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_huge_errors_are_cut_and_the_subject_keeps_one_line():
    long = failure(error="QualityGateFailed: 3 checks\n" + "x" * 20000)
    message = build_alert(long, ["a@b.test"])
    assert len(message.get_body(("plain",)).get_content()) < 8000
    assert "\n" not in alert_subject(long)


@pytest.fixture(scope="module")
def ingest_dag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags")).dags["newsmon_ingest"]


def test_a_task_failing_every_retry_sends_exactly_one_email(airflow_db, newsmon_home, smtp_inbox, monkeypatch,
                                                            tmp_path, ingest_dag):
    """The ingest DAG with a feed list that does not exist: list_feeds fails all 3 tries (retries=2; an
    unreadable file may be a passing condition) and exactly one email arrives, for the final failure."""
    monkeypatch.setenv("NEWSMON_ALERT_TO", "oncall@newsmon.test, second@newsmon.test")
    monkeypatch.setenv("NEWSMON_FEEDS", str(tmp_path / "no-such-feeds.yaml"))
    run = ingest_dag.test(logical_date=datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc))
    tis = {ti.task_id: ti for ti in run.get_task_instances()}
    assert tis["list_feeds"].state == "failed"
    assert tis["list_feeds"].try_number == 3                      # it really ran three times ...
    assert len(smtp_inbox.messages) == 1                           # ... and alerted once
    recipients, message = smtp_inbox.messages[0]
    assert recipients == ["oncall@newsmon.test", "second@newsmon.test"]
    assert message["From"] == "alerts@newsmon.test"
    assert "newsmon_ingest.list_feeds failed (try 3 of 3)" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "no-such-feeds.yaml" in text
    assert "/dags/newsmon_ingest/runs/" in text and "tasks/list_feeds?try_number=3" in text


def test_no_recipients_means_no_email_and_no_crash(airflow_db, newsmon_home, smtp_inbox, monkeypatch, tmp_path,
                                                   ingest_dag):
    monkeypatch.delenv("NEWSMON_ALERT_TO", raising=False)
    monkeypatch.setenv("NEWSMON_FEEDS", str(tmp_path / "no-such-feeds.yaml"))
    run = ingest_dag.test(logical_date=datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc))
    assert {ti.task_id: ti.state for ti in run.get_task_instances()}["list_feeds"] == "failed"
    assert smtp_inbox.messages == []
