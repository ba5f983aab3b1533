"""Sending a digest: through `warehouse.smtp_send`, the one SMTP helper (Airflow's provider and `smtp_default`)."""
from __future__ import annotations

import logging
from email.message import EmailMessage

from warehouse.smtp_send import SMTP_CONN_ID, send_prepared

log = logging.getLogger(__name__)


class DigestSendFailed(RuntimeError):
    """The SMTP server refused or could not be reached; recorded as `failed` before this is raised."""


def send_message(message: EmailMessage, recipients: list[str], conn_id: str = SMTP_CONN_ID) -> dict[str, str]:
    """Send the digest `message` to `recipients` (`warehouse.smtp_send`); returns the refused recipients."""
    refused = send_prepared(message, recipients, conn_id)
    log.info("digest %s sent to %s via %s (refused: %s)", message["Message-ID"], ", ".join(recipients),
             conn_id, refused or "none")
    return refused
