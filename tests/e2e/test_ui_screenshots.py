"""After a real end-to-end ingest + extract run (LocalExecutor deployment from scripts/local_airflow.py, sample feeds
on a free port), log into the Airflow UI with headless Chromium and screenshot the newsmon_ingest grid and
the newsmon plugin page. The PNGs must be real pictures (size, many colours); `NEWSMON_UPDATE_SCREENSHOTS=1`
copies them to docs/ (the committed ones), otherwise they stay in the test's temporary folder.
Skips without /usr/bin/chromium unless NEWSMON_REQUIRE_BROWSER=1."""
from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest

from scripts.local_airflow import ADMIN_USER, Deployment, airflow_environment, prepare
from tests.support.http_server import LocalHttpServer
from tests.e2e.test_celery_distributed import SAMPLE_FEED_COUNT

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(480)]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing:
        if os.environ.get("NEWSMON_REQUIRE_BROWSER") == "1":
            pytest.fail(f"NEWSMON_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_real_picture(path: Path, min_colours: int = 40) -> None:
    from PIL import Image

    assert path.stat().st_size > 15_000, f"{path} is only {path.stat().st_size} bytes"
    with Image.open(path) as image:
        assert image.width >= 1000 and image.height >= 600
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) >= min_colours, f"{path}: {len(colours or [])} colours"


def test_ui_grid_and_newsmon_page_screenshots(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    home = tmp_path / "home"
    shots = tmp_path / "shots"
    shots.mkdir()
    with LocalHttpServer(root=REPO / "config" / "sample_feeds") as feeds:
        feed_list = tmp_path / "feeds.yaml"
        feed_list.write_text((REPO / "config" / "feeds.sample.yaml").read_text()
                             .replace("http://127.0.0.1:8765", feeds.base_url))
        env = airflow_environment(home, port=free_port(), extra={
            "NEWSMON_FEEDS": str(feed_list), "NEWSMON_FETCH_ALLOW": "127.0.0.1/32",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True"})
        prepare(env)
        deployment = Deployment(env=env, log_dir=home / "logs")
        try:
            deployment.start_core()
            deployment.wait_healthy()
            deployment.wait_for_dag("newsmon_ingest")
            started = time.monotonic()
            run_id = deployment.trigger("newsmon_ingest")
            assert deployment.wait_for_run("newsmon_ingest", run_id, timeout=300) == "success"
            ingested = time.monotonic()
            # then the extraction (asset-driven in production; triggered here so the page has a landscape)
            extract_run = deployment.trigger("newsmon_extract")
            assert deployment.wait_for_run("newsmon_extract", extract_run, timeout=300) == "success"
            print(f"\nui e2e: ingest run took {ingested - started:.0f}s, extract run {time.monotonic() - ingested:.0f}s")

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                try:
                    page = browser.new_page(viewport={"width": 1440, "height": 900})
                    page.goto(deployment.base_url + "/", wait_until="networkidle")
                    page.fill("input[name=username]", ADMIN_USER)
                    page.fill("input[name=password]", deployment.admin_password())
                    page.click("button[type=submit]")
                    page.wait_for_url(lambda url: "/auth/" not in url, timeout=60_000)

                    page.goto(f"{deployment.base_url}/dags/newsmon_ingest", wait_until="networkidle")
                    for task_id in ("list_feeds", "load_articles", "check_feed_health", "quality_gate"):
                        page.get_by_text(task_id, exact=True).first.wait_for(timeout=60_000)
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(shots / "ui-grid.png"))

                    page.goto(f"{deployment.base_url}/plugin/newsmon", wait_until="networkidle")
                    frame = page.frame_locator("iframe").first
                    frame.locator("#feed-health").wait_for(timeout=60_000)
                    assert frame.locator("#feed-health .badge.ok").count() == SAMPLE_FEED_COUNT
                    frame.locator("#landscape").wait_for(timeout=30_000)
                    assert frame.locator("#landscape tbody tr").count() >= 5
                    assert "Mistral AI" in frame.locator("#landscape").inner_text()
                    page.wait_for_timeout(1000)
                    page.screenshot(path=str(shots / "ui-newsmon-page.png"))
                finally:
                    browser.close()
        finally:
            deployment.stop()

    for name in ("ui-grid.png", "ui-newsmon-page.png"):
        assert_real_picture(shots / name)
        if os.environ.get("NEWSMON_UPDATE_SCREENSHOTS") == "1":   # a test never rewrites tracked files unasked
            shutil.copyfile(shots / name, REPO / "docs" / name)
