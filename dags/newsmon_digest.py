"""
### newsmon_digest — the landscape's day, in the inbox at 07:00

Daily at 07:00 in `NEWSMON_TZ` (default Europe/Berlin), build the email digest for the **previous calendar
day in that zone** (derived from the run's logical date, never from "now") and send it.

* `render_digest` reads the warehouse read copy (funding rounds, valuation changes, investments and
  acquisitions, stock moves, model releases, unusual attention, new entrants — each with its sources),
  renders a multipart email (plain text + HTML with an inline chart) to a staging file; XCom carries its path.
* `send_digest` sends it through the Airflow connection **`smtp_default`** to the Variable
  `newsmon_digest_to` (else `NEWSMON_DIGEST_TO`), and records the outcome in the `digests` table.
  No recipients: rendered and recorded (`rendered`), not sent.
* Idempotent: a day already `sent` is not sent again unless the param **`force_resend`** is true.
* An SMTP failure is recorded as `failed` with its reason and fails the task, which retries; it is never
  recorded as sent.
* A day without news sends a short "quiet day" digest; `NEWSMON_DIGEST_QUIET=skip` skips it instead.
* Render without sending: `python -m warehouse digest --date YYYY-MM-DD --out FILE.eml --html FILE.html`.
"""
from __future__ import annotations

from datetime import datetime

from airflow.sdk import CronTriggerTimetable, Param, dag, get_current_context, task

from extractors import settings
from newsmon_common import DEFAULT_ARGS, FACTS, warehouse_task_args


@dag(
    dag_id="newsmon_digest",
    schedule=CronTriggerTimetable("0 7 * * *", timezone=settings.timezone_name()),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"force_resend": Param(False, type="boolean",
                                  description="Send again even if this day's digest was already sent")},
    tags=["newsmon", "digest"],
    doc_md=__doc__,
)
def newsmon_digest():
    @task(inlets=[FACTS])
    def render_digest() -> dict:
        from warehouse.digest.steps import render_step

        return render_step(get_current_context()["logical_date"])

    @task(**warehouse_task_args())
    def send_digest(rendered: dict) -> dict:
        from airflow.sdk import Variable

        from warehouse.digest.steps import send_step

        configured = Variable.get("newsmon_digest_to", default=None)
        recipients = ([a.strip() for a in configured.split(",") if a.strip()] if configured
                      else settings.digest_recipients())
        force = bool(get_current_context()["params"].get("force_resend", False))
        return send_step(rendered, recipients, force_resend=force)

    send_digest(render_digest())


newsmon_digest()
