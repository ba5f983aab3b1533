"""The newsmon page as a person sees it: the plugin's FastAPI app served over real HTTP (uvicorn on
127.0.0.1), loaded in headless Chromium (Debian's), read back as rendered text and layout."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM_ARGS, chromium, serve_asgi  # noqa: F401 - chromium is a fixture
from warehouse.connection import writer

pytestmark = pytest.mark.browser

FEED_LISTS = Path(__file__).parents[1] / "dags" / "fixtures" / "feed_lists"
QUALITY = Path(__file__).parent / "fixtures" / "quality"


@pytest.fixture
def page_url():
    import airflow.settings  # noqa: F401 - puts the plugins folder on sys.path, as in every Airflow process
    from newsmon_ui import app

    with serve_asgi(app) as base_url:
        yield base_url + "/"


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
