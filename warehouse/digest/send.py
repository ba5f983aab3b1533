"""Sending through Airflow's SMTP provider and its `smtp_default` connection (so `AIRFLOW_CONN_SMTP_DEFAULT`,
a secrets backend or the UI configure it). Airflow is imported inside the function: the rest of
`warehouse` stays Airflow-free and testable without a scheduler.

The provider's `send_email_smtp` builds its own single-part message; the digest is already a complete
multipart message, so this opens the hook's authenticated client and hands it the message as it is.
Connection extras the provider reads: `from_email`, `disable_ssl`, `disable_tls`, `timeout`, `retry_limit`.
"""
from __future__ import annotations

import logging
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses

log = logging.getLogger(__name__)

SMTP_CONN_ID = "smtp_default"


class DigestSendFailed(RuntimeError):
    """The SMTP server refused or could not be reached; recorded as `failed` before this is raised."""


def send_message(message: EmailMessage, recipients: list[str], conn_id: str = SMTP_CONN_ID) -> dict[str, str]:
    """Send `message` to `recipients`; the connection's `from_email` (if set) becomes the From header.

    Returns the recipients the server refused (empty when all were accepted); a total refusal raises."""
    from airflow.providers.smtp.hooks.smtp import SmtpHook

    with SmtpHook(smtp_conn_id=conn_id) as hook:
        if hook.from_email:
            del message["From"]
            message["From"] = hook.from_email
        envelope_from = getaddresses([str(message["From"])])[0][1]
        client = hook._smtp_client      # the hook's connected, logged-in smtplib client
        refused = client.sendmail(envelope_from, recipients, message.as_bytes(policy=policy.SMTP))
    log.info("digest %s sent to %s via %s (refused: %s)", message["Message-ID"], ", ".join(recipients),
             conn_id, refused or "none")
    return {addr: f"{code} {text!r}" for addr, (code, text) in (refused or {}).items()}
