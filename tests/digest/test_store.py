"""The digests table's rules, with a fake sender (the real SMTP path is in test_digest_dag.py)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.digest.fixture_day import DAY
from warehouse.digest import store
from warehouse.digest.send import DigestSendFailed
from warehouse.digest.steps import render_step, send_step

RUN = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)


class RecordingSender:
    def __init__(self, fail: Exception | None = None):
        self.sent: list[tuple[str, list[str]]] = []
        self.fail = fail

    def __call__(self, message, recipients):
        if self.fail:
            raise self.fail
        self.sent.append((str(message["Message-ID"]), recipients))
        return {}


def test_render_step_stages_the_message_and_returns_a_small_summary(fixture_warehouse):
    summary = render_step(RUN)
    assert summary["day"] == "2026-11-26" and summary["items"] == 11 and summary["quiet"] is False
    assert summary["path"].endswith("digest/2026-11-26/digest.eml")
    assert set(summary) == {"day", "path", "subject", "message_id", "items", "quiet"}


def test_a_run_without_recipients_does_not_downgrade_a_sent_day(fixture_warehouse):
    rendered = render_step(RUN)
    sender = RecordingSender()
    assert send_step(rendered, ["a@example.org"], sender=sender)["status"] == "sent"
    # forced, but nobody to send to: the record of the real send stays
    assert send_step(rendered, [], force_resend=True, sender=sender) == {"day": "2026-11-26", "status": "sent",
                                                                         "sent": False}
    record = store.current_record(DAY)
    assert record.status == "sent" and record.recipients == "a@example.org" and record.sent_at is not None
    assert len(sender.sent) == 1


def test_a_failed_forced_resend_records_failed_and_keeps_the_first_sent_at(fixture_warehouse):
    rendered = render_step(RUN)
    send_step(rendered, ["a@example.org"], sender=RecordingSender(), now=datetime(2026, 11, 27, 6, 1))
    with pytest.raises(DigestSendFailed, match="SMTPServerDisconnected: gone"):
        import smtplib
        send_step(rendered, ["a@example.org"], force_resend=True,
                  sender=RecordingSender(fail=smtplib.SMTPServerDisconnected("gone")))
    record = store.current_record(DAY)
    assert record.status == "failed" and record.send_attempts == 2
    assert record.sent_at == datetime(2026, 11, 27, 6, 1)
    assert "SMTPServerDisconnected" in record.error


def test_quiet_mode_must_be_send_or_skip(monkeypatch):
    from warehouse.digest.steps import quiet_mode

    monkeypatch.delenv("NEWSMON_DIGEST_QUIET", raising=False)
    assert quiet_mode() == "send"
    monkeypatch.setenv("NEWSMON_DIGEST_QUIET", "Skip")
    assert quiet_mode() == "skip"
    monkeypatch.setenv("NEWSMON_DIGEST_QUIET", "never")
    with pytest.raises(ValueError, match="NEWSMON_DIGEST_QUIET"):
        quiet_mode()
