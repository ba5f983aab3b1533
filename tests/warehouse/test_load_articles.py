"""Loading staged feeds: idempotent upserts, duplicates stored once, items_new repeatable, feed_state derived."""
from __future__ import annotations

import duckdb

from warehouse import staging
from warehouse.connection import read_copy_path
from warehouse.feed_state import load_feed_states
from warehouse.load_articles import load_ingest_run


def article(aid, feed, url, *, canonical=None, title="t", fetched="2026-11-26T10:00:00+00:00"):
    return {
        "article_id": aid, "guid": aid, "url": url, "canonical_url": canonical or url, "feed": feed,
        "lang": "en", "title": title, "summary": "s", "text": f"{title}\n\ns",
        "published_at": "2026-11-26T09:00:00+00:00", "date_flag": None, "fetched_at": fetched,
        "fulltext_status": None,
    }


def fetch(feed, outcome="new", etag=None, started="2026-11-26T10:00:00+00:00", error=None, status=200):
    return {"feed": feed, "url": f"http://127.0.0.1/{feed}.xml", "started_at": started,
            "finished_at": started, "http_status": status, "outcome": outcome, "error": error,
            "items_seen": 2, "bytes": 100, "duration_ms": 5, "etag": etag, "last_modified": None,
            "retry_after_until": None}


def rows(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_load_is_idempotent_and_deduplicates_within_and_across_feeds(tmp_path):
    wh = tmp_path / "w.duckdb"
    run = tmp_path / "staging" / "run1"
    staging.write_feed_result(run, fetch("alpha", etag='"v1"'), [
        article("a1", "alpha", "https://ex.com/story-1"),
        article("a1", "alpha", "https://ex.com/story-1"),            # same guid twice in one feed
        article("a2", "alpha", "https://ex.com/story-2"),
    ])
    staging.write_feed_result(run, fetch("beta"), [
        article("b1", "beta", "https://ex.com/story-2?utm_source=x", canonical="https://ex.com/story-2"),
        article("b2", "beta", "https://ex.com/story-3", fetched="2026-11-26T10:00:01+00:00"),
    ])
    first = load_ingest_run("run1", run, wh)
    assert first.articles_staged == 5
    assert first.articles_new == 3
    assert first.feeds == 2 and first.feeds_ok == 2
    stored = rows(wh, "SELECT article_id FROM articles ORDER BY 1")
    assert stored == [("a1",), ("a2",), ("b2",)]

    again = load_ingest_run("run1", run, wh)
    assert again.articles_new == 3
    assert rows(wh, "SELECT count(*) FROM articles") == [(3,)]
    assert rows(wh, "SELECT feed, items_new FROM feed_fetches ORDER BY feed") == [("alpha", 2), ("beta", 1)]


def test_read_copy_and_feed_state_follow_each_load(tmp_path, newsmon_home):
    from extractors import settings

    wh = settings.warehouse_path()
    run1 = tmp_path / "r1"
    staging.write_feed_result(run1, fetch("alpha", etag='"v1"'), [article("a1", "alpha", "https://ex.com/1")])
    load_ingest_run("run1", run1, wh)
    run2 = tmp_path / "r2"
    staging.write_feed_result(run2, fetch("alpha", outcome="error", started="2026-11-26T10:30:00+00:00",
                                          error="HTTP 500", status=500), [])
    load_ingest_run("run2", run2, wh)
    assert rows(read_copy_path(wh), "SELECT count(*) FROM feed_fetches") == [(2,)]
    state = load_feed_states()["alpha"]
    assert state["etag"] == '"v1"'            # remembered from the last successful fetch
    assert state["consecutive_failures"] == 1
    assert state["last_outcome"] == "error"


def test_text_reads_back_exactly_and_is_stored_only_when_more_than_title_and_summary(tmp_path):
    """`text` is derived from title + summary (migration 0400); whatever the rule cannot rebuild is stored."""
    shapes = {
        "plain": ("Mistral AI raises EUR 600m", "The Paris lab closed a Series B.", None),
        "no-summary": ("Aleph Alpha hires", "", None),
        "null-summary": ("DeepL expands", None, None),
        "no-title": ("", "Only a summary here.", None),
        "full-text": ("Cohere raises $500m", "Short teaser.", "Cohere raises $500m\n\nThe whole article body."),
        "odd-spacing": ("Title", "Summary", "Title\n\n\nSummary"),
        "text-is-summary": ("Title", "Summary", "Summary"),
        "unicode": ("Über KI-Start-ups", "Nvidias Aktie stieg um 3 %.", None),
    }
    run = tmp_path / "staging" / "run1"
    items = []
    for aid, (title, summary, text) in shapes.items():
        item = article(aid, "alpha", f"https://ex.com/{aid}", title=title)
        item["summary"] = summary
        item["text"] = text if text is not None else f"{title}\n\n{summary or ''}".strip()
        items.append(item)
    staging.write_feed_result(run, fetch("alpha"), items)
    wh = tmp_path / "w.duckdb"
    load_ingest_run("run1", run, wh)

    stored = dict(rows(wh, "SELECT article_id, text FROM articles"))
    assert stored == {item["article_id"]: item["text"] for item in items}
    copies = {aid for (aid,) in rows(wh, "SELECT article_id FROM articles WHERE fulltext IS NOT NULL")}
    assert copies == {"full-text", "odd-spacing", "text-is-summary"}
    # The read copy serves the derived column too (the macro travels with the file).
    assert dict(rows(read_copy_path(wh), "SELECT article_id, text FROM articles")) == stored


def test_links_and_guids_read_back_exactly_and_are_stored_only_when_they_differ(tmp_path):
    """`url` and `guid` are derived from the canonical URL (migration 0500); a differing one is stored."""
    shapes = {  # article_id: (guid, url, canonical_url)
        "guid-is-link": ("https://ex.com/a", "https://ex.com/a", "https://ex.com/a"),
        "no-guid": (None, "https://ex.com/b", "https://ex.com/b"),
        "tracked-link": ("https://ex.com/c?utm_source=rss", "https://ex.com/c?utm_source=rss", "https://ex.com/c"),
        "own-guid": ("tag:ex.com,2026:d", "https://ex.com/d?ref=feed", "https://ex.com/d"),
    }
    run = tmp_path / "staging" / "run1"
    items = []
    for aid, (guid, url, canonical) in shapes.items():
        item = article(aid, "alpha", url, canonical=canonical)
        item["guid"] = guid
        items.append(item)
    staging.write_feed_result(run, fetch("alpha"), items)
    wh = tmp_path / "w.duckdb"
    load_ingest_run("run1", run, wh)

    assert {aid: (g, u, c) for aid, g, u, c in rows(wh, "SELECT article_id, guid, url, canonical_url FROM articles")} \
        == shapes
    stored = {aid: (g, u) for aid, g, u in rows(wh, "SELECT article_id, guid_stored, url_stored FROM articles")}
    assert stored == {"guid-is-link": (None, None), "no-guid": (None, None),
                      "tracked-link": (None, "https://ex.com/c?utm_source=rss"),
                      "own-guid": ("tag:ex.com,2026:d", "https://ex.com/d?ref=feed")}


def test_batch_first_copies_keeps_the_earliest_fetched_copy_and_everything_when_keys_are_distinct():
    import pyarrow as pa

    from warehouse.load_articles import batch_first_copies

    def keys(rows):
        names = ["article_id", "canonical_url", "fetched_at", "feed", "url", "staged_row"]
        return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})

    con = duckdb.connect()
    distinct = keys([("a", "u1", 2, "f", "u1", 0), ("b", "u2", 1, "f", "u2", 1)])
    assert batch_first_copies(con, distinct).equals(distinct)
    # Same id fetched twice (the later fetch staged first), and a third id sharing the first's canonical URL.
    duplicated = keys([("a", "u1", 5, "late", "u1", 0), ("a", "u1", 3, "early", "u1", 1),
                       ("c", "u1", 1, "other", "u1?x", 2), ("b", "u2", 4, "f", "u2", 3)])
    chosen = batch_first_copies(con, duplicated)
    assert sorted(chosen["staged_row"].to_pylist()) == [1, 3]
