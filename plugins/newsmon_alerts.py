"""The failure callback every newsmon task gets through `DEFAULT_ARGS["on_failure_callback"]`.

Emails `NEWSMON_ALERT_TO` through the `smtp_default` connection. Airflow runs `on_failure_callback` only
when a task ends FAILED (retries exhausted); a try that will be retried runs `on_retry_callback` instead,
so each failure sends one email. Without recipients or without an SMTP connection the alert is logged and
skipped: an alert must never be the reason a run breaks further (Airflow logs a callback's exception anyway).
"""
from __future__ import annotations

import logging
from typing import Any

from warehouse.smtp_send import SMTP_CONN_ID

log = logging.getLogger(__name__)


def failure_from_context(context: dict[str, Any]):
    """The facts of the failure, from the task context Airflow hands to callbacks."""
    from warehouse.alerts import TaskFailure

    ti = context["ti"]
    error = context.get("exception")
    logical_date = context.get("logical_date")
    try:
        log_url = ti.log_url
    except Exception:  # noqa: BLE001 - a missing base_url must not cost us the alert
        log_url = "(no log URL: set [api] base_url)"
    return TaskFailure(
        dag_id=ti.dag_id,
        task_id=ti.task_id,
        run_id=ti.run_id,
        try_number=int(ti.try_number or 0),
        max_tries=int(getattr(ti, "max_tries", 0) or 0),
        log_url=log_url,
        error=f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error or ""),
        map_index=int(getattr(ti, "map_index", -1) if getattr(ti, "map_index", None) is not None else -1),
        logical_date=logical_date.isoformat() if logical_date else None,
    )


def send_alert(message, recipients: list[str], conn_id: str = SMTP_CONN_ID) -> None:
    from warehouse.smtp_send import send_prepared

    send_prepared(message, recipients, conn_id)


def alert_on_failure(context: dict[str, Any]) -> None:
    """`on_failure_callback`: one email per finally failed task instance."""
    from extractors import settings
    from warehouse.alerts import build_alert

    failure = failure_from_context(context)
    recipients = settings.alert_recipients()
    if not recipients:
        log.warning("task %s.%s failed; no alert sent (NEWSMON_ALERT_TO is empty)", failure.dag_id,
                    failure.task_label)
        return
    try:
        send_alert(build_alert(failure, recipients), recipients)
    except Exception as exc:  # noqa: BLE001 - logged, never raised: see the module docstring
        log.error("task %s.%s failed and the alert email could not be sent via %s: %s", failure.dag_id,
                  failure.task_label, SMTP_CONN_ID, exc)
        return
    log.info("failure alert for %s.%s sent to %s", failure.dag_id, failure.task_label, ", ".join(recipients))
