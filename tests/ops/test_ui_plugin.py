"""The newsmon UI page: a FastAPI app served from the read copy, everything escaped, a clear note for what
does not exist yet, and a plugin Airflow's plugin manager registers (app mount + navigation entry)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warehouse.connection import writer
from warehouse.feed_health import check_feed_health

FIXTURES = Path(__file__).parent / "fixtures" / "quality"
EVIL = "<script>alert('pwned')</script>"


@pytest.fixture
def client():
    """The page's app with its login dependency satisfied (the login itself: tests/e2e/test_local_security.py)."""
    import airflow.settings  # noqa: F401 - puts the plugins folder on sys.path, as in every Airflow process
    from newsmon_ui import newsmon_app

    app = newsmon_app()
    app.dependency_overrides[app.state.login] = lambda: None
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_page_and_health_json_refuse_anonymous_requests(newsmon_home):
    """Without the override: Airflow's own dependency answers 401 before the warehouse is read."""
    import airflow.settings  # noqa: F401
    from newsmon_ui import newsmon_app

    anonymous = TestClient(newsmon_app())
    for path in ("/", "/health.json"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert "feed" not in response.text.lower()
    assert not (newsmon_home / "warehouse").exists()


@pytest.fixture
def hostile_warehouse(newsmon_home):
    """A warehouse whose feed name, error text and company name carry markup, as open-web data can."""
    with writer() as con:
        con.execute((FIXTURES / "clean.sql").read_text())
        con.execute("DELETE FROM feed_fetches")          # only the hostile feed below
        con.execute("UPDATE companies SET name = ? WHERE company_id = 'mistral-ai'", [f"Mistral {EVIL}"])
        for run in range(3):
            con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, http_status, outcome, error) "
                        "VALUES (?, ?, 'http://127.0.0.1/x.xml', TIMESTAMP '2026-11-20 08:00' + INTERVAL (?) HOUR, 500, 'error', ?)",
                        [f"feed-{EVIL}", f"r{run}", run, f"HTTP 500 {EVIL}"])
        con.execute("INSERT INTO quality_runs (stage, run_key, articles, facts, mentions, passed, failed_checks) "
                    "VALUES ('extract', 'r2', 2, 2, 1, false, ['amounts_are_positive_and_sane'])")
    check_feed_health("r2")
    return newsmon_home


def test_page_shows_feed_health_landscape_and_quality_all_escaped(client, hostile_warehouse):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert 'id="feed-health"' in page and 'class="badge failing"' in page
    assert "failed 3 runs in a row" in page
    assert 'id="landscape"' in page and "Mistral &lt;script&gt;" in page
    assert "$648M" in page                              # the Series B total, formatted
    assert "amounts_are_positive_and_sane" in page
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_missing_landscape_view_shows_a_note_not_an_error(client, hostile_warehouse):
    with writer() as con:
        con.execute("DROP VIEW company_landscape")
    page = client.get("/").text
    assert "company landscape is not available yet" in page
    assert 'id="feed-health"' in page


def test_no_warehouse_yet_says_so_and_creates_nothing(client, newsmon_home):
    page = client.get("/").text
    assert "has not been created yet" in page
    assert not (newsmon_home / "warehouse").exists()


def test_health_json_lists_the_feeds(client, hostile_warehouse):
    body = client.get("/health.json").json()
    assert body["warehouse_exists"] is True
    assert [(f["feed"], f["status"]) for f in body["feed_health"]] == [(f"feed-{EVIL}", "failing")]


def test_health_json_and_page_name_an_invalid_feed_list(client, hostile_warehouse, monkeypatch, tmp_path):
    bad = tmp_path / "feeds.yaml"
    bad.write_text(f"feeds:\n  - name: ok-feed\n    url: https://x.example/f\n  - name: \"{EVIL}\"\n    url: x\n")
    monkeypatch.setenv("NEWSMON_FEEDS", str(bad))
    problem = client.get("/health.json").json()["feed_list_error"]
    assert problem["path"] == str(bad) and len(problem["problems"]) == 1
    assert problem["problems"][0].startswith("entry 2 (")
    page = client.get("/").text
    assert 'id="feed-list-invalid"' in page and "<script>" not in page and "entry 2 (&#34;&lt;script&gt;alert(&#39;pwned&#39;)" in page


def test_plugin_registers_app_and_navigation_entry():
    from airflow import plugins_manager

    plugins, errors = plugins_manager._get_plugins()
    assert not {k: v for k, v in errors.items() if "newsmon" in str(k)}
    names = [p.name for p in plugins]
    assert "newsmon_ui" in names
    apps, _ = plugins_manager.get_fastapi_plugins()
    assert [a["url_prefix"] for a in apps if a["name"] == "newsmon page"] == ["/newsmon"]
    views, _ = plugins_manager._get_ui_plugins()
    (view,) = [v for v in views if v["name"] == "Newsmon"]
    assert view["destination"] == "nav" and view["url_route"] == "newsmon" and view["href"] == "/newsmon/"


