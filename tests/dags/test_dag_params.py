"""DAG params are checked: a run triggered with a key its DAG does not declare fails at its first task,
without retries, naming the known params, and does nothing else (real `dag.test()` runs).

Regression: Airflow merges unknown conf keys silently, so `{"reprocess_al": true}` ran a normal extract
and ended green."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support.smtp_inbox import smtp_inbox  # noqa: F401 - the fixture

REPO = Path(__file__).resolve().parents[2]
LOGICAL_DATE = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags"))


@pytest.mark.parametrize(("dag_id", "conf", "first_tasks", "message"), [
    ("newsmon_extract", {"reprocess_al": True}, {"stage_pending", "refresh_fx_rates"},
     "newsmon_extract was triggered with unknown param(s) 'reprocess_al' (did you mean 'reprocess_all'?); "
     "known params: reprocess_all."),
    ("newsmon_digest", {"force_resend": True, "dry_run": True}, {"render_digest"},
     "newsmon_digest was triggered with unknown param(s) 'dry_run'; known params: day, force_resend."),
    ("newsmon_ingest", {"feeds": "x.yaml"}, {"list_feeds"},
     "newsmon_ingest was triggered with unknown param(s) 'feeds'; it takes no params."),
])
def test_unknown_params_fail_the_run_at_its_first_task(airflow_db, newsmon_home, monkeypatch, tmp_path, dagbag,
                                                       smtp_inbox, dag_id, conf, first_tasks, message):
    monkeypatch.setenv("NEWSMON_FEEDS", str(tmp_path / "unused.yaml"))   # never read: the first task fails first
    monkeypatch.setenv("NEWSMON_ALERT_TO", "oncall@newsmon.test")
    run = dagbag.dags[dag_id].test(logical_date=LOGICAL_DATE, run_conf=conf)
    assert run.state == "failed"
    tis = {ti.task_id: ti for ti in run.get_task_instances()}
    assert {t for t, ti in tis.items() if ti.state == "failed"} == first_tasks
    assert all(tis[t].try_number == 1 for t in first_tasks)             # no retry: the conf will not change
    assert all(ti.state == "upstream_failed" for t, ti in tis.items() if t not in first_tasks)
    alerts = [m.get_body(("plain",)).get_content() for _, m in smtp_inbox.messages]
    assert len(alerts) == len(first_tasks) and all(message in text for text in alerts), alerts
    assert not (newsmon_home / "warehouse").exists()                     # nothing ran that would create it


def test_known_params_still_run(airflow_db, newsmon_home, dagbag, monkeypatch):
    """Known params pass the check: the run gets as far as asking for the day's data (an empty home has none,
    so with no wait it records `no_data`: that is the digest's own answer, not a refused param)."""
    from warehouse.connection import reader

    monkeypatch.setenv("NEWSMON_DIGEST_WAIT_MINUTES", "0")
    run = dagbag.dags["newsmon_digest"].test(logical_date=LOGICAL_DATE,
                                             run_conf={"force_resend": True, "day": "2026-11-25"})
    assert {ti.task_id: ti.state for ti in run.get_task_instances()}["render_digest"] == "failed"
    con = reader()
    try:
        assert con.execute("SELECT digest_date::VARCHAR, status FROM digests").fetchall() == [("2026-11-25", "no_data")]
    finally:
        con.close()
