"""Airflow's log server (what the UI reads a running task's log from) bound to a loopback address.

`airflow scheduler` and `airflow triggerer` start this server themselves, on every interface
(`airflow/utils/serve_logs/core.py` passes `host=""`, with no setting to change it): on a laptop running
`make run` that puts the task logs on ports 8793/8794 of the network. `scripts/local_airflow.py` starts
both components with `--skip-serve-logs` and runs Airflow's own log-server app here instead, on the same
port, bound to `loopback_host()`. The app still checks the signed token every request carries.

    python scripts/log_server.py PORT HOST      (the Airflow settings come from the environment)
"""
from __future__ import annotations

import ipaddress
import socket
import sys


def loopback_host() -> str:
    """The loopback address this host's name resolves to (the API server asks `http://<hostname>:port`;
    Debian maps the hostname to 127.0.1.1), else 127.0.0.1."""
    try:
        address = socket.gethostbyname(socket.getfqdn())
    except OSError:
        return "127.0.0.1"
    return address if ipaddress.ip_address(address).is_loopback else "127.0.0.1"


def main(port: int, host: str) -> None:
    import uvicorn

    uvicorn.run("airflow.utils.serve_logs.log_server:get_app", factory=True, host=host, port=port,
                log_config=None, access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
