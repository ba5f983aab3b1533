"""Warehouse load throughput: staged NDJSON -> Arrow -> DuckDB upsert, as `load_articles` does it.

Prints rows/second for a cold load of 200 feeds x 1,000 articles into an empty warehouse and for the
same load again (every row already present: the idempotent re-run). Target: >= 200,000 rows/s.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

FEEDS = 200
PER_FEED = 1_000


def _stage(directory: Path) -> None:
    from warehouse.staging import write_feed_result

    for f in range(FEEDS):
        feed = f"bench-feed-{f:03d}"
        articles = []
        for i in range(PER_FEED):
            url = f"https://news{f}.example/2026/11/story-{i}"
            articles.append({
                "article_id": f"{f:04x}{i:012x}", "guid": url, "url": url, "canonical_url": url, "feed": feed,
                "lang": "en" if i % 2 else "de", "title": f"Story {i} from feed {f}",
                "summary": "A startup raised money from investors. " * 3,
                "text": "A startup raised money from investors. " * 12,
                "published_at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00", "date_flag": None,
                "fetched_at": "2026-11-27T10:00:00+00:00", "fulltext_status": None,
            })
        fetch = {"feed": feed, "url": f"https://news{f}.example/feed", "started_at": "2026-11-27T10:00:00+00:00",
                 "finished_at": "2026-11-27T10:00:01+00:00", "http_status": 200, "outcome": "new", "error": None,
                 "items_seen": PER_FEED, "bytes": 0, "duration_ms": 1, "etag": None, "last_modified": None,
                 "retry_after_until": None}
        write_feed_result(directory, fetch, articles)


def _best(runs: list[float]) -> float:
    return min(runs)


def main() -> None:
    import duckdb

    from warehouse.connection import ensure_warehouse, writer
    from warehouse.load_articles import fetch_table, load_ingest_run, load_tables, read_articles
    from warehouse.staging import staged_feeds

    with tempfile.TemporaryDirectory() as tmp:
        staging_dir = Path(tmp) / "staging"
        _stage(staging_dir)
        size_mb = sum(p.stat().st_size for p in staging_dir.iterdir()) / 1e6
        rows = FEEDS * PER_FEED
        print(f"{rows:,} articles of ~1 KB from {FEEDS} staged feeds ({size_mb:.0f} MB of NDJSON); "
              "best of 3, each into a fresh migrated warehouse")

        staged = staged_feeds(staging_dir)
        fetches = fetch_table([record for record, _ in staged])
        parse, upsert, plain, cold, rerun = [], [], [], [], []
        for attempt in range(3):
            started = time.perf_counter()
            articles = read_articles([path for _, path in staged])
            parse.append(time.perf_counter() - started)

            target = ensure_warehouse(Path(tmp) / f"arrow-{attempt}.duckdb")
            started = time.perf_counter()
            with writer(target) as con:
                load_tables(con, "bench-run", fetches, articles)
            upsert.append(time.perf_counter() - started)

            con = duckdb.connect(str(Path(tmp) / f"plain-{attempt}.duckdb"))
            con.execute("SET preserve_insertion_order = false")
            con.register("staged", articles)
            started = time.perf_counter()
            con.execute("CREATE TABLE copy AS SELECT * FROM staged")
            con.execute("CHECKPOINT")
            plain.append(time.perf_counter() - started)
            con.close()

            target = ensure_warehouse(Path(tmp) / f"bench-{attempt}.duckdb")
            started = time.perf_counter()
            load_ingest_run("bench-run", staging_dir, target)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            summary = load_ingest_run("bench-run", staging_dir, target)
            rerun.append(time.perf_counter() - started)
            assert summary.articles_new == rows

        mb = articles.nbytes / 1e6
        for label, runs, note in (
            ("parse staging -> Arrow", parse, ""),
            ("Arrow -> DuckDB upsert, commit, publish", upsert, "   <- the load itself (target >= 200,000 rows/s)"),
            ("(scale) plain CREATE TABLE AS, same rows", plain, "   DuckDB's own write speed for rows this wide"),
            ("end to end, cold", cold, ""),
            ("end to end, re-run (all present)", rerun, ""),
        ):
            best = _best(runs)
            print(f"  {label + ':':44s} {best:5.2f} s = {rows / best:>9,.0f} rows/s = {mb / best:5.0f} MB/s{note}")
        print(json.dumps({"target_rows_per_s": 200_000}))


if __name__ == "__main__":
    main()
