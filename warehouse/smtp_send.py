"""The one way newsmon sends mail: Airflow's SMTP provider and a connection (`smtp_default`), so
`AIRFLOW_CONN_SMTP_DEFAULT`, a secrets backend or the UI configure it. Airflow is imported inside the function:
the rest of `warehouse` stays Airflow-free and testable without a scheduler.

The provider's `send_email_smtp` builds its own single-part message, but digests and alerts are complete
multipart messages already, so this opens the hook (which connects, starts TLS and logs in as the connection
says) and hands its client the message as it is. The provider has no public accessor for that client; its
`_smtp_client` is used here and nowhere else. Connection extras the provider reads: `from_email`,
`disable_ssl`, `disable_tls`, `timeout`, `retry_limit`.
"""
from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import getaddresses

SMTP_CONN_ID = "smtp_default"


def send_prepared(message: EmailMessage, recipients: list[str], conn_id: str = SMTP_CONN_ID) -> dict[str, str]:
    """Send `message` to `recipients`; the connection's `from_email` (if set) becomes the From header.

    Returns the recipients the server refused (empty when all were accepted); a total refusal raises."""
    from airflow.providers.smtp.hooks.smtp import SmtpHook

    with SmtpHook(smtp_conn_id=conn_id) as hook:
        if hook.from_email:
            del message["From"]
            message["From"] = hook.from_email
        envelope_from = getaddresses([str(message["From"])])[0][1]
        refused = hook._smtp_client.sendmail(envelope_from, recipients, message.as_bytes(policy=policy.SMTP))
    return {addr: f"{code} {text!r}" for addr, (code, text) in (refused or {}).items()}
