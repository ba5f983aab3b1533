"""SMTP down during the digest, then back: the failed run never counts as sent, the next run sends exactly
once; and the SMTP password (only in the `smtp_default` connection, i.e. AIRFLOW_CONN_SMTP_DEFAULT) shows up
in no log, no output, no staged file and no warehouse table. Real `dag.test()`, real SMTP server with AUTH."""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from tests.digest.conftest import (RUN_FOR_FIXTURE_DAY, SENDER, MailCollector, digest_dag,  # noqa: F401
                                   fixture_warehouse, free_port)
from tests.faults.test_entities_and_size_caps import every_text_value

PASSWORD = "s3cr3t-SMTP-pa55-Zq9x"
USER = "newsmon-mailer"


def connection_with_password(port: int) -> str:
    return json.dumps({"conn_type": "smtp", "host": "127.0.0.1", "port": port, "login": USER, "password": PASSWORD,
                       "extra": {"disable_ssl": True, "disable_tls": True, "from_email": SENDER, "timeout": 5,
                                 "retry_limit": 0}})


def digests() -> list[tuple]:
    from extractors import settings

    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        return con.execute("SELECT status, sent_at IS NOT NULL, send_attempts FROM digests").fetchall()
    finally:
        con.close()


@pytest.fixture
def smtp_with_auth_on(monkeypatch):
    """Returns start(port) -> (controller, collector, logins); every server started is stopped at the end."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    started = []

    def start(port: int):
        collector = MailCollector()
        logins: list[tuple[str, bool]] = []

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER
                  and auth_data.password.decode() == PASSWORD)
            logins.append((mechanism, ok))
            return AuthResult(success=ok)

        controller = Controller(collector, hostname="127.0.0.1", port=port, auth_required=True,
                                auth_require_tls=False, authenticator=authenticator)
        controller.start()
        started.append(controller)
        return controller, collector, logins

    yield start
    for controller in started:
        controller.stop()


def test_smtp_down_then_back_sends_once_and_the_password_is_never_logged(
        airflow_db, fixture_warehouse, digest_dag, smtp_with_auth_on, monkeypatch, capfd, caplog):
    port = free_port()
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", connection_with_password(port))
    monkeypatch.setenv("NEWSMON_DIGEST_TO", "reader@example.org")

    down = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)  # nobody listens on `port`
    send = next(ti for ti in down.get_task_instances() if ti.task_id == "send_digest")
    assert (send.state, send.try_number) == ("failed", 3)  # failed after its retries
    assert digests() == [("failed", False, 3)]  # recorded, never as sent

    _, mailbox, logins = smtp_with_auth_on(port)
    back = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)  # the next run (or a clear + rerun)
    assert {ti.task_id: ti.state for ti in back.get_task_instances()} == {"render_digest": "success",
                                                                         "send_digest": "success"}
    assert len(mailbox.received) == 1 and mailbox.received[0].rcpt_tos == ["reader@example.org"]
    assert logins and all(ok for _, ok in logins)  # it really authenticated with the connection's password
    assert digests()[0][:2] == ("sent", True)

    # (a further run sends nothing: tests/digest/test_digest_dag.py::test_rerun_sends_nothing_new...)

    output = capfd.readouterr()
    assert "digest" in output.out + output.err + caplog.text  # there is task output to search ...
    for text in (output.out, output.err, caplog.text):
        assert PASSWORD not in text  # ... and the password is not in it
    airflow_logs = Path(os.environ["AIRFLOW_HOME"])
    for path in [*airflow_logs.rglob("*.log"), *fixture_warehouse.rglob("*")]:
        if path.is_file() and path.suffix != ".duckdb":
            assert PASSWORD.encode() not in path.read_bytes(), path
    from extractors import settings

    assert PASSWORD not in every_text_value(settings.warehouse_path())
    assert PASSWORD.encode() not in settings.warehouse_path().read_bytes()
    assert PASSWORD.encode() not in mailbox.received[0].raw
