"""Load one ingest run's staged feeds into `articles` and `feed_fetches`, idempotently.

Rows travel as Arrow tables (pyarrow's JSON reader parses the staged NDJSON in C++), are de-duplicated
inside the batch (DuckDB keeps the first of two equal keys, so order decides), and reach the tables
through set-based INSERT ... SELECT with anti-joins: an article already stored under the same id or the
same canonical URL is not stored again. `items_new` counts the articles this run stored first, so
re-running the run reproduces the same numbers.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from extractors.feeds.feed_entries import as_utc

from warehouse.connection import writer
from warehouse.named_queries import query
from warehouse.staging import staged_feeds

log = logging.getLogger(__name__)

_TS = pa.timestamp("us", tz="UTC")

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("guid", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()),
    ("feed", pa.string()), ("lang", pa.string()), ("title", pa.string()), ("summary", pa.string()),
    ("text", pa.string()), ("published_at", _TS), ("date_flag", pa.string()), ("fetched_at", _TS),
    ("fulltext_status", pa.string()),
])

FETCH_SCHEMA = pa.schema([
    ("feed", pa.string()), ("url", pa.string()), ("started_at", _TS), ("finished_at", _TS),
    ("http_status", pa.int32()), ("outcome", pa.string()), ("error", pa.string()), ("items_seen", pa.int32()),
    ("bytes", pa.int64()), ("duration_ms", pa.int32()), ("etag", pa.string()), ("last_modified", pa.string()),
    ("retry_after_until", _TS),
])


@dataclass(frozen=True)
class LoadSummary:
    run_key: str
    feeds: int
    feeds_ok: int
    feeds_not_modified: int
    feeds_failed: int
    articles_staged: int
    articles_new: int
    pages: dict[str, int] = field(default_factory=dict)  # page results stored, by status class (ok, pending ...)

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def fetch_table(records: list[dict[str, Any]]) -> pa.Table:
    rows = []
    for record in records:
        row = {name: record.get(name) for name in FETCH_SCHEMA.names}
        for key in ("started_at", "finished_at", "retry_after_until"):
            row[key] = as_utc(row[key])
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=FETCH_SCHEMA)


def _read_staged_json(path: Path, options: pa_json.ParseOptions) -> pa.Table:
    """One staged file; a line longer than Arrow's 1 MiB block (a multi-MB summary: an item may be up to the
    feed's 10 MiB cap) is read again with one block for the whole file instead of failing the run's load."""
    try:
        return pa_json.read_json(path, parse_options=options)
    except pa.ArrowInvalid as error:
        if "straddling" not in str(error):
            raise
        block = min(path.stat().st_size + 1, 2**31 - 1)
        return pa_json.read_json(path, parse_options=options, read_options=pa_json.ReadOptions(block_size=block))


def read_articles(files: list[Path]) -> pa.Table:
    options = pa_json.ParseOptions(explicit_schema=ARTICLE_SCHEMA, unexpected_field_behavior="ignore")
    tables = [_read_staged_json(f, options) for f in files if f.exists() and f.stat().st_size > 0]
    if not tables:
        return ARTICLE_SCHEMA.empty_table()
    return with_link_placeholders(pa.concat_tables([t.select(ARTICLE_SCHEMA.names).cast(ARTICLE_SCHEMA) for t in tables]))


def with_link_placeholders(articles: pa.Table) -> pa.Table:
    """Entries without a link get `urn:newsmon:article:<id>` as url and canonical URL.

    Regression: `articles.url`/`canonical_url` are NOT NULL, and one linkless item (legal in RSS: a guid is
    enough) made the whole run's load fail, so no feed of the run landed. A per-article URN also keeps such
    items apart in the by-canonical-URL de-duplication, where NULLs would have collapsed into one.
    """
    placeholder = pc.binary_join_element_wise("urn:newsmon:article:", articles["article_id"], "")
    for name in ("canonical_url", "url"):
        column = articles[name]
        if column.null_count:
            index = articles.schema.get_field_index(name)
            articles = articles.set_column(index, name, pc.if_else(pc.is_null(column), placeholder, column))
    return articles


_KEY_COLUMNS = ["article_id", "canonical_url", "fetched_at", "feed", "url"]


def batch_first_copies(con, keys: pa.Table) -> pa.Table:
    """The rows of `keys` that are the first copy of their story inside this batch (batch_first_copies.sql).

    A batch whose ids and canonical URLs are all distinct has nothing to choose between, and that is the
    usual cold load; checking it in Arrow (two hash passes) skips the query's two sorts, a sixth of a
    200,000-row load.
    """
    if all(pc.count_distinct(keys[name]).as_py() == keys.num_rows for name in ("article_id", "canonical_url")):
        return keys
    con.register("staged_keys", keys)
    try:
        return keys.take(con.execute(query("batch_first_copies")).to_arrow_table()["staged_row"])
    finally:
        con.unregister("staged_keys")


def load_tables(con, run_key: str, fetches: pa.Table, articles: pa.Table) -> int:
    """The set-based upsert; returns how many articles this call stored (not this run in total)."""
    con.execute("SET TimeZone = 'UTC'")
    # staged_row (the Arrow row number) lets de-duplication work on key columns only.
    keys = articles.select(_KEY_COLUMNS).append_column("staged_row", pa.array(range(articles.num_rows), pa.int64()))
    con.register("candidate_keys", batch_first_copies(con, keys))
    con.register("staged_fetches", fetches)
    try:
        before = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = con.execute(query("new_article_rows")).to_arrow_table()["staged_row"]
        # The usual cold batch is all new: no copy of the wide columns then.
        con.register("new_articles", articles if len(rows) == articles.num_rows else articles.take(rows))
        con.execute(query("insert_new_articles"), {"run_key": run_key})
        after = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        con.execute(query("upsert_feed_fetches"), {"run_key": run_key})
    finally:
        for name in ("candidate_keys", "staged_fetches", "new_articles"):
            try:
                con.unregister(name)
            except Exception:  # noqa: BLE001 - not registered when an earlier step failed
                pass
    return after - before


def load_ingest_run(run_key: str, staging_dir: Path, warehouse_path: Path | None = None,
                    pages_dir: Path | None = None) -> LoadSummary:
    """Everything one run staged, in one transaction: feeds and articles, then the pages of `pages_dir`."""
    staged = staged_feeds(staging_dir)
    fetches = fetch_table([record for record, _ in staged])
    articles = read_articles([path for _, path in staged])
    pages: dict[str, int] = {}
    with writer(warehouse_path) as con:
        stored = load_tables(con, run_key, fetches, articles)
        if pages_dir is not None:
            from warehouse.load_pages import apply_page_results

            pages = apply_page_results(con, run_key, pages_dir, datetime.now(timezone.utc))
        new_for_run = con.execute(
            "SELECT coalesce(sum(items_new), 0) FROM feed_fetches WHERE run_key = ?", [run_key]
        ).fetchone()[0]
    outcomes = [record.get("outcome") for record, _ in staged]
    summary = LoadSummary(
        run_key=run_key,
        feeds=len(staged),
        feeds_ok=outcomes.count("new"),
        feeds_not_modified=outcomes.count("not_modified"),
        feeds_failed=sum(o in ("error", "gone") for o in outcomes),
        articles_staged=articles.num_rows,
        articles_new=int(new_for_run),
        pages=pages,
    )
    log.info("loaded run %s: %d feeds (%d ok, %d not modified, %d failed), %d articles staged, "
             "%d new for this run (%d stored by this attempt)", run_key, summary.feeds, summary.feeds_ok,
             summary.feeds_not_modified, summary.feeds_failed, summary.articles_staged, summary.articles_new, stored)
    return summary
