"""The local deployment (`make run`'s, from scripts/local_airflow.py) on a real API server: the Newsmon page
needs the UI's login, nothing listens beyond loopback, and the admin password is private and in no log.

Regressions pinned: `/newsmon/` and `/newsmon/health.json` answered anyone who could reach the port while
`/api/v2/*` returned 401; the log servers of the scheduler and triggerer listened on 0.0.0.0:8793/8794;
`simple_auth_manager_passwords.json.generated` was mode 644 and the admin password was written to
`logs/api-server.log` (644).
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import stat
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from scripts.local_airflow import Deployment, airflow_environment, prepare

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def listening(deployment: Deployment) -> dict[int, set[str]]:
    """{port: addresses} of every TCP socket the deployment's processes (and their children) listen on."""
    found: dict[int, set[str]] = {}
    for proc in deployment.processes.values():
        try:
            family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for member in family:
            try:
                connections = member.net_connections(kind="tcp")
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            for conn in connections:
                if conn.status == psutil.CONN_LISTEN:
                    found.setdefault(conn.laddr.port, set()).add(conn.laddr.ip)
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_page_needs_the_login_nothing_listens_beyond_loopback_and_the_password_stays_private(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("AIRFLOW")]:
        monkeypatch.delenv(name)
    home = tmp_path / "home"
    env = airflow_environment(home, port=free_port())
    prepare(env)
    deployment = Deployment(env=env, log_dir=home / "logs")
    log_ports = {int(env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"]), int(env["AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT"])}
    try:
        deployment.start_core()
        deployment.wait_healthy()
        base = deployment.base_url
        token = deployment.token()

        # 3. the page and health.json: 401 anonymous, 200 with a Bearer token, 200 with the UI's cookie
        for path in ("/newsmon/", "/newsmon/health.json"):
            status, body = get(base + path)
            assert status == 401, (path, status, body[:200])
            assert "feed" not in body.lower()
            assert get(base + path, {"Authorization": "Bearer not-a-token"})[0] in (401, 403)  # Airflow: 403
            status, body = get(base + path, {"Authorization": f"Bearer {token}"})
            assert status == 200, (path, body[:300])
            status, cookie_body = get(base + path, {"Cookie": f"_token={token}"})
            assert status == 200, (path, cookie_body[:300])
        assert json.loads(body)["warehouse_exists"] is True
        assert get(base + "/api/v2/dags")[0] == 401                 # the same answer as Airflow's own API

        # 7. every listening socket of every component is on loopback, the log servers included
        deadline = time.monotonic() + 90
        while not log_ports <= set(listening(deployment)) and time.monotonic() < deadline:
            time.sleep(1)
        sockets = listening(deployment)
        assert log_ports <= set(sockets), (log_ports, sockets)
        assert all(ipaddress.ip_address(ip).is_loopback for ips in sockets.values() for ip in ips), sockets
        for port in log_ports:   # Airflow's log-server app: it answers, and only to a signed request
            assert get(f"http://127.0.0.1:{port}/log/some/task.log")[0] == 403
    finally:
        deployment.stop()

    airflow_home = Path(env["AIRFLOW_HOME"])
    password_file = airflow_home / "simple_auth_manager_passwords.json.generated"
    password = json.loads(password_file.read_text())["admin"]
    assert mode(password_file) == 0o600 and mode(airflow_home) == 0o700 and mode(deployment.log_dir) == 0o700
    logs = sorted(deployment.log_dir.glob("*.log")) + sorted((airflow_home / "logs").rglob("*.log"))
    assert {p.name for p in logs} >= {"api-server.log", "scheduler.log", "worker-log-server.log"}
    assert all(mode(p) == 0o600 for p in deployment.log_dir.glob("*.log"))
    leaking = [str(p) for p in home.rglob("*") if p.is_file() and p != password_file
               and password.encode() in p.read_bytes()]
    assert leaking == []
