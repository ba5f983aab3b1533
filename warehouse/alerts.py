"""The failure-alert email: what failed, which try, where its log is, and the error, for a person on call.

Airflow-free: the failure callback (`plugins/newsmon_alerts.py`) turns the task context into a
`TaskFailure` and sends what `build_alert` returns through the `smtp_default` connection. Airflow calls
the callback only when a task has *finally* failed (after its last retry; `on_retry_callback` is the
per-try hook), so there is one email per failure, not one per try.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

MAX_ERROR_CHARS = 6000
DEFAULT_SENDER = "newsmon alerts <newsmon@localhost>"


@dataclass(frozen=True)
class TaskFailure:
    dag_id: str
    task_id: str
    run_id: str
    try_number: int
    max_tries: int
    log_url: str
    error: str
    map_index: int = -1
    logical_date: str | None = None

    @property
    def task_label(self) -> str:
        return self.task_id if self.map_index < 0 else f"{self.task_id}[{self.map_index}]"

    @property
    def tries_label(self) -> str:
        return f"try {self.try_number} of {self.max_tries + 1}"


def _short_error(error: str) -> str:
    error = error.strip() or "(no error message)"
    if len(error) > MAX_ERROR_CHARS:
        return error[:MAX_ERROR_CHARS] + f"\n... ({len(error) - MAX_ERROR_CHARS} more characters in the log)"
    return error


def alert_subject(failure: TaskFailure) -> str:
    first_line = _short_error(failure.error).splitlines()[0][:120]
    return f"[newsmon] {failure.dag_id}.{failure.task_label} failed ({failure.tries_label}): {first_line}"


def build_alert(failure: TaskFailure, recipients: list[str], sender: str = DEFAULT_SENDER) -> EmailMessage:
    """A plain-text + HTML email; every value from the run is escaped in the HTML part."""
    error = _short_error(failure.error)
    fields = [
        ("DAG", failure.dag_id),
        ("Task", failure.task_label),
        ("Run", failure.run_id),
        ("Logical date", failure.logical_date or "-"),
        ("Try", failure.tries_label),
        ("Log", failure.log_url),
    ]
    message = EmailMessage()
    message["Subject"] = alert_subject(failure)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="newsmon.local")
    text = "A newsmon task failed after its last retry.\n\n" + "".join(
        f"{name + ':':<14}{value}\n" for name, value in fields) + f"\nError:\n{error}\n"
    message.set_content(text)
    rows = "".join(f"<tr><th align='left'>{html.escape(name)}</th><td>{html.escape(str(value))}</td></tr>"
                   for name, value in fields if name != "Log")
    body = (
        "<p>A newsmon task failed after its last retry.</p>"
        f"<table>{rows}<tr><th align='left'>Log</th><td><a href=\"{html.escape(failure.log_url, quote=True)}\">"
        f"{html.escape(failure.log_url)}</a></td></tr></table>"
        f"<h3>Error</h3><pre>{html.escape(error)}</pre>"
    )
    message.add_alternative(f"<html><body>{body}</body></html>", subtype="html")
    return message
