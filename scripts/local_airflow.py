"""Start and stop a real Airflow (API server, scheduler, dag-processor, triggerer, optional Celery workers)
on this machine, with newsmon's settings. Used by `make run` and by the end-to-end tests.

Every component runs in its own session (process group) and is stopped by signalling the whole group:
killing only the parent PID leaves Airflow's supervisor and task children running.

Private by default: the API server and the log servers listen on loopback only (`scripts/log_server.py`
replaces the servers the scheduler and triggerer would open on every interface), the Airflow home and the
log folder are mode 700 and their files 600, and the admin password is generated here into Airflow's
password file (mode 600) so Airflow never prints it into `api-server.log`; `make run` shows it once, on
the terminal.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_USER = "admin"


def _persistent_secret(path: Path) -> str:
    """One secret per NEWSMON_HOME: every component must sign and verify tokens with the same key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _private_file(path: Path, text: str) -> None:
    """Create `path` readable by its owner only (never world-readable, not even for an instant)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def password_file(airflow_home: Path) -> Path:
    """Airflow's simple-auth-manager password file with the admin's password, mode 600.

    Airflow writes this file itself (mode 644) and prints a generated password to its log when the user
    is missing from it; generated here, the user is present and nothing is printed. An existing file is
    kept (the password stays) and made private."""
    path = airflow_home / "simple_auth_manager_passwords.json.generated"
    if not path.exists():
        _private_file(path, json.dumps({ADMIN_USER: secrets.token_urlsafe(12)}) + "\n")
    path.chmod(0o600)
    return path


def _free_port() -> int:
    """A port nothing listens on now. The log servers only talk to this deployment's API server, which
    reads the port from the same environment, so a fixed 8793/8794 buys nothing and collides with any
    other Airflow on the machine (a port that is free when the environment is built can be taken by the
    time the server starts, `prepare` takes tens of seconds; an ephemeral one practically never)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def airflow_environment(home: Path, *, port: int = 8080, executor: str = "LocalExecutor",
                        metadata_url: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for every Airflow process of one local deployment rooted at `home` (NEWSMON_HOME)."""
    airflow_home = home / "airflow"
    airflow_home.mkdir(parents=True, exist_ok=True)
    airflow_home.chmod(0o700)   # metadata DB, logs, secrets: the user's only
    password_file(airflow_home)
    env = dict(os.environ)
    log_ports = {name: env.get(name) or str(_free_port()) for name in (
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT", "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT")}
    env.update({
        "NEWSMON_HOME": str(home),
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": executor,
        "AIRFLOW__CORE__PARALLELISM": env.get("AIRFLOW__CORE__PARALLELISM", "4"),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{ADMIN_USER}:admin",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_url or f"sqlite:///{airflow_home / 'airflow.db'}",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__WORKERS": "1",
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": _persistent_secret(airflow_home / ".jwt_secret"),
        "AIRFLOW__API__SECRET_KEY": _persistent_secret(airflow_home / ".api_secret"),
        "AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR": "True",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
        "AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL": "10",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(airflow_home / "logs"),
        **log_ports,
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    })
    env.update(extra or {})
    return env


def celery_environment(home: Path, *, port: int = 8080, metadata_url: str, broker_url: str, result_backend: str,
                       extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a CeleryExecutor deployment: PostgreSQL metadata, a Redis broker, results in the
    database. Workers are started with `Deployment.start_celery_worker`, one per queue set."""
    celery = {
        "AIRFLOW__CELERY__BROKER_URL": broker_url,
        "AIRFLOW__CELERY__RESULT_BACKEND": result_backend,
        "AIRFLOW__OPERATORS__DEFAULT_QUEUE": "default",
        # a worker takes one task per free slot: fetches spread over workers instead of piling on the first
        "AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER": "1",
        "AIRFLOW__CELERY__WORKER_ENABLE_REMOTE_CONTROL": "False",
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT": "21600",
        "AIRFLOW__CORE__PARALLELISM": os.environ.get("AIRFLOW__CORE__PARALLELISM", "16"),
    }
    celery.update(extra or {})
    return airflow_environment(home, port=port, executor="CeleryExecutor", metadata_url=metadata_url, extra=celery)


def worker_hostname() -> str:
    """`[core] hostname_callable` for several Celery workers on one machine: the worker's name (set by
    `start_celery_worker`) plus the host, so task instances show which worker ran them. On separate hosts or
    containers the default (the FQDN) already tells them apart."""
    name = os.environ.get("NEWSMON_WORKER_NAME")
    return f"{name}@{socket.getfqdn()}" if name else socket.getfqdn()


def airflow(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True, check=check)


def prepare(env: dict[str, str]) -> None:
    """Metadata DB migrated, warehouse migrated, the one-slot warehouse pool present."""
    airflow(env, "db", "migrate")
    subprocess.run([str(BIN / "python"), "-m", "warehouse", "migrate"], env=env, check=True,
                   capture_output=True, cwd=REPO)
    airflow(env, "pools", "set", "newsmon_warehouse", "1", "DuckDB has one writer: every warehouse write runs here")


@dataclass
class Deployment:
    env: dict[str, str]
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _token: str | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return self.env["AIRFLOW__API__BASE_URL"]

    def start(self, name: str, *args: str, env: dict[str, str] | None = None,
              command: list[str] | None = None) -> subprocess.Popen:
        """`airflow <args>` (or `command`) in its own session, output appended to `<log dir>/<name>.log` (600)."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.chmod(0o700)
        log_path = self.log_dir / f"{name}.log"
        log = os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        log_path.chmod(0o600)   # also an older log from before this rule
        proc = subprocess.Popen(command or [str(BIN / "airflow"), *args], env=env or self.env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,
                                start_new_session=True)
        log.close()   # the child holds its own copy
        self.processes[name] = proc
        return proc

    def start_core(self) -> None:
        self.start("api-server", "api-server")
        self.start_scheduler()
        self.start("dag-processor", "dag-processor")
        self.start("triggerer", "triggerer", "--skip-serve-logs")
        self.start_log_servers()

    def start_scheduler(self) -> subprocess.Popen:
        """The scheduler without its own log server (it would listen on every interface)."""
        return self.start("scheduler", "scheduler", "--skip-serve-logs")

    def start_log_servers(self) -> None:
        """Airflow's log servers for task and trigger logs, on the configured ports, loopback only."""
        from scripts.log_server import loopback_host

        for name, setting in (("worker-log-server", "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"),
                              ("trigger-log-server", "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT")):
            self.start(name, command=[str(BIN / "python"), str(REPO / "scripts" / "log_server.py"),
                                      self.env[setting], loopback_host()])

    def start_celery_worker(self, name: str, *, queues: str = "default", concurrency: int = 2) -> subprocess.Popen:
        """`airflow celery worker` consuming `queues`, in its own process group, with its own pid file and
        no log server (workers on one machine share the log folder; a second log server would collide
        on port 8793). The warehouse worker is `queues="warehouse", concurrency=1`."""
        env = {**self.env, "NEWSMON_WORKER_NAME": name,
               "AIRFLOW__CORE__HOSTNAME_CALLABLE": "scripts.local_airflow.worker_hostname",
               "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), self.env.get("PYTHONPATH", "")) if p)}
        pid_file = Path(self.env["AIRFLOW_HOME"]) / f"celery-{name}.pid"
        pid_file.unlink(missing_ok=True)
        return self.start(name, "celery", "worker", "--queues", queues, "--concurrency", str(concurrency),
                          "--celery-hostname", f"{name}@%h", "--pid", str(pid_file), "--skip-serve-logs",
                          "--without-mingle", "--without-gossip", env=env)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        path = f"/dags/{dag_id}/dagRuns/{urllib.request.quote(run_id, safe='')}/taskInstances?limit=1000"
        return self.api("GET", path)["task_instances"]

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM every process group, then SIGKILL what is left after `timeout`."""
        for proc in self.processes.values():
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def crashed(self) -> list[str]:
        return [name for name, proc in self.processes.items() if proc.poll() is not None]

    # -- REST API -------------------------------------------------------------------------------
    def wait_healthy(self, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.crashed():
                raise RuntimeError(f"Airflow component(s) exited: {self.crashed()}; logs in {self.log_dir}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/api/v2/monitor/health", timeout=5) as resp:
                    return json.load(resp)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last = exc
                time.sleep(1)
        raise TimeoutError(f"API server not healthy after {timeout}s: {last}")

    def admin_password(self) -> str:
        return json.loads(password_file(Path(self.env["AIRFLOW_HOME"])).read_text())[ADMIN_USER]

    def token(self, *, fresh: bool = False) -> str:
        """A bearer token for the REST API, fetched once and reused (a busy API server answers slowly)."""
        if fresh or not self._token:
            body = json.dumps({"username": ADMIN_USER, "password": self.admin_password()}).encode()
            request = urllib.request.Request(f"{self.base_url}/auth/token", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as resp:
                self._token = json.load(resp)["access_token"]
        return self._token

    def api(self, method: str, path: str, payload: dict | None = None, *, transient_timeout: float = 90) -> dict:
        """Call /api/v2 and return the JSON body.

        A 5xx or a dropped connection is retried until `transient_timeout`: on SQLite the API server answers
        500 while the dag-processor or scheduler holds the write lock, which is a wait, not a failure. Every
        caller's request is idempotent (PATCH, GET, and POST dagRuns with a caller-chosen run id), so a retry
        after a request that did land does no harm. A 401 fetches a fresh token once.
        """
        data = json.dumps(payload).encode() if payload is not None else None
        deadline = time.monotonic() + transient_timeout
        fresh_token = False
        while True:
            request = urllib.request.Request(f"{self.base_url}/api/v2{path}", data=data, method=method, headers={
                "Authorization": f"Bearer {self.token(fresh=fresh_token)}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as resp:
                    return json.load(resp)
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and not fresh_token:
                    fresh_token = True
                    continue
                if exc.code < 500 or time.monotonic() > deadline:
                    body = exc.read().decode("utf-8", "replace")[:500]
                    raise urllib.error.HTTPError(exc.url, exc.code, f"{exc.msg}: {method} {path}: {body}",
                                                 exc.headers, None) from exc
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
            time.sleep(2)

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.api("GET", f"/dags/{dag_id}")
            except urllib.error.HTTPError as exc:
                if exc.code != 404:
                    raise
            time.sleep(2)
        raise TimeoutError(f"DAG {dag_id} did not appear within {timeout}s (see {self.log_dir}/dag-processor.log)")

    def trigger(self, dag_id: str, conf: dict | None = None, logical_date: str | None = None) -> str:
        """Unpause `dag_id` and start one run; returns its run id.

        The run id is chosen here so that a POST retried after a transient error cannot start a second run:
        the retry answers 409 and the run that exists is the one returned.
        """
        self.api("PATCH", f"/dags/{dag_id}", {"is_paused": False})
        run_id = f"manual__newsmon__{time.strftime('%Y%m%dT%H%M%S')}_{secrets.token_hex(3)}"
        try:
            self.api("POST", f"/dags/{dag_id}/dagRuns",
                     {"dag_run_id": run_id, "logical_date": logical_date, "conf": conf or {}})
        except urllib.error.HTTPError as exc:
            if exc.code != 409:
                raise
            self.api("GET", f"/dags/{dag_id}/dagRuns/{urllib.request.quote(run_id)}")
        return run_id

    def current_interval_run(self, dag_id: str, timeout: float = 90) -> tuple[str, str]:
        """Unpause `dag_id` and return the run that covers its current interval, with how it came about:
        `(run_id, "scheduled")` when the scheduler has started its own catch-up run for the latest
        interval (an unpaused cron DAG with catchup=False gets one at once), `(run_id, "manual")` when no
        such run appeared within `timeout` and one was triggered here. Triggering beside the scheduler's
        run gave two runs of the same interval at start-up, the second idle behind max_active_runs=1.

        The scheduler's run is there once the DAG's next run lies in the future: until then the latest
        scheduled run may be an older interval's."""
        self.api("PATCH", f"/dags/{dag_id}", {"is_paused": False})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            next_after = self.api("GET", f"/dags/{dag_id}").get("next_dagrun_run_after")
            runs = self.api("GET", f"/dags/{dag_id}/dagRuns?run_type=scheduled&order_by=-run_after&limit=1")
            due_later = next_after and datetime.fromisoformat(next_after) > datetime.now(timezone.utc)
            if runs["dag_runs"] and due_later:
                return runs["dag_runs"][0]["dag_run_id"], "scheduled"
            time.sleep(2)
        return self.trigger(dag_id), "manual"

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = self.api("GET", f"/dags/{dag_id}/dagRuns/{urllib.request.quote(run_id)}")["state"]
            if state in ("success", "failed"):
                return state
            if self.crashed():
                raise RuntimeError(f"Airflow component(s) exited: {self.crashed()}; logs in {self.log_dir}")
            time.sleep(2)
        raise TimeoutError(f"{dag_id} run {run_id} still {state} after {timeout}s")


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
