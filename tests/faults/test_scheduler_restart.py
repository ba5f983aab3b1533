"""The scheduler killed (its whole process group, task processes included) while an ingest run is in
progress, then started again: the run completes and nothing is stored twice. A real Airflow (API server,
scheduler, dag-processor, triggerer; LocalExecutor, SQLite) from scripts/local_airflow.py.

Detection of the dead task is made quick with Airflow's own settings (task heartbeat timeout, orphaned-task
check); the interrupted fetch task is retried and reuses nothing half-written (staging is written atomically).
"""
from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

from urllib.parse import quote

import duckdb
import psutil
import pytest

from scripts.local_airflow import Deployment, airflow_environment, prepare
from tests.faults.pipeline import Item, rss
from tests.support.http_server import LocalHttpServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]
LOGICAL_DATE = "2026-11-26T10:00:00+00:00"
QUICK_RECOVERY = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
    "AIRFLOW__SCHEDULER__ORPHANED_TASKS_CHECK_INTERVAL": "10",
    "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_THRESHOLD": "10",
    "NEWSMON_RETRY_DELAY_SECONDS": "2",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    return {c.laddr.ip for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port}


def test_scheduler_killed_mid_run_and_restarted_completes_without_duplicates(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("AIRFLOW")]:
        monkeypatch.delenv(name)
    home = tmp_path / "home"
    port = free_port()
    bodies = {name: rss([Item(f"{name} story {i}", guid=f"{name}-{i}", link=f"https://{name}.example/{i}")
                         for i in range(4)]) for name in ("fast-one", "fast-two", "slow")}
    with LocalHttpServer() as server:
        server.route("/fast-one.xml", body=bodies["fast-one"])
        server.route("/fast-two.xml", body=bodies["fast-two"])
        server.route("/slow.xml", body=bodies["slow"], delay=25, times=1)  # holds the first try in progress
        server.route("/slow.xml", body=bodies["slow"])
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text("feeds:\n" + "".join(f"  - name: {n}\n    url: {server.url(f'/{n}.xml')}\n" for n in bodies))
        env = airflow_environment(home, port=port, extra={"NEWSMON_FEEDS": str(feeds), **QUICK_RECOVERY})
        prepare(env)
        deployment = Deployment(env=env, log_dir=home / "logs")
        try:
            deployment.start_core()
            deployment.wait_healthy()
            assert listening_addresses(port) == {"127.0.0.1"}  # the API server/UI is not on the network
            deployment.wait_for_dag("newsmon_ingest")
            run_id = deployment.trigger("newsmon_ingest", logical_date=LOGICAL_DATE)

            deadline = time.monotonic() + 120
            while not server.requests_to("/slow.xml") and time.monotonic() < deadline:
                time.sleep(0.5)
            assert server.requests_to("/slow.xml"), "the slow feed's task never started"
            time.sleep(2)  # mid-request: the server is still holding its answer back
            scheduler = deployment.processes["scheduler"]
            os.killpg(scheduler.pid, signal.SIGKILL)
            scheduler.wait(timeout=10)
            time.sleep(3)
            deployment.start_scheduler()

            assert deployment.wait_for_run("newsmon_ingest", run_id, timeout=240) == "success"
            states = deployment.api("GET", f"/dags/newsmon_ingest/dagRuns/{quote(run_id)}/taskInstances")
        finally:
            deployment.stop()

    # The interrupted fetch really ran again (Airflow reset the orphaned task instance, or retried it).
    assert len(server.requests_to("/slow.xml")) >= 2
    assert {ti["state"] for ti in states["task_instances"] if ti["task_id"] in ("fetch_feed", "load_articles")} == {"success"}
    con = duckdb.connect(str(home / "warehouse" / "newsmon.read.duckdb"), read_only=True)
    try:
        counts = con.execute("SELECT feed, count(*), count(DISTINCT article_id) FROM articles GROUP BY feed "
                             "ORDER BY feed").fetchall()
        fetches = con.execute("SELECT feed, outcome FROM feed_fetches WHERE run_key = ? ORDER BY feed",
                              [LOGICAL_DATE]).fetchall()
    finally:
        con.close()
    assert counts == [("fast-one", 4, 4), ("fast-two", 4, 4), ("slow", 4, 4)]
    assert fetches == [("fast-one", "new"), ("fast-two", "new"), ("slow", "new")]
