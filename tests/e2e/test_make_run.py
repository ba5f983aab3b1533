"""`make run`'s script against the offline sample feeds: the UI comes up on 127.0.0.1, the REST API lists
newsmon_ingest, the first run loads the sample feeds, and Ctrl-C leaves no process behind."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from scripts.local_airflow import Deployment, airflow_environment

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes_of(home: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("NEWSMON_HOME") == str(home) and proc.pid != os.getpid():
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_make_run_serves_ui_loads_sample_feeds_and_stops_everything(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    env = {**os.environ, "NEWSMON_HOME": str(home), "NEWSMON_API_PORT": str(port),
           "NEWSMON_FEEDS": str(REPO / "config" / "feeds.sample.yaml")}
    for name in list(env):
        if name.startswith("AIRFLOW"):
            env.pop(name)
    proc = subprocess.Popen([sys.executable, str(REPO / "scripts" / "run_local.py")], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            output.append(line)
            if "Ctrl-C stops everything" in line:
                break
        text = "".join(output)
        assert "Ctrl-C stops everything" in text, text
        assert f"Airflow UI:   http://127.0.0.1:{port}/" in text
        password = re.search(r"Login:\s+admin / (\S+)", text).group(1)
        run_id = re.search(r"First run:\s+newsmon_ingest (\S+)", text).group(1)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=10) as resp:
            health = json.load(resp)
        assert health["metadatabase"]["status"] == "healthy"
        assert health["scheduler"]["status"] == "healthy"

        deployment = Deployment(env=airflow_environment(home, port=port), log_dir=home / "logs")
        assert deployment.admin_password() == password
        dags = deployment.api("GET", "/dags")
        assert "newsmon_ingest" in {d["dag_id"] for d in dags["dags"]}
        assert deployment.wait_for_run("newsmon_ingest", run_id, timeout=240) == "success"

        query = subprocess.run(
            [sys.executable, "-m", "warehouse", "sql", "--format", "json",
             "SELECT count(DISTINCT feed) AS feeds, count(*) AS articles FROM articles"],
            env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
        (counts,) = json.loads(query.stdout)
        sample_feeds = len(re.findall(r"^\s*- name:", (REPO / "config" / "feeds.sample.yaml").read_text(), re.M))
        assert counts["feeds"] == sample_feeds
        assert counts["articles"] >= 3 * sample_feeds
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode == 0
    deadline = time.monotonic() + 30
    while processes_of(home) and time.monotonic() < deadline:
        time.sleep(1)
    leftovers = processes_of(home)
    for p in leftovers:
        p.kill()
    assert leftovers == []
