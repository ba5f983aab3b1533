"""Digest test set-up: the fixture warehouse (see `fixture_day.py`), a real SMTP server on 127.0.0.1
(aiosmtpd) and the `smtp_default` connection pointing at it through `AIRFLOW_CONN_SMTP_DEFAULT`."""
from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.digest.fixture_day import build_fixture_warehouse

REPO = Path(__file__).resolve().parents[2]
#: 07:00 Europe/Berlin on 27 Nov: the scheduled run that covers 26 Nov.
RUN_FOR_FIXTURE_DAY = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)
RUN_FOR_QUIET_DAY = datetime(2026, 11, 21, 6, 0, tzinfo=timezone.utc)
SENDER = "newsmon@example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    def parsed(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.raw)


@dataclass
class MailCollector:
    """aiosmtpd handler keeping every message it accepts."""
    received: list[ReceivedMail] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    collector = MailCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, collector
    finally:
        controller.stop()


def smtp_connection_json(port: int) -> str:
    """What the provider's SmtpHook reads: host/port, and extras disable_ssl/disable_tls/from_email/..."""
    return json.dumps({"conn_type": "smtp", "host": "127.0.0.1", "port": port,
                       "extra": {"disable_ssl": True, "disable_tls": True, "from_email": SENDER,
                                 "timeout": 5, "retry_limit": 0}})


@pytest.fixture
def smtp_mailbox(smtp_server, monkeypatch) -> MailCollector:
    """A running local SMTP server, wired as `smtp_default`; returns what it receives."""
    controller, collector = smtp_server
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", smtp_connection_json(controller.port))
    return collector


@pytest.fixture
def fixture_warehouse(newsmon_home, monkeypatch) -> Path:
    monkeypatch.setenv("NEWSMON_TZ", "Europe/Berlin")
    monkeypatch.delenv("NEWSMON_DIGEST_QUIET", raising=False)
    build_fixture_warehouse()
    return newsmon_home


@pytest.fixture
def digest_dag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(REPO / "dags" / "newsmon_digest.py"))
    assert bag.import_errors == {}
    return bag.dags["newsmon_digest"]
