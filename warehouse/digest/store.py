"""The `digests` table: one row per digest day, the memory that makes sending idempotent.

Statuses: `rendered` (built and stored, nobody to send to), `sent`, `failed` (the SMTP error is in
`error`; the task re-raises so Airflow retries and the run ends failed), `skipped_quiet` (a quiet day
with `NEWSMON_DIGEST_QUIET=skip`), `no_data` (no ingest covering the day finished in time: nothing was
rendered, `error` says why; never a quiet day). A `sent` row is never downgraded by a later run that sends
nothing.
All writes go through `writer()`; the status check before sending reads the written file under the
writer lock (not the read copy), so it cannot miss a send that another try just recorded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage

from warehouse.connection import writer
from warehouse.named_queries import query

SENT = "sent"
RENDERED = "rendered"
FAILED = "failed"
SKIPPED_QUIET = "skipped_quiet"
NO_DATA = "no_data"


@dataclass(frozen=True)
class DigestRecord:
    digest_date: date
    status: str
    recipients: str | None
    message_id: str | None
    subject: str | None
    sent_at: datetime | None
    send_attempts: int
    error: str | None


def current_record(day: date) -> DigestRecord | None:
    """The day's row as the writer sees it (under the writer lock, nothing published)."""
    with writer(publish=False) as con:
        row = con.execute(
            "SELECT digest_date, status, recipients, message_id, subject, sent_at, send_attempts, error "
            "FROM digests WHERE digest_date = ?", [day]).fetchone()
    return DigestRecord(*row) if row else None


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def record(day: date, message: EmailMessage, *, status: str, recipients: list[str], items: int,
           now: datetime, sent: bool = False, attempted: bool = False, error: str | None = None) -> str:
    """Upsert the day's row with the message as rendered (or as sent, with its To and Date); returns the
    status the row now has (`sent` when an earlier send is kept)."""
    with writer() as con:
        if status != SENT:
            existing = con.execute("SELECT status FROM digests WHERE digest_date = ?", [day]).fetchone()
            if existing and existing[0] == SENT and not attempted:
                return SENT     # a run that sends nothing leaves the record of an earlier send alone
        con.execute(query("digest_upsert"), {
            "day": day, "status": status, "recipients": ", ".join(recipients) or None,
            "message_id": str(message["Message-ID"]), "subject": str(message["Subject"]), "items": items,
            "rendered_at": _utc_naive(now), "sent_at": _utc_naive(now) if sent else None,
            "attempts": 1 if attempted else 0, "error": error, "message": message.as_string(),
        })
    return status


def record_no_data(day: date, reason: str, *, now: datetime) -> str:
    """The day's row says its data never came (no message); a day already `sent` keeps its row."""
    with writer() as con:
        existing = con.execute("SELECT status FROM digests WHERE digest_date = ?", [day]).fetchone()
        if existing and existing[0] == SENT:
            return SENT
        con.execute(query("digest_upsert"), {
            "day": day, "status": NO_DATA, "recipients": None, "message_id": None, "subject": None, "items": 0,
            "rendered_at": _utc_naive(now), "sent_at": None, "attempts": 0, "error": reason, "message": None,
        })
    return NO_DATA
