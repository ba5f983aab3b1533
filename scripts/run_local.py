"""`make run`: the whole pipeline and its UI on one machine, on embedded defaults.

SQLite metadata DB and the DuckDB warehouse under NEWSMON_HOME, LocalExecutor with low parallelism,
API server + UI on 127.0.0.1:8080 (NEWSMON_API_PORT to change it). Starts the sample-feed server too when
the feed list points at it (NEWSMON_FEEDS=config/feeds.sample.yaml), triggers a first ingest run, prints
the UI address and login, and on Ctrl-C stops every process it started.
"""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.local_airflow import ADMIN_USER, BIN, REPO, Deployment, airflow_environment, prepare  # noqa: E402

SAMPLE_PORT = 8765


def _needs_sample_server(env: dict[str, str]) -> bool:
    from extractors.feeds.feed_list import load_feed_list

    os.environ["NEWSMON_FEEDS"] = env.get("NEWSMON_FEEDS", "")
    try:
        feeds = load_feed_list(Path(env["NEWSMON_FEEDS"]) if env.get("NEWSMON_FEEDS") else None)
    except Exception as exc:  # the DAG reports a bad list clearly; here it only decides the sample server
        print(f"newsmon: feed list problem (the ingest run will fail with it): {exc}", file=sys.stderr)
        return False
    return any(urlsplit(f.url).hostname == "127.0.0.1" and urlsplit(f.url).port == SAMPLE_PORT for f in feeds)


def warehouse_sql_command(home: Path) -> str:
    """The exact command that queries this deployment's warehouse, from any folder: without NEWSMON_HOME
    a reader would look in the default home and fail."""
    return (f"NEWSMON_HOME={shlex.quote(str(home))} {shlex.quote(str(BIN / 'python'))} -m warehouse sql "
            "\"SELECT feed, count(*) FROM articles GROUP BY 1\"")


def main() -> int:
    home = Path(os.environ.get("NEWSMON_HOME") or REPO / ".newsmon").resolve()
    port = int(os.environ.get("NEWSMON_API_PORT", "8080"))
    if os.environ.get("NEWSMON_FEEDS"):
        os.environ["NEWSMON_FEEDS"] = str(Path(os.environ["NEWSMON_FEEDS"]).resolve())
    env = airflow_environment(home, port=port)
    print(f"newsmon: preparing Airflow and the warehouse under {home} ...", flush=True)
    prepare(env)

    deployment = Deployment(env=env, log_dir=home / "logs")
    stopping = threading.Event()

    def stop(*_):
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        if _needs_sample_server(env):
            deployment.log_dir.mkdir(parents=True, exist_ok=True)
            sample = subprocess.Popen(
                [str(BIN / "python"), "-m", "extractors", "serve-samples", "--port", str(SAMPLE_PORT)],
                env=env, cwd=REPO, start_new_session=True, stderr=subprocess.STDOUT,
                stdout=open(deployment.log_dir / "sample-server.log", "ab"))
            deployment.processes["sample-server"] = sample
            # The sample press-desk feed asks for full text from the same loopback server.
            env.setdefault("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
            print(f"newsmon: sample feeds served on http://127.0.0.1:{SAMPLE_PORT}/", flush=True)
        deployment.start_core()
        deployment.wait_healthy()
        deployment.wait_for_dag("newsmon_ingest")
        run_id = deployment.trigger("newsmon_ingest")
        print(
            "\n"
            f"  Airflow UI:   {deployment.base_url}/\n"
            f"  Login:        {ADMIN_USER} / {deployment.admin_password()}\n"
            f"  First run:    newsmon_ingest {run_id}\n"
            f"  Warehouse:    {warehouse_sql_command(home)}\n"
            f"  Logs:         {deployment.log_dir}\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        while not stopping.wait(2):
            crashed = deployment.crashed()
            if crashed:
                print(f"newsmon: {', '.join(crashed)} exited; see {deployment.log_dir}", file=sys.stderr)
                return 1
        return 0
    finally:
        print("newsmon: stopping every process ...", flush=True)
        deployment.stop()
        print("newsmon: stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
