"""The offline sample feeds: served by the sample server with 304 support, all parse, duplicates as designed."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from extractors.feeds.feed_list import load_feed_list
from extractors.feeds.fetch_feed import FeedState, fetch_feed
from extractors.feeds.sample_server import main as serve_main, start_sample_server

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def sample_results():
    server, base = start_sample_server(port=0)
    try:
        specs = load_feed_list(REPO / "config" / "feeds.sample.yaml")
        results = {}
        for spec in specs:
            local = spec.__class__(spec.name, spec.url.replace("http://127.0.0.1:8765", base), spec.lang, spec.fulltext)
            results[spec.name] = fetch_feed(local, None, now=NOW)
        yield base, specs, results
    finally:
        server.shutdown()
        server.server_close()


def test_every_sample_file_is_listed_and_every_listed_feed_parses(sample_results):
    _, specs, results = sample_results
    served = {p.name for p in (REPO / "config" / "sample_feeds").iterdir()
              if p.is_file() and p.suffix != ".html" and p.name != "robots.txt"}
    listed = {s.url.rsplit("/", 1)[1] for s in specs}
    assert served == listed
    for name, result in results.items():
        assert result.fetch["outcome"] == "new", (name, result.fetch["error"])
        assert 5 <= len(result.articles) <= 10, name
        for article in result.articles:
            assert article["title"] and len(article["summary"]) > 80, article["title"]
            assert article["published_at"].startswith("2026-11"), article["title"]
            assert "<" not in article["summary"]


def test_sample_languages_and_latin1(sample_results):
    _, _, results = sample_results
    assert {a["lang"] for a in results["sample-gruender-ticker"].articles} == {"de"}
    assert any("ß" in a["summary"] or "ü" in a["summary"] for a in results["sample-gruender-ticker"].articles)
    assert {a["lang"] for a in results["sample-model-watch"].articles} == {"en"}


def test_sample_duplicates_collapse_within_a_feed(sample_results):
    _, _, results = sample_results
    wire = results["sample-ai-venture-wire"]
    assert wire.fetch["items_seen"] == len(wire.articles) + 1
    ki = results["sample-ki-wirtschaft"]
    assert ki.fetch["items_seen"] == len(ki.articles) + 1
    langdock = [a for a in ki.articles if "Langdock" in a["title"]]
    assert len(langdock) == 1 and "utm_" not in langdock[0]["canonical_url"]


def test_cross_outlet_duplicate_exists_in_english_and_german(sample_results):
    _, _, results = sample_results
    en = [a for a in results["sample-ai-venture-wire"].articles if "Black Forest Labs" in a["title"]]
    de = [a for a in results["sample-ki-wirtschaft"].articles if "Black Forest Labs" in a["title"]]
    assert len(en) == 1 and len(de) == 1
    assert en[0]["article_id"] != de[0]["article_id"]  # two articles reporting one deal
    assert "300 million" in en[0]["summary"] and "300 Millionen" in de[0]["summary"]


def test_sample_server_answers_304_to_conditional_requests():
    server, base = start_sample_server(port=0)
    try:
        first = httpx.get(base + "/model-watch.atom")
        assert first.status_code == 200 and first.headers["etag"]
        again = httpx.get(base + "/model-watch.atom", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        since = httpx.get(base + "/model-watch.atom", headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304
        assert httpx.get(base + "/../pyproject.toml").status_code == 404
        assert httpx.get(base + "/nope.xml").status_code == 404
        spec = load_feed_list(REPO / "config" / "feeds.sample.yaml")[1]
        spec = spec.__class__(spec.name, spec.url.replace("http://127.0.0.1:8765", base), spec.lang, spec.fulltext)
        cold = fetch_feed(spec, None, now=NOW)
        warm = fetch_feed(spec, FeedState(cold.fetch["etag"], cold.fetch["last_modified"]), now=NOW)
        assert warm.fetch["outcome"] == "not_modified"
    finally:
        server.shutdown()
        server.server_close()


def test_serve_samples_rejects_bad_options():
    with pytest.raises(SystemExit):
        serve_main(["--port", "not-a-number"])


def fetch_sample_pages(articles: list[dict]) -> dict[str, dict]:
    """The page results of sample articles, fetched the way the ingest DAG's page tasks do (by host)."""
    from extractors.feeds.page_fetching import PageJob, fetch_hosts
    from extractors.feeds.page_plan import plan_pages
    from extractors.feeds.politeness import Politeness

    politeness = Politeness.from_environment()
    jobs = [PageJob(a["article_id"], a["feed"], a["url"], a["title"]) for a in articles]
    plan = plan_pages(jobs, pages_per_feed=politeness.pages_per_feed)
    hosts = [(origin, host_jobs, None) for batch in plan.batches for origin, host_jobs in batch]
    return {r["article_id"]: r for outcome in fetch_hosts(hosts, politeness=politeness) for r in outcome.results}


def test_teaser_feeds_full_text_from_local_article_pages(monkeypatch):
    """The two `fulltext: true` sample feeds: pages on the sample server, behind its robots.txt."""
    server, base = start_sample_server(port=0)
    try:
        specs = [s for s in load_feed_list(REPO / "config" / "feeds.sample.yaml") if s.fulltext]
        assert [s.name for s in specs] == ["sample-press-desk", "sample-techblick"]
        articles = []
        for spec in specs:
            spec = spec.__class__(spec.name, spec.url.replace("http://127.0.0.1:8765", base), spec.lang, spec.fulltext)
            articles.extend(fetch_feed(spec, None, now=NOW).articles)
        monkeypatch.delenv("NEWSMON_FETCH_ALLOW", raising=False)
        assert {r["fulltext_status"] for r in fetch_sample_pages(articles).values()} == {"blocked"}
        monkeypatch.setenv("NEWSMON_FETCH_ALLOW", "127.0.0.1/32")
        pages = fetch_sample_pages(articles)
        premium = [a for a in articles if "/premium/" in a["url"]]
        assert len(premium) == 1 and pages[premium[0]["article_id"]] == {**pages[premium[0]["article_id"]],
                                                                         "fulltext_status": "disallowed", "text": None}
        for article in articles:
            if article in premium:
                continue
            page = pages[article["article_id"]]
            assert article["url"].startswith(base + "/articles/") and page["fulltext_status"] == "ok"
            assert page["text"].startswith(article["title"]) and len(page["text"]) > 2 * len(article["summary"])
            for chrome in ("cookies", "Cookies", "Newsletter", "Imprint", "Impressum", "Anmelden"):
                assert chrome not in page["text"], (article["url"], chrome)
    finally:
        server.shutdown()
        server.server_close()


def test_serve_samples_command_serves_the_sample_folder():
    """`python -m extractors serve-samples` (what `make sample-server` runs) answers on the port it prints."""
    import re
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "extractors", "serve-samples", "--port", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = process.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)", line).group(1)
        response = httpx.get(f"http://127.0.0.1:{port}/ai-venture-wire.xml")
        assert response.status_code == 200 and b"Black Forest Labs" in response.content
    finally:
        process.terminate()
        process.wait(timeout=10)
