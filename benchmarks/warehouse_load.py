"""Warehouse load throughput: staged NDJSON -> Arrow -> DuckDB upsert, as `load_articles` does it.

Prints rows/second for a cold load of 200 feeds x 1,000 articles into an empty warehouse and for the
same load again (every row already present: the idempotent re-run). Target: >= 200,000 rows/s.

The rows are shaped like the feeds newsmon reads: a ~70-character title, a ~300-character summary, URL,
guid and canonical URL, and for 1 article in 10 a ~3,000-character full text (since issue 17 most feeds of
config/feeds.yaml fetch full text, so the second figure below is the nearer one). Words are drawn at random from a large
vocabulary so that DuckDB's string compression does not get an easier job than real prose gives it.
A second figure loads the same rows with full text on every article: the worst case, no target.
"""
from __future__ import annotations

import json
import random
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FEEDS = 200
PER_FEED = 1_000


def _prose(rng: random.Random) -> Callable[[int], str]:
    vocabulary = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10))) for _ in range(30_000)]
    sentences = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 20))).capitalize() + "." for _ in range(20_000)]

    def prose(chars: int) -> str:
        parts, length = [], 0
        while length < chars:
            parts.append(rng.choice(sentences))
            length += len(parts[-1]) + 1
        return " ".join(parts)

    return prose


def _stage(directory: Path, *, fulltext_every: int) -> None:
    """Stage FEEDS x PER_FEED articles; every `fulltext_every`-th one carries a full text (0: none does)."""
    from warehouse.staging import write_feed_result

    rng = random.Random(20261127)
    prose = _prose(rng)
    for f in range(FEEDS):
        feed = f"bench-feed-{f:03d}"
        articles = []
        for i in range(PER_FEED):
            url = f"https://news{f}.example/2026/11/{prose(30).lower().replace(' ', '-')[:40]}-{i}"
            title = prose(60)[:70].rstrip() + f" {i}"
            summary = prose(300)
            full = bool(fulltext_every) and i % fulltext_every == 0
            articles.append({
                "article_id": f"{f:04x}{i:012x}", "guid": url, "url": url, "canonical_url": url, "feed": feed,
                "lang": "en" if i % 2 else "de", "title": title, "summary": summary,
                "text": f"{title}\n\n{prose(3_000)}" if full else f"{title}\n\n{summary}",
                "published_at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00", "date_flag": None,
                "fetched_at": "2026-11-27T10:00:00+00:00", "fulltext_status": "ok" if full else None,
            })
        fetch = {"feed": feed, "url": f"https://news{f}.example/feed", "started_at": "2026-11-27T10:00:00+00:00",
                 "finished_at": "2026-11-27T10:00:01+00:00", "http_status": 200, "outcome": "new", "error": None,
                 "items_seen": PER_FEED, "bytes": 0, "duration_ms": 1, "etag": None, "last_modified": None,
                 "retry_after_until": None}
        write_feed_result(directory, fetch, articles)


def _measure(tmp: Path, staging_dir: Path, *, full_report: bool) -> dict[str, float]:
    """Best-of-3 timings (seconds) of each stage, each attempt into a fresh migrated warehouse."""
    import duckdb

    from warehouse.connection import ensure_warehouse, writer
    from warehouse.load_articles import fetch_table, load_ingest_run, load_tables, read_articles
    from warehouse.staging import staged_feeds

    rows = FEEDS * PER_FEED
    staged = staged_feeds(staging_dir)
    fetches = fetch_table([record for record, _ in staged])
    runs: dict[str, list[float]] = {"parse": [], "upsert": [], "plain": [], "cold": [], "rerun": []}
    for attempt in range(3):
        started = time.perf_counter()
        articles = read_articles([path for _, path in staged])
        runs["parse"].append(time.perf_counter() - started)

        target = ensure_warehouse(tmp / f"{staging_dir.name}-arrow-{attempt}.duckdb")
        started = time.perf_counter()
        with writer(target) as con:
            stored = load_tables(con, "bench-run", fetches, articles)
        runs["upsert"].append(time.perf_counter() - started)
        assert stored == rows, stored
        if not full_report:
            continue

        con = duckdb.connect(str(tmp / f"{staging_dir.name}-plain-{attempt}.duckdb"))
        con.execute("SET preserve_insertion_order = false")
        con.register("staged", articles)
        started = time.perf_counter()
        con.execute("CREATE TABLE copy AS SELECT * FROM staged")
        con.execute("CHECKPOINT")
        runs["plain"].append(time.perf_counter() - started)
        con.close()

        target = ensure_warehouse(tmp / f"{staging_dir.name}-bench-{attempt}.duckdb")
        started = time.perf_counter()
        load_ingest_run("bench-run", staging_dir, target)
        runs["cold"].append(time.perf_counter() - started)
        started = time.perf_counter()
        summary = load_ingest_run("bench-run", staging_dir, target)
        runs["rerun"].append(time.perf_counter() - started)
        assert summary.articles_new == rows
    return {name: min(times) for name, times in runs.items() if times} | {"mb": articles.nbytes / 1e6}


def main() -> None:
    rows = FEEDS * PER_FEED
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"{rows:,} articles from {FEEDS} staged feeds; best of 3, each into a fresh migrated warehouse")
        figures = {}
        for label, every, full_report in (("summary only, as every feed in config/feeds.yaml", 0, True),
                                          ("1 in 10 with full text", 10, False),
                                          ("full text on every article (worst case)", 1, False)):
            staging = root / f"staging-{every}"
            _stage(staging, fulltext_every=every)
            size_mb = sum(p.stat().st_size for p in staging.iterdir()) / 1e6
            best = _measure(root, staging, full_report=full_report)
            print(f"{label} ({size_mb:.0f} MB of NDJSON, {best['mb']:.0f} MB as Arrow):")
            stages = (
                ("parse staging -> Arrow", "parse", ""),
                ("Arrow -> DuckDB upsert, commit, publish", "upsert", "   <- the load (target >= 200,000 rows/s)"),
                ("(scale) plain CREATE TABLE AS, same rows", "plain", "   default compression, no de-duplication"),
                ("end to end, cold", "cold", ""),
                ("end to end, re-run (all present)", "rerun", ""),
            )
            for name, key, note in stages:
                if key in best:
                    seconds = best[key]
                    print(f"  {name + ':':44s} {seconds:5.2f} s = {rows / seconds:>9,.0f} rows/s = "
                          f"{best['mb'] / seconds:5.0f} MB/s{note}")
            figures[f"load_rows_per_s_fulltext_every_{every}"] = round(rows / best["upsert"])
        print(json.dumps({"target_rows_per_s": 200_000} | figures))


if __name__ == "__main__":
    main()
