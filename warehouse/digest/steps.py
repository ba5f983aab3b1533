"""The `newsmon_digest` DAG's task bodies, Airflow-free (the DAG passes in the logical date, recipients and
params; the SMTP sender is injectable).

`render_step` reads the read copy and writes the rendered message to staging (XCom gets its path and a
few facts); the DAG calls it once `warehouse.digest.readiness` says the day's data is in. `send_step`
decides, records and sends:

1. the day is already `sent` and `force_resend` is off -> nothing is sent;
2. a quiet day with `NEWSMON_DIGEST_QUIET=skip` -> recorded `skipped_quiet`, nothing sent;
3. no recipients (neither the Variable `newsmon_digest_to` nor `NEWSMON_DIGEST_TO`) -> recorded `rendered`;
4. otherwise sent; an SMTP error is recorded `failed` (with the reason) and re-raised, so the task
   retries and the run ends failed — a failure is never recorded as sent.

Quiet days: by default a short "quiet day" digest is sent, so readers know the pipeline ran.
`NEWSMON_DIGEST_QUIET=skip` skips sending on such days instead.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from extractors import settings
from warehouse import staging
from warehouse.digest import store
from warehouse.digest.period import check_day_has_begun, digest_day

log = logging.getLogger(__name__)

Sender = Callable[[EmailMessage, list[str]], dict[str, str]]


def quiet_mode() -> str:
    """`send` (default: a short quiet-day digest) or `skip` (send nothing on a day without news)."""
    return settings.digest_quiet_mode()


def digest_dir(day: date, root: Path | None = None) -> Path:
    return staging.run_dir(root or settings.staging_root(), "digest", day.isoformat())


def render_step(logical_date: datetime | None, *, day: date | None = None, root: Path | None = None,
                now: datetime | None = None) -> dict[str, Any]:
    """Render the day the run covers (`day`, else the one its logical date covers) to
    `<staging>/digest/<day>/digest.eml`; return a small summary."""
    from warehouse.connection import ensure_warehouse
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import render_digest

    ensure_warehouse()                          # the digest DAG records what it sent: it is a writer
    day = check_day_has_begun(day or digest_day(logical_date), now)
    rendered = render_digest(gather_from_read_copy(day), now=now)
    target = digest_dir(day, root) / "digest.eml"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(".digest.eml.tmp")
    tmp.write_bytes(rendered.message.as_bytes(policy=policy.SMTP))
    tmp.replace(target)
    log.info("digest for %s rendered: %r, %d items -> %s", day, rendered.subject, rendered.content.item_count, target)
    return {"day": day.isoformat(), "path": str(target), "subject": rendered.subject,
            "message_id": rendered.message_id, "items": rendered.content.item_count,
            "quiet": rendered.content.quiet}


def read_message(path: str | Path) -> EmailMessage:
    with open(path, "rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def _default_sender(message: EmailMessage, recipients: list[str]) -> dict[str, str]:
    from warehouse.digest.send import send_message

    return send_message(message, recipients)


def send_step(rendered: dict[str, Any], recipients: list[str], *, force_resend: bool = False,
              sender: Sender | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Send (or not) the staged digest and record the outcome in `digests`; see the module docstring."""
    from warehouse.digest.send import DigestSendFailed

    day = date.fromisoformat(rendered["day"])
    message = read_message(rendered["path"])
    items = int(rendered["items"])
    now = now or datetime.now(timezone.utc)

    existing = store.current_record(day)
    if existing and existing.status == store.SENT and not force_resend:
        log.info("digest for %s was already sent at %s to %s; not sending again (set force_resend to resend)",
                 day, existing.sent_at, existing.recipients)
        return {"day": day.isoformat(), "status": "already_sent", "sent": False}
    if rendered["quiet"] and quiet_mode() == "skip":
        status = store.record(day, message, status=store.SKIPPED_QUIET, recipients=[], items=items, now=now)
        log.info("digest for %s: quiet day and NEWSMON_DIGEST_QUIET=skip; nothing sent", day)
        return {"day": day.isoformat(), "status": status, "sent": False}
    if not recipients:
        status = store.record(day, message, status=store.RENDERED, recipients=[], items=items, now=now)
        log.warning("digest for %s rendered but not sent: no recipients (Variable newsmon_digest_to or "
                    "NEWSMON_DIGEST_TO)", day)
        return {"day": day.isoformat(), "status": status, "sent": False}

    del message["To"], message["Date"]
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(now)
    try:
        refused = (sender or _default_sender)(message, recipients)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        store.record(day, message, status=store.FAILED, recipients=recipients, items=items, now=now,
                     attempted=True, error=reason)
        raise DigestSendFailed(f"digest for {day} not sent to {', '.join(recipients)}: {reason}") from exc
    note = f"refused by the server: {refused}" if refused else None
    store.record(day, message, status=store.SENT, recipients=recipients, items=items, now=now, sent=True,
                 attempted=True, error=note)
    return {"day": day.isoformat(), "status": store.SENT, "sent": True, "recipients": len(recipients),
            "refused": sorted(refused)}
