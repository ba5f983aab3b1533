"""The newsmon page as a person sees it: the plugin's FastAPI app served over real HTTP (uvicorn on
127.0.0.1), loaded in headless Chromium (Debian's), read back as rendered text and layout."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM_ARGS, chromium, serve_asgi  # noqa: F401 - chromium is a fixture
from warehouse.connection import writer
from warehouse.feed_health import check_feed_health
from warehouse.quality_gate import RunIdentity, enforce

pytestmark = pytest.mark.browser

FEED_LISTS = Path(__file__).parents[1] / "dags" / "fixtures" / "feed_lists"
QUALITY = Path(__file__).parent / "fixtures" / "quality"


@pytest.fixture
def page_url():
    import airflow.settings  # noqa: F401 - puts the plugins folder on sys.path, as in every Airflow process
    from newsmon_ui import newsmon_app

    app = newsmon_app()
    app.dependency_overrides[app.state.login] = lambda: None   # the login itself: tests/e2e/test_local_security.py
    try:
        with serve_asgi(app) as base_url:
            yield base_url + "/"
    finally:
        app.dependency_overrides.clear()


@pytest.fixture
def browser_page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


@pytest.fixture
def small_warehouse(newsmon_home):
    with writer() as con:
        con.execute((QUALITY / "clean.sql").read_text())
    return newsmon_home


def test_invalid_feed_list_is_the_first_thing_on_the_page(page_url, browser_page, small_warehouse, monkeypatch):
    monkeypatch.setenv("NEWSMON_FEEDS", str(FEED_LISTS / "five_mistakes.yaml"))
    browser_page.goto(page_url)
    banner = browser_page.locator("#feed-list-invalid")
    text = banner.inner_text()
    assert text.startswith("feed list invalid: " + str(FEED_LISTS / "five_mistakes.yaml"))
    for expected in ("entry 1 ('alpha-ai-news'): unknown field `ulr`", "entry 3 ('gamma-wire'): field `lang`",
                     "entry 6 ('gamma-wire'): field `name`: duplicate of entry 3"):
        assert expected in text
    # at the top: above the heading, and the first thing in the body
    assert banner.bounding_box()["y"] < browser_page.locator("h1").bounding_box()["y"]
    assert browser_page.locator("body").inner_text().startswith("feed list invalid:")


def test_missing_feed_list_is_shown_even_before_the_warehouse_exists(page_url, browser_page, newsmon_home,
                                                                    monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSMON_FEEDS", str(tmp_path / "gone.yaml"))
    browser_page.goto(page_url)
    text = browser_page.locator("#feed-list-invalid").inner_text()
    assert text.startswith(f"feed list invalid: {tmp_path / 'gone.yaml'}") and "cannot read the file" in text
    assert "has not been created yet" in browser_page.locator("body").inner_text()


def test_a_valid_feed_list_shows_no_banner(page_url, browser_page, small_warehouse, monkeypatch):
    monkeypatch.setenv("NEWSMON_FEEDS", str(Path(__file__).parents[2] / "config" / "feeds.sample.yaml"))
    browser_page.goto(page_url)
    assert browser_page.locator("h1").inner_text() == "newsmon"
    assert browser_page.locator("#feed-list-invalid").count() == 0


SCHEDULED = "scheduled__2026-11-26T10:00:00+00:00"
ASSET_TRIGGERED = "asset_triggered__2026-11-26T10:05:12.345678+00:00_Xk2p"
SECOND_IN_A_ZONE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]{3,4}$")


@pytest.fixture
def gated_warehouse(small_warehouse):
    """Two real gate runs as the DAGs record them: a scheduled ingest (run key = its logical date) and an
    asset-triggered extract (no logical date: run key = run id, shown by its run-after time), plus a feed
    whose last fetch carries microseconds."""
    with writer() as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome, items_seen, items_new) "
                    "VALUES ('ai-wire', ?, 'https://wire.example/feed', TIMESTAMP '2026-11-26 09:59:58.123456', "
                    "'new', 2, 1)", ["2026-11-26T10:00:00+00:00"])
    enforce("ingest", "2026-11-26T10:00:00+00:00",
            run=RunIdentity(SCHEDULED, datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)))
    check_feed_health("2026-11-26T10:00:00+00:00", as_of=datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc))
    enforce("extract", ASSET_TRIGGERED,
            run=RunIdentity(ASSET_TRIGGERED, datetime(2026, 11, 26, 10, 5, 12, 345678, tzinfo=timezone.utc)))
    return small_warehouse


def quality_rows(page) -> list[dict]:
    return page.locator("#quality tbody tr").evaluate_all(
        "rows => rows.map(r => ({checked: r.cells[0].innerText, stage: r.cells[1].innerText,"
        " run: r.cells[2].innerText, title: r.cells[2].title}))")


@pytest.mark.parametrize(("zone", "abbreviation", "scheduled_local", "extract_local", "fetch_local"), [
    ("Europe/Berlin", "CET", "2026-11-26 11:00:00 CET", "2026-11-26 11:05:12 CET", "2026-11-26 10:59:58 CET"),
    ("America/New_York", "EST", "2026-11-26 05:00:00 EST", "2026-11-26 05:05:12 EST", "2026-11-26 04:59:58 EST"),
])
def test_times_are_to_the_second_in_newsmon_tz_and_runs_are_one_column(page_url, browser_page, gated_warehouse,
                                                                       monkeypatch, zone, abbreviation,
                                                                       scheduled_local, extract_local, fetch_local):
    """Regression: the gate's times showed microseconds (UTC, unnamed) and the Run column mixed logical
    dates ('2026-11-26T10:00:00+00:00') with run ids ('asset_triggered__...')."""
    monkeypatch.setenv("NEWSMON_TZ", zone)
    browser_page.goto(page_url)
    body = browser_page.locator("body").inner_text()
    assert f"Times in {zone}." in body
    assert re.search(r"published \d{4}-\d\d-\d\d \d\d:\d\d:\d\d " + abbreviation, body)

    rows = quality_rows(browser_page)
    assert [(r["stage"], r["run"], r["title"]) for r in rows] == [
        ("extract", extract_local, ASSET_TRIGGERED), ("ingest", scheduled_local, SCHEDULED)]
    assert all(SECOND_IN_A_ZONE.match(r["checked"]) and r["checked"].endswith(abbreviation) for r in rows), rows
    headers = browser_page.locator("#quality thead th").all_inner_texts()
    assert headers.count("Run") == 1

    fetch_cells = browser_page.locator("#feed-health tbody tr").first.locator("td").all_inner_texts()
    assert fetch_local in fetch_cells
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", body)            # no fractions of a second anywhere
