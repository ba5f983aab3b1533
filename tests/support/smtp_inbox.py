"""A real SMTP server (aiosmtpd) on 127.0.0.1, wired as the Airflow connection `smtp_default`, that keeps
every message it accepts. Import the fixture into a test module: `from tests.support.smtp_inbox import
smtp_inbox`."""
from __future__ import annotations

import json
import socket
from email import message_from_bytes, policy

import pytest


class Inbox:
    """aiosmtpd handler keeping every message it accepts as (recipients, parsed message)."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(monkeypatch):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        conn = {"conn_type": "smtp", "host": "127.0.0.1", "port": port,
                "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "alerts@newsmon.test",
                          "timeout": 10, "retry_limit": 0}}
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps(conn))
        yield inbox
    finally:
        controller.stop()
