"""The bundled sample feeds through the real DAGs (`dag.test()` of ingest and extract, then of the digest),
as a new user sees them after `NEWSMON_FEEDS=config/feeds.sample.yaml make run`: the landscape over time and
the digest of every sample day, read on the rendered plain-text part.

Regressions pinned here (issue 13): DeepL's $2bn (13 Nov) and $5bn (19 Nov) were one "conflicting" event and
the 19 Nov digest said "$5B -> $5B, 0%"; the undated sample item moved `landscape_as_of` to the fetch day
(every other company's 7-day mentions dropped to 0) and dated its round on the fetch day; stock-move periods
read "Over im frühen Handel"; "1 articles"; valuation changes repeated every round as a first valuation.
"""
from __future__ import annotations

import re
from datetime import date
from email import policy
from email.parser import Parser
from pathlib import Path

import pytest

from tests.digest.test_browser_render import chromium  # noqa: F401 - the fixture
from tests.support.sample_warehouse import (QUIET_DAY, UNDATED_TITLE, build_sample_warehouse, sample_days,
                                            without_undated_item)

REPO = Path(__file__).resolve().parents[2]
SAMPLE_AS_OF = date(2026, 11, 26)


@pytest.fixture(scope="module")
def baseline_home(tmp_path_factory) -> Path:
    """The same sample feeds without the undated item (task bodies, no scheduler needed for a comparison)."""
    work = tmp_path_factory.mktemp("sample-without-undated")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSMON_HOME", str(work / "home"))
        patch.setenv("NEWSMON_TZ", "Europe/Berlin")
        patch.delenv("NEWSMON_WAREHOUSE", raising=False)
        build_sample_warehouse(work, root=without_undated_item(work / "feeds"))
    return work / "home"


@pytest.fixture(scope="module")
def sample_home(airflow_db, tmp_path_factory) -> Path:
    from airflow.dag_processing.dagbag import DagBag

    work = tmp_path_factory.mktemp("sample-days")
    bag = DagBag(dag_folder=str(REPO / "dags"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSMON_HOME", str(work / "home"))
        patch.setenv("NEWSMON_TZ", "Europe/Berlin")
        patch.delenv("NEWSMON_WAREHOUSE", raising=False)
        patch.delenv("NEWSMON_DIGEST_TO", raising=False)
        build_sample_warehouse(work, dags=(bag.dags["newsmon_ingest"], bag.dags["newsmon_extract"]))
        yield work / "home"


@pytest.fixture
def in_sample(sample_home, monkeypatch) -> Path:
    monkeypatch.setenv("NEWSMON_HOME", str(sample_home))
    monkeypatch.setenv("NEWSMON_TZ", "Europe/Berlin")
    monkeypatch.delenv("NEWSMON_DIGEST_TO", raising=False)
    return sample_home


def rows(home: Path, sql: str) -> list[tuple]:
    from warehouse.connection import reader

    con = reader(home / "warehouse" / "newsmon.duckdb")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def digest_text(day: date) -> str:
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import render_digest

    message = render_digest(gather_from_read_copy(day)).message
    return f"Subject: {message['Subject']}\n" + message.get_body(("plain",)).get_content()


def test_deepl_has_two_valuation_events_the_second_a_150_percent_jump(sample_home):
    assert rows(sample_home, "SELECT as_of, amount_usd, previous_as_of, previous_usd, change_pct, conflicting "
                             "FROM valuations WHERE company_id = 'deepl' ORDER BY as_of") == [
        (date(2026, 11, 13), 2e9, None, None, None, False),
        (date(2026, 11, 19), 5e9, date(2026, 11, 13), 2e9, 150.0, False)]


def test_the_19_nov_digest_through_the_dag_says_deepl_went_from_2_to_5_billion(in_sample, digest_dag):
    run = digest_dag.test(logical_date=None, run_conf={"day": "2026-11-19"})
    assert {ti.task_id: ti.state for ti in run.get_task_instances()} == {"render_digest": "success",
                                                                        "send_digest": "success"}
    [(status, raw)] = rows(in_sample, "SELECT status, message FROM digests WHERE digest_date = DATE '2026-11-19'")
    assert status == "rendered"                                    # no recipients: rendered and stored
    text = Parser(policy=policy.default).parsestr(raw).get_body(("plain",)).get_content()
    assert "* DeepL: $2B → $5B\n  +150% since 13 Nov 2026" in text
    assert "DeepL: $5B" not in text and not re.search(r"(?<![\d.])0% since", text)


def test_the_undated_item_dates_nothing_and_moves_no_window(sample_home, baseline_home):
    [(flag, robco_day)] = rows(sample_home, f"SELECT date_flag, published_at::DATE FROM articles WHERE title = '{UNDATED_TITLE}'")
    assert flag == "missing" and robco_day > SAMPLE_AS_OF               # stored, flagged, with its fetch time
    assert rows(sample_home, "SELECT as_of FROM landscape_as_of") == [(SAMPLE_AS_OF,)]
    assert rows(sample_home, "SELECT announced_on, first_reported_on, last_reported_on, date_unknown, amount_usd "
                             "FROM funding_rounds WHERE investee = 'RobCo'") == [(None, None, None, True, 100e6)]
    # everybody else's landscape is exactly what it is without the undated item
    others = "SELECT * FROM {} WHERE coalesce({}, '') <> 'robco' ORDER BY ALL"
    for table, key in (("company_landscape", "company_id"), ("landscape_changes", "company_id"),
                       ("funding_rounds", "investee_id"), ("valuations", "company_id"),
                       ("acquisitions", "target_id"), ("stock_moves", "company_id"), ("model_releases", "company_id")):
        assert rows(sample_home, others.format(table, key)) == rows(baseline_home, others.format(table, key)), table
    assert rows(sample_home, "SELECT count(*) FROM company_landscape WHERE mentions_7d > 0")[0][0] >= 20


def test_every_sample_day_reads_right(in_sample):
    days = sample_days()
    assert len(days) >= 14 and QUIET_DAY not in days and max(days) == SAMPLE_AS_OF
    periods = {date(2026, 11, 9): ["on Monday"], date(2026, 11, 10): ["in Frankfurt trading"],
               date(2026, 11, 19): ["nachbörslich"], date(2026, 11, 24): ["im frühen Handel", "on Tuesday"],
               date(2026, 11, 25): ["on Wednesday"]}
    for day in days:
        text = digest_text(day)
        assert "Over " not in text, day                                          # periods as written
        assert not re.search(r"\b1 (mentions|articles|sources|outlets|deals|items|days)\b", text), day
        assert re.match(r"Subject: AI landscape, \d+ Nov: [^;\d]", text), day                 # a lead, not a count
        assert "its usual" not in text and " 0.0 " not in text, day
        assert "RobCo raises" not in text, day                                    # undated: in no day
        for phrase in periods.get(day, []):
            assert f"\n  {phrase} · Reported by" in text, (day, phrase)
        funded = set(re.findall(r"^\* (.+?) (?:raises|in talks to raise) ", text, re.M))
        first_alone = set(re.findall(r"^\* (.+?): valued at .*\n  First valuation on record", text, re.M))
        assert not funded & first_alone, day                                     # shown once, with the round
        for change in re.findall(r"^  ([+-][\d.]+)% since ", text, re.M):
            assert abs(float(change)) >= 5, day                                  # only real changes
    assert "First valuation on record" not in digest_text(date(2026, 11, 19))   # DeepL had $2B on record


def test_a_quiet_day_says_so(in_sample):
    text = digest_text(QUIET_DAY)
    assert "A quiet day: no funding rounds, deals, stock moves or model releases were reported." in text
    assert "BIGGEST FUNDING ROUNDS" not in text


@pytest.mark.browser
def test_every_sample_day_and_a_quiet_day_are_pictured_in_the_docs(in_sample, tmp_path, chromium):
    """docs/digests/ holds a picture of every sample day and of the quiet day (scripts/render_sample_digests.py
    makes them); two are drawn again here in headless Chromium through the same code."""
    from PIL import Image

    from warehouse.digest.browser_preview import screenshot_whole_page
    from warehouse.digest.content import gather_from_read_copy
    from warehouse.digest.message import data_uri, render_digest, render_html

    folder = REPO / "docs" / "digests"
    index = (folder / "README.md").read_text(encoding="utf-8")
    for day in sample_days() + [QUIET_DAY]:
        name = f"digest-{day.isoformat()}.png"
        assert (folder / name).stat().st_size > 8_000 and f"]({name})" in index, name
    assert "a quiet day" in index
    for day in (date(2026, 11, 19), QUIET_DAY):
        rendered = render_digest(gather_from_read_copy(day))
        page = tmp_path / f"{day}.html"
        page.write_text(render_html(rendered.content, rendered.chart, image_src=data_uri(rendered.chart)),
                        encoding="utf-8")
        with Image.open(screenshot_whole_page(page, tmp_path / f"{day}.png", binary=chromium)) as picture:
            assert picture.width == 760 and 500 < picture.height < 4000        # the content, not the window
            assert len(picture.convert("RGB").getcolors(maxcolors=1_000_000)) > 30
