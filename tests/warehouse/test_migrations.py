"""Migrations: applied once, in order, recorded; a second open applies nothing."""
from __future__ import annotations

import duckdb

from warehouse.connection import writer
from warehouse.migrate import apply_migrations, migration_files


def test_migration_files_are_numbered_uniquely_and_in_order():
    versions = [v for v, _, _ in migration_files()]
    assert versions == sorted(set(versions))
    assert versions[0] == 1


def test_migrations_apply_once_and_are_recorded(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = apply_migrations(con)
    assert first == [name for _, name, _ in migration_files()]
    assert apply_migrations(con) == []
    recorded = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert recorded == len(first)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "feed_fetches", "feed_state"} <= tables


def test_writer_publishes_a_read_copy_with_the_committed_rows(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path) as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                    "VALUES ('a', 'r1', 'http://x', now(), 'new')")
    copy = path.with_name("w.read.duckdb")
    ro = duckdb.connect(str(copy), read_only=True)
    assert ro.execute("SELECT feed, outcome FROM feed_fetches").fetchall() == [("a", "new")]


def test_failed_write_rolls_back_and_leaves_read_copy_untouched(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path) as con:
        con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                    "VALUES ('a', 'r1', 'http://x', now(), 'new')")
    try:
        with writer(path) as con:
            con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, outcome) "
                        "VALUES ('b', 'r1', 'http://x', now(), 'new')")
            raise RuntimeError("loader crashed")
    except RuntimeError:
        pass
    for p in (path, path.with_name("w.read.duckdb")):
        ro = duckdb.connect(str(p), read_only=True)
        assert ro.execute("SELECT feed FROM feed_fetches").fetchall() == [("a",)]
        ro.close()


def test_0400_keeps_every_stored_text_and_drops_only_the_derivable_copies(tmp_path):
    """A warehouse written before `text` became derived opens with the same texts it had."""
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT now())")
    for version, name, sql in migration_files():
        if version < 400:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    old_rows = [
        ("a1", "Title one", "Summary one", "Title one\n\nSummary one"),
        ("a2", "Title two", None, "Title two"),
        ("a3", "Title three", "Teaser", "Title three\n\nThe full body of the story."),
    ]
    con.executemany("INSERT INTO articles (article_id, url, canonical_url, feed, title, summary, text, "
                    "published_at, fetched_at, first_run_key) VALUES (?, 'u' || ?, 'u' || ?, 'f', ?, ?, ?, "
                    "now(), now(), 'r')", [(a, a, a, t, s, x) for a, t, s, x in old_rows])
    view_before = con.execute("SELECT * FROM landscape_as_of").fetchall()

    assert apply_migrations(con) == [name for v, name, _ in migration_files() if v >= 400]
    assert con.execute("SELECT article_id, text FROM articles ORDER BY 1").fetchall() == \
        [(a, x) for a, _, _, x in old_rows]
    assert con.execute("SELECT article_id FROM articles WHERE fulltext IS NOT NULL").fetchall() == [("a3",)]
    assert con.execute("SELECT * FROM landscape_as_of").fetchall() == view_before


def test_0500_keeps_every_link_and_guid_and_stores_only_the_differing_ones(tmp_path):
    """A warehouse written before `url` and `guid` became derived reads the same links and guids after."""
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT now())")
    for version, name, sql in migration_files():
        if version < 500:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    old_rows = [  # article_id, guid, url, canonical_url
        ("a1", "https://x.example/1", "https://x.example/1", "https://x.example/1"),
        ("a2", None, "https://x.example/2?utm_source=rss", "https://x.example/2"),
        ("a3", "tag:x.example,2026:3", "https://x.example/3", "https://x.example/3"),
        ("a4", "https://x.example/4?utm_source=rss", "https://x.example/4?utm_source=rss", "https://x.example/4"),
    ]
    con.executemany("INSERT INTO articles (article_id, guid, url, canonical_url, feed, title, published_at, "
                    "fetched_at, first_run_key) VALUES (?, ?, ?, ?, 'f', 't', now(), now(), 'r')", old_rows)

    assert apply_migrations(con) == [name for v, name, _ in migration_files() if v >= 500]
    assert con.execute("SELECT article_id, guid, url, canonical_url FROM articles ORDER BY 1").fetchall() == old_rows
    stored = con.execute("SELECT article_id, guid_stored, url_stored FROM articles ORDER BY 1").fetchall()
    assert stored == [("a1", None, None), ("a2", None, "https://x.example/2?utm_source=rss"),
                      ("a3", "tag:x.example,2026:3", None), ("a4", None, "https://x.example/4?utm_source=rss")]
