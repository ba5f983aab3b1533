"""The digest needs its data (real `dag.test()` runs, real SMTP server on loopback): a day is digested only
after an ingest run that started after the day ended has finished and its articles are extracted; until then
the run waits (rescheduled, no slot held), and after `NEWSMON_DIGEST_WAIT_MINUTES` it records `no_data` and
fails. The `day` param picks the day; a run without a logical date covers the day before its start.

Regression: after a fresh start the scheduler's digest run for the previous day ran before any ingest and was
stored (and, with recipients, sent) as a "quiet day"; a run triggered without a logical date failed with
KeyError 'logical_date' after its retries."""
from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.digest.conftest import RUN_FOR_FIXTURE_DAY, RUN_FOR_QUIET_DAY
from tests.digest.fixture_day import build_fixture_warehouse, record_covering_ingest
from tests.digest.test_digest_dag import digest_rows, task_states
from warehouse.digest import readiness


def test_a_digest_before_any_ingest_records_no_data_and_sends_nothing(airflow_db, newsmon_home, smtp_mailbox,
                                                                     monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", "alice@example.org")
    run = digest_dag.test(logical_date=RUN_FOR_QUIET_DAY)
    assert run.state == "failed"
    assert task_states(run) == {"render_digest": "failed", "send_digest": "upstream_failed"}
    render = next(ti for ti in run.get_task_instances() if ti.task_id == "render_digest")
    assert render.try_number == 1                                  # waiting is over: retrying cannot help
    assert smtp_mailbox.received == []
    [(day, status, recipients, message_id, sent, attempts, error)] = digest_rows()
    assert (day, status, message_id, sent) == ("2026-11-20", "no_data", None, False)
    assert "no ingest run has loaded anything" in error


def test_an_ingest_before_the_day_ended_does_not_cover_it(airflow_db, newsmon_home, smtp_mailbox, monkeypatch,
                                                           digest_dag):
    from warehouse.connection import writer

    monkeypatch.setenv("NEWSMON_DIGEST_TO", "alice@example.org")
    build_fixture_warehouse(data_in=False)
    with writer() as con:                         # read at 23:55 Berlin on the day itself: the day is not over
        record_covering_ingest(con, started=datetime(2026, 11, 26, 22, 55))
    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert task_states(run)["render_digest"] == "failed" and smtp_mailbox.received == []
    assert digest_rows()[0][1] == "no_data"
    assert "no ingest run that started after 2026-11-26 ended" in digest_rows()[0][6]

    with writer() as con:                         # the first run after midnight covers it
        record_covering_ingest(con, started=datetime(2026, 11, 26, 23, 1))
    run = digest_dag.test(logical_date=RUN_FOR_FIXTURE_DAY)
    assert task_states(run) == {"render_digest": "success", "send_digest": "success"}
    assert len(smtp_mailbox.received) == 1 and digest_rows()[0][1] == "sent"


def test_articles_not_yet_extracted_are_not_in(newsmon_home):
    from warehouse.connection import writer

    build_fixture_warehouse()
    assert readiness.data_missing(date(2026, 11, 26)) is None
    with writer() as con:
        con.execute("DELETE FROM article_extractions WHERE article_id = 'a05'")
    assert readiness.data_missing(date(2026, 11, 26)).endswith("but 1 of its articles are not extracted yet")


def test_the_run_waits_without_failing_and_renders_once_the_data_is_in(airflow_db, newsmon_home, smtp_mailbox,
                                                                       monkeypatch, digest_dag):
    """A run that has just started (its run-after is now) finds no data, is rescheduled, and renders when an
    ingest covering the day lands meanwhile."""
    from warehouse.connection import writer

    monkeypatch.setenv("NEWSMON_DIGEST_TO", "alice@example.org")
    monkeypatch.setattr("warehouse.ops_settings.DIGEST_RECHECK_SECONDS", 2)
    build_fixture_warehouse(data_in=False)
    rechecks: list[str] = []
    original = readiness.data_missing

    def counted(day):
        found = original(day)
        rechecks.append(found or "ready")
        return found

    monkeypatch.setattr(readiness, "data_missing", counted)

    def ingest_lands():
        while not rechecks:
            time.sleep(0.2)
        with writer() as con:
            record_covering_ingest(con)

    lander = threading.Thread(target=ingest_lands, daemon=True)
    lander.start()
    run = digest_dag.test(logical_date=None, run_conf={"day": "2026-11-26"},
                          run_after=datetime.now(timezone.utc))
    lander.join(timeout=30)
    assert task_states(run) == {"render_digest": "success", "send_digest": "success"}
    assert rechecks[0].startswith("no ingest run") and rechecks[-1] == "ready"
    [mail] = smtp_mailbox.received
    assert mail.parsed()["Subject"].startswith("AI landscape, 26 Nov: xAI raises $6B")
    assert digest_rows()[0][:2] == ("2026-11-26", "sent")


def test_waiting_ends_at_the_configured_time():
    started = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSMON_DIGEST_WAIT_MINUTES", "30")
        patch.setattr(readiness, "data_missing", lambda day: "no ingest run yet")
        patch.setattr(readiness.store, "record_no_data", lambda day, reason, now: "no_data")
        early = readiness.wait_for_data(date(2026, 11, 26), waiting_since=started, now=started + timedelta(minutes=29, seconds=30))
        late = readiness.wait_for_data(date(2026, 11, 26), waiting_since=started, now=started + timedelta(minutes=30))
    assert (early.action, early.look_again_at) == (readiness.WAIT, started + timedelta(minutes=30))
    assert late.action == readiness.NO_DATA and "after waiting until 2026-11-27T06:30:00+00:00" in late.reason


def test_the_day_param_picks_the_day(airflow_db, fixture_warehouse, smtp_mailbox, monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", "alice@example.org")
    run = digest_dag.test(logical_date=RUN_FOR_QUIET_DAY, run_conf={"day": "2026-11-26"})
    assert task_states(run) == {"render_digest": "success", "send_digest": "success"}
    assert smtp_mailbox.received[0].parsed()["X-Newsmon-Digest-Date"] == "2026-11-26"
    assert [row[0] for row in digest_rows()] == ["2026-11-26"]


def test_a_malformed_day_param_fails_without_retries(airflow_db, fixture_warehouse, digest_dag):
    from airflow.sdk.definitions.param import ParamValidationError

    with pytest.raises(ParamValidationError, match="day"):       # the param's schema: refused at trigger time
        digest_dag.test(logical_date=RUN_FOR_QUIET_DAY, run_conf={"day": "26.11.2026"})
    from warehouse.digest.period import covered_day

    with pytest.raises(ValueError, match="the param day must be YYYY-MM-DD, got '2026-13-01'"):
        covered_day(None, RUN_FOR_QUIET_DAY, "2026-13-01")


def test_a_run_without_logical_date_covers_the_day_before_it_started(airflow_db, fixture_warehouse, smtp_mailbox,
                                                                     monkeypatch, digest_dag):
    monkeypatch.setenv("NEWSMON_DIGEST_TO", "alice@example.org")
    started = datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc)        # 00:30 on 27 Nov in Berlin
    run = digest_dag.test(logical_date=None, run_after=started)
    assert run.logical_date is None
    assert task_states(run) == {"render_digest": "success", "send_digest": "success"}
    assert smtp_mailbox.received[0].parsed()["X-Newsmon-Digest-Date"] == "2026-11-26"


def test_the_dag_declares_the_day_param(digest_dag):
    assert digest_dag.params["day"] is None
    assert set(digest_dag.params.keys()) == {"force_resend", "day"}
