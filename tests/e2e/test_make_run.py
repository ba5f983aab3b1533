"""`make run`'s script against the offline sample feeds: the UI comes up on 127.0.0.1, the REST API lists
newsmon_ingest, the first run (the scheduler's own, no manual one beside it) loads the sample feeds, the
banner's warehouse command works pasted anywhere, a second `make run` on the same NEWSMON_HOME or port is
refused in one line naming the pid in the way, and Ctrl-C leaves no process behind."""
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


def run_local(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "scripts" / "run_local.py")], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def assert_second_instance_is_refused(env: dict[str, str], expected: str) -> str:
    """A second `make run` ends within seconds, exit 1, with one line, before doing anything."""
    second = run_local(env)
    try:
        output, _ = second.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        second.send_signal(signal.SIGINT)          # it started after all: let it stop what it started
        output, _ = second.communicate(timeout=90)
        pytest.fail(f"the second instance did not refuse to start:\n{output}")
    assert second.returncode == 1, output
    (line,) = output.strip().splitlines()
    assert line.startswith("newsmon: cannot start: ") and expected in line, line
    return line


def test_make_run_serves_ui_loads_sample_feeds_and_stops_everything(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    env = {**os.environ, "NEWSMON_HOME": str(home), "NEWSMON_API_PORT": str(port),
           "NEWSMON_FEEDS": str(REPO / "config" / "feeds.sample.yaml")}
    for name in list(env):
        if name.startswith("AIRFLOW"):
            env.pop(name)
    proc = run_local(env)
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
        run_id = re.search(r"First run:\s+newsmon_ingest (\S+) \(the scheduler's run for the current interval\)",
                           text).group(1)
        warehouse_command = re.search(r"Warehouse:\s+(NEWSMON_HOME=\S+ .+)$", text, re.M).group(1)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=10) as resp:
            health = json.load(resp)
        assert health["metadatabase"]["status"] == "healthy"
        assert health["scheduler"]["status"] == "healthy"

        deployment = Deployment(env=airflow_environment(home, port=port), log_dir=home / "logs")
        assert deployment.admin_password() == password
        dags = deployment.api("GET", "/dags")
        assert "newsmon_ingest" in {d["dag_id"] for d in dags["dags"]}
        assert deployment.wait_for_run("newsmon_ingest", run_id, timeout=240) == "success"
        # one run for the start-up interval: the scheduler's catch-up run, no manual run beside it
        runs = deployment.api("GET", "/dags/newsmon_ingest/dagRuns")["dag_runs"]
        assert run_id.startswith("scheduled__") and [r["run_type"] for r in runs] == ["scheduled"] * len(runs)

        # a second `make run`: same home (and port) -> the lock; another home, same port -> the port
        assert_second_instance_is_refused(env, f"another `make run` (pid {proc.pid}) is already running on "
                                               f"NEWSMON_HOME={home}")
        other_home = tmp_path / "other-home"
        line = assert_second_instance_is_refused({**env, "NEWSMON_HOME": str(other_home)},
                                                 f"port {port} (API server and UI) is already in use by pid ")
        holder = int(re.search(r"in use by pid (\d+)", line).group(1))
        assert proc.pid in {p.pid for p in psutil.Process(holder).parents()}   # the first instance's API server
        assert not (other_home / "airflow").exists()                    # refused before doing anything
        assert deployment.api("GET", "/dags/newsmon_ingest/dagRuns")["total_entries"] == len(runs)  # no extra run
        assert "Traceback" not in (home / "logs" / "sample-server.log").read_text()

        # the banner's command, pasted into a shell elsewhere without NEWSMON_HOME, reads this warehouse
        shell_env = {k: v for k, v in env.items() if k != "NEWSMON_HOME"}
        pasted = subprocess.run(warehouse_command, shell=True, env=shell_env, cwd=tmp_path, capture_output=True,
                                text=True, timeout=60)
        assert pasted.returncode == 0, pasted.stderr
        sample_feeds = len(re.findall(r"^\s*- name:", (REPO / "config" / "feeds.sample.yaml").read_text(), re.M))
        assert "sample-ai-venture-wire" in pasted.stdout and f"({sample_feeds} rows)" in pasted.stdout

        query = subprocess.run(
            [sys.executable, "-m", "warehouse", "sql", "--format", "json",
             "SELECT count(DISTINCT feed) AS feeds, count(*) AS articles FROM articles"],
            env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
        (counts,) = json.loads(query.stdout)
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
