"""`make run`: the whole pipeline and its UI on one machine, on embedded defaults.

SQLite metadata DB and the DuckDB warehouse under NEWSMON_HOME, LocalExecutor with low parallelism,
API server + UI on 127.0.0.1:8080 (NEWSMON_API_PORT to change it). Starts the sample-feed server too when
the feed list points at it (NEWSMON_FEEDS=config/feeds.sample.yaml), makes sure a first ingest run happens
(the scheduler's own run for the current interval; a manual one only when none comes), prints the UI
address and login, and on Ctrl-C stops every process it started.

One instance per NEWSMON_HOME: before doing anything it takes `$NEWSMON_HOME/make-run.lock` (an `flock`
held for its whole life, released by the kernel however it ends) and checks that the ports it needs are
free; otherwise it exits 1 with one line naming the pid in the way. A second instance used to print a
full success banner, trigger an extra run in the first one, write into the same log files and then die
with only a traceback in sample-server.log.
"""
from __future__ import annotations

import errno
import fcntl
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.local_airflow import ADMIN_USER, BIN, REPO, Deployment, airflow_environment, prepare  # noqa: E402

SAMPLE_PORT = 8765
FIRST_RUN_ORIGIN = {"scheduled": "the scheduler's run for the current interval",
                    "manual": "triggered: the scheduler started none for the current interval"}


def _needs_sample_server(env: dict[str, str]) -> bool:
    from extractors.feeds.feed_list import load_feed_list

    os.environ["NEWSMON_FEEDS"] = env.get("NEWSMON_FEEDS", "")
    try:
        feeds = load_feed_list(Path(env["NEWSMON_FEEDS"]) if env.get("NEWSMON_FEEDS") else None)
    except Exception as exc:  # the DAG reports a bad list clearly; here it only decides the sample server
        print(f"newsmon: feed list problem (the ingest run will fail with it): {exc}", file=sys.stderr)
        return False
    return any(urlsplit(f.url).hostname == "127.0.0.1" and urlsplit(f.url).port == SAMPLE_PORT for f in feeds)


class CannotStart(RuntimeError):
    """Another instance or process is in the way; the message is the one line to print."""


def hold_home_lock(home: Path) -> IO[str]:
    """Take `$NEWSMON_HOME/make-run.lock` for this process's lifetime (keep the returned file open), or raise
    `CannotStart` naming the pid that holds it."""
    home.mkdir(parents=True, exist_ok=True)
    handle = open(home / "make-run.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise CannotStart(f"another `make run` (pid {holder}) is already running on NEWSMON_HOME={home}; "
                          "stop it (Ctrl-C) first, or set another NEWSMON_HOME") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def port_holder(port: int) -> str | None:
    """None when 127.0.0.1:`port` can be listened on; else who listens there ('pid 123 (airflow)')."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as servers bind: TIME_WAIT is no conflict
        try:
            probe.bind(("127.0.0.1", port))
            return None
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    import psutil

    try:
        pids = sorted({c.pid for c in psutil.net_connections(kind="tcp")
                       if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid})
    except psutil.AccessDenied:
        pids = []
    if not pids:
        return "a process this user cannot see"
    names = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            command = " ".join(" ".join(process.cmdline()[:3]).split())[:80] or process.name()
            names.append(f"pid {pid} ({command})")
        except psutil.Error:
            names.append(f"pid {pid}")
    return ", ".join(names)


def check_ports(ports: dict[int, str]) -> None:
    """Raise `CannotStart` for the first port (with what it is for) that another process listens on."""
    for port, purpose in ports.items():
        holder = port_holder(port)
        if holder:
            raise CannotStart(f"port {port} ({purpose}) is already in use by {holder}; stop it, or choose "
                              f"another port{' with NEWSMON_API_PORT' if purpose == 'API server and UI' else ''}")


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
    try:
        lock = hold_home_lock(home)  # noqa: F841 - held open until this process ends
        wants_samples = _needs_sample_server(dict(os.environ))
        check_ports({port: "API server and UI", **({SAMPLE_PORT: "sample-feed server"} if wants_samples else {})})
    except CannotStart as refusal:
        print(f"newsmon: cannot start: {refusal}", file=sys.stderr)
        return 1
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
        if wants_samples:
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
        run_id, how = deployment.current_interval_run("newsmon_ingest")
        print(
            "\n"
            f"  Airflow UI:   {deployment.base_url}/\n"
            f"  Login:        {ADMIN_USER} / {deployment.admin_password()}\n"
            f"  First run:    newsmon_ingest {run_id} ({FIRST_RUN_ORIGIN[how]})\n"
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
