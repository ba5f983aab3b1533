"""newsmon_ingest on Airflow's CeleryExecutor: PostgreSQL metadata, Redis broker, two default-queue workers
and the warehouse worker, all real processes on this machine.

Triggers the DAG through the REST API against the sample feeds (served on a free port), waits for success,
checks the warehouse rows, and shows from the task instances' `hostname` that fetch tasks ran on both
default workers while every warehouse write ran on the warehouse worker. Cleans up every process (checked),
the database and the Redis db. Skips without PostgreSQL/Redis unless NEWSMON_REQUIRE_DISTRIBUTED=1.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest

from scripts.local_airflow import Deployment, celery_environment, prepare
from tests.e2e.distributed_services import database_exists, redis_keys, require_services, throwaway_services
from tests.support.http_server import LocalHttpServer

pytestmark = [pytest.mark.e2e, pytest.mark.distributed, pytest.mark.timeout(420)]

REPO = Path(__file__).resolve().parents[2]
SAMPLE_FEEDS = REPO / "config" / "sample_feeds"
WAREHOUSE_TASKS = {"load_articles", "check_feed_health", "quality_gate"}
SAMPLE_FEED_COUNT = sum(1 for line in (REPO / "config" / "feeds.sample.yaml").read_text().splitlines()
                        if line.lstrip().startswith("- name:"))


def sample_feed_list(path: Path, srv: LocalHttpServer) -> Path:
    """config/feeds.sample.yaml, pointed at this test's server."""
    text = (REPO / "config" / "feeds.sample.yaml").read_text().replace("http://127.0.0.1:8765", srv.base_url)
    path.write_text(text)
    return path


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ingest_runs_distributed_over_celery_workers(tmp_path):
    require_services()
    started = time.monotonic()
    home = tmp_path / "home"
    with LocalHttpServer(root=SAMPLE_FEEDS) as feeds, throwaway_services() as services:
        env = celery_environment(
            home, port=free_port(), metadata_url=services.metadata_url, broker_url=services.broker_url,
            result_backend=services.result_backend,
            extra={
                "NEWSMON_FEEDS": str(sample_feed_list(tmp_path / "feeds.yaml", feeds)),
                "NEWSMON_FETCH_ALLOW": "127.0.0.1/32",
                "NEWSMON_STAGING": str(tmp_path / "shared-staging"),
                "NEWSMON_RETRY_DELAY_SECONDS": "2",
                # only newsmon_ingest is unpaused (by trigger): the asset-triggered extract stays out of it
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
            })
        prepare(env)
        deployment = Deployment(env=env, log_dir=home / "logs")
        try:
            deployment.start_core()
            deployment.start_celery_worker("worker1", queues="default", concurrency=2)
            deployment.start_celery_worker("worker2", queues="default", concurrency=2)
            deployment.start_celery_worker("warehouse", queues="warehouse", concurrency=1)
            deployment.wait_healthy()
            healthy = time.monotonic()
            deployment.wait_for_dag("newsmon_ingest")
            ready = time.monotonic()
            run_id = deployment.trigger("newsmon_ingest")
            state = deployment.wait_for_run("newsmon_ingest", run_id, timeout=240)
            tis = deployment.task_instances("newsmon_ingest", run_id)
            finished = time.monotonic()
            assert state == "success", {(t["task_id"], t["map_index"]): t["state"] for t in tis}
        finally:
            deployment.stop()
        groups = [proc.pid for proc in deployment.processes.values()]
        database = services.database
        redis_db = services.redis_db

    # every process group we started is gone
    for pgid in groups:
        with pytest.raises(ProcessLookupError):
            os.killpg(pgid, 0)
    assert not database_exists(database)
    assert redis_keys(redis_db) == 0

    # the work was spread: fetches on both default workers, every warehouse write on the warehouse worker
    hosts = {(t["task_id"], t["map_index"]): t["hostname"] for t in tis}
    fetch_hosts = {h.split("@")[0] for (task, _), h in hosts.items() if task == "fetch_feed"}
    warehouse_hosts = {h.split("@")[0] for (task, _), h in hosts.items() if task in WAREHOUSE_TASKS}
    queues = {t["task_id"]: t["queue"] for t in tis}
    print(f"\ncelery e2e: API healthy after {healthy - started:.0f}s, DAG parsed after {ready - started:.0f}s, run took {finished - ready:.0f}s; "
          f"fetch_feed hosts: {sorted(h for (t, _), h in hosts.items() if t == 'fetch_feed')}")
    assert sum(1 for (task, _) in hosts if task == "fetch_feed") == SAMPLE_FEED_COUNT
    assert fetch_hosts == {"worker1", "worker2"}
    assert warehouse_hosts == {"warehouse"}
    assert {queues[t] for t in WAREHOUSE_TASKS} == {"warehouse"} and queues["fetch_feed"] == "default"

    # and the warehouse holds what the sample feeds said
    con = duckdb.connect(str(home / "warehouse" / "newsmon.duckdb"), read_only=True)
    try:
        per_feed = dict(con.execute("SELECT feed, count(*) FROM articles GROUP BY feed").fetchall())
        # unpausing also starts the latest scheduled run (catchup=False): its fetches come back 304
        outcomes = dict(con.execute("SELECT feed, list(DISTINCT outcome ORDER BY outcome) FROM feed_fetches "
                                    "GROUP BY feed").fetchall())
        health = con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'ok') FROM feed_health").fetchone()
        gate = con.execute("SELECT stage, passed FROM quality_runs").fetchall()
    finally:
        con.close()
    assert len(per_feed) == SAMPLE_FEED_COUNT and all(n > 0 for n in per_feed.values()), per_feed
    assert set(outcomes) == set(per_feed)
    assert all(o[0] == "new" and set(o) <= {"new", "not_modified"} for o in outcomes.values()), outcomes
    assert health == (SAMPLE_FEED_COUNT, SAMPLE_FEED_COUNT)
    assert gate and all(stage == "ingest" and passed for stage, passed in gate), gate
