"""
### newsmon_digest — the landscape's day, in the inbox at 07:00

Daily at 07:00 in `NEWSMON_TZ` (default Europe/Berlin), build the email digest for the **previous calendar
day in that zone** (derived from the run's logical date, never from "now") and send it.

* `render_digest` first waits for the day's data: an ingest run that started after the day ended must have
  finished and its articles been extracted (it looks again every minute, holding no worker slot, for up to
  `NEWSMON_DIGEST_WAIT_MINUTES`, default 6 h; then it records the day as `no_data` and fails — never a
  "quiet day" that was only not read yet). Then it reads the warehouse read copy (funding rounds, valuation
  changes, investments and acquisitions, stock moves, model releases, unusual attention, new entrants — each
  with its sources), renders a multipart email (plain text + HTML with an inline chart) to a staging file;
  XCom carries its path.
* Param **`day`** (YYYY-MM-DD) picks the day; a run without a logical date (REST API, `"logical_date": null`)
  covers the day before the one it started on in `NEWSMON_TZ`.
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
                                  description="Send again even if this day's digest was already sent"),
            "day": Param(None, type=["null", "string"], format="date",
                         description="The day to digest (YYYY-MM-DD); default: the day before the run's date")},
    tags=["newsmon", "digest"],
    doc_md=__doc__,
)
def newsmon_digest():
    @task(inlets=[FACTS])
    def render_digest() -> dict:
        from airflow.sdk.exceptions import AirflowFailException, AirflowRescheduleException

        from warehouse.digest.period import covered_day
        from warehouse.digest.readiness import NO_DATA, WAIT, wait_for_data
        from warehouse.digest.steps import render_step

        context = get_current_context()
        started = context["dag_run"].start_date or context["dag_run"].run_after
        try:
            day = covered_day(context.get("logical_date"), started, context["params"].get("day"))
        except ValueError as bad_param:      # retrying cannot fix a malformed day
            raise AirflowFailException(str(bad_param)) from bad_param
        verdict = wait_for_data(day, waiting_since=started)
        if verdict.action == WAIT:
            raise AirflowRescheduleException(verdict.look_again_at)
        if verdict.action == NO_DATA:
            raise AirflowFailException(verdict.reason)
        return render_step(None, day=day)

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
