"""The digest triggered over the REST API of a running Airflow of `make run`'s kind (scripts/local_airflow:
API server on 127.0.0.1, scheduler, dag-processor, triggerer, LocalExecutor on SQLite), on the sample feeds.

1. Triggered before any ingest, without a logical date: the run waits for its data (its render task is
   rescheduled; nothing is recorded, certainly no quiet day) instead of failing with KeyError 'logical_date'.
2. After an ingest (and the extraction it triggers through the Asset) the waiting run renders the day before
   the one it started on, in NEWSMON_TZ.
3. Triggered with the `day` param, it renders that day: 19 Nov says DeepL went from $2B to $5B.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import Parser
from pathlib import Path

import pytest

from scripts.local_airflow import Deployment, airflow_environment, prepare
from tests.digest.conftest import free_port
from tests.support.sample_warehouse import feed_list

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def sql(env: dict, query: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "warehouse", "sql", "--format", "json", query], env=env,
                         capture_output=True, text=True, timeout=60, cwd=REPO)
    assert out.returncode == 0, out.stderr
    text = out.stdout.strip()
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def task_state(deployment: Deployment, dag_id: str, run_id: str, task_id: str) -> str | None:
    return next((ti["state"] for ti in deployment.task_instances(dag_id, run_id) if ti["task_id"] == task_id), None)


def digest_runs(deployment: Deployment) -> list[dict]:
    return deployment.api("GET", "/dags/newsmon_digest/dagRuns?limit=100")["dag_runs"]


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(2)
    raise TimeoutError(f"{what} not within {timeout}s")


def test_digest_over_the_rest_api_waits_for_data_and_takes_a_day(tmp_path):
    from extractors.feeds.sample_server import start_sample_server
    from warehouse.local_time import local_day

    server, base = start_sample_server(port=0)
    home = tmp_path / "home"
    env = airflow_environment(home, port=free_port(), extra={
        "NEWSMON_FEEDS": str(feed_list(base, tmp_path / "feeds.yaml")), "NEWSMON_FETCH_ALLOW": "127.0.0.1/32",
        "NEWSMON_TZ": "Europe/Berlin", "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True"})
    for name in ("NEWSMON_DIGEST_TO", "NEWSMON_WAREHOUSE", "NEWSMON_STAGING"):
        env.pop(name, None)
    prepare(env)
    deployment = Deployment(env=env, log_dir=home / "logs")
    try:
        deployment.start_core()
        deployment.wait_healthy()
        for dag_id in ("newsmon_ingest", "newsmon_extract", "newsmon_digest"):
            deployment.wait_for_dag(dag_id)

        # 1. before any ingest, over the REST API without a logical date: it waits
        started = datetime.now(timezone.utc)
        waiting = deployment.trigger("newsmon_digest")                     # "logical_date": null
        run = deployment.api("GET", f"/dags/newsmon_digest/dagRuns/{waiting}")
        assert run["logical_date"] is None
        # (unpausing the DAG also makes the scheduler start its run for the current interval, which covers the
        # same day; with max_active_runs=1 one of the two waits, the other is queued behind it)
        wait_until(lambda: any(task_state(deployment, "newsmon_digest", r["dag_run_id"], "render_digest")
                               == "up_for_reschedule" for r in digest_runs(deployment)), 240,
                   "a render_digest waiting for data")
        time.sleep(5)
        assert {r["dag_run_id"]: r["state"] for r in digest_runs(deployment)}[waiting] in ("running", "queued")
        assert not (home / "warehouse").exists() or sql(env, "SELECT count(*) AS n FROM digests")[0]["n"] == 0

        # 2. the data comes: ingest (the scheduler may start one of its own too), then the extraction its Asset
        # triggers; the waiting run renders yesterday
        deployment.api("PATCH", "/dags/newsmon_extract", {"is_paused": False})
        ingest = deployment.trigger("newsmon_ingest")
        assert deployment.wait_for_run("newsmon_ingest", ingest, timeout=300) == "success"
        assert deployment.wait_for_run("newsmon_digest", waiting, timeout=600) == "success"
        extracted = min(datetime.fromisoformat(ti["end_date"])                # the first load of extracted facts
                        for r in deployment.api("GET", "/dags/newsmon_extract/dagRuns?limit=100")["dag_runs"]
                        for ti in deployment.task_instances("newsmon_extract", r["dag_run_id"])
                        if ti["task_id"] == "load_facts" and ti["state"] == "success")
        yesterday = (local_day(started) - timedelta(days=1)).isoformat()
        [row] = sql(env, f"SELECT CAST(digest_date AS VARCHAR) AS day, status, rendered_at FROM digests "
                         f"WHERE digest_date = DATE '{yesterday}'")
        assert row["status"] == "rendered"                                 # no recipients: rendered, stored
        rendered_at = datetime.fromisoformat(str(row["rendered_at"])).replace(tzinfo=timezone.utc)
        # after the data was in: load_facts publishes the extracted facts a moment before its task ends
        assert rendered_at > extracted - timedelta(seconds=5)

        # 3. with the day param
        chosen = deployment.trigger("newsmon_digest", conf={"day": "2026-11-19"})
        assert deployment.wait_for_run("newsmon_digest", chosen, timeout=300) == "success"
        [stored] = sql(env, "SELECT status, message FROM digests WHERE digest_date = DATE '2026-11-19'")
        assert stored["status"] == "rendered"
        text = Parser(policy=policy.default).parsestr(stored["message"]).get_body(("plain",)).get_content()
        assert "DeepL: $2B → $5B" in text and "+150% since 13 Nov 2026" in text
    finally:
        deployment.stop()
        server.shutdown()
        server.server_close()
