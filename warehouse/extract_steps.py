"""The extract DAG's task bodies, Airflow-free so they are tested without a scheduler.

* `stage_pending` reads the published read copy (never blocking the writer) for articles whose last
  extraction came from another extractor version (or none; every article when `reprocess_all`), or came
  before the article's page text arrived (`fulltext_at`, a page fetched by a later ingest run), and writes
  them as JSON Lines shards of `SHARD_SIZE` under `<staging>/extract/<run>/`. XCom carries only the paths.
  Each article's text is capped at `NEWSMON_EXTRACT_MAX_CHARS` there (`warehouse.extraction_limits`).
* `extract_shard` runs anywhere: spaCy pipelines are built once per process (cached) and every article goes
  through `extract_passages` within its time limit, the shard within its own; the results (and the
  limits met) land beside the shard.
* `refresh_fx_rates` tries the live ECB rates and stages them in a file; failing is normal offline.
* `load_facts` is the one writer: companies from the knowledge base and the FX snapshot first, then one
  transaction per shard (replace facts/mentions/extractions, discovered companies, daily mention counts,
  the shard's `extraction_limits` rows), then one transaction that rebuilds the typed deal tables and
  publishes the read copy.
"""
from __future__ import annotations

import json
import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extractors import settings
from warehouse import ops_settings, staging
from warehouse.local_time import local_day

log = logging.getLogger(__name__)

SHARD_SIZE = 500
RESULTS_SUFFIX = ".results.jsonl"
FX_FILE = "ecb_rates.json"


def extract_dir(run_key: str, root: Path | None = None) -> Path:
    return staging.run_dir(root or settings.staging_root(), "extract", run_key)


def fx_file(run_key: str, root: Path | None = None) -> Path:
    """Where `refresh_fx_rates` stages live rates for `load_facts` (apart from the shards, which are restaged)."""
    return staging.run_dir(root or settings.staging_root(), "fx", run_key) / FX_FILE


def results_path(shard: Path | str) -> Path:
    shard = Path(shard)
    return shard.with_name(shard.name.removesuffix(".jsonl") + RESULTS_SUFFIX)


def current_extractor_version() -> str:
    from extractors.nlp import version

    return version.EXTRACTOR_VERSION


def pending_articles(con, extractor_version: str, reprocess_all: bool = False, max_chars: int | None = None):
    """Arrow table of the articles to (re-)extract, in article_id order (stable shards on re-run).

    An article extracted from its summary before its page arrived (`fulltext_at` after `extracted_at`) is
    pending again, so a fact only the body states reaches the warehouse on the next run. `text` holds at most
    `max_chars` + 1 characters (enough to tell and cut a longer one) and `text_chars` the full length.
    Articles whose extraction ran out of time with this version are left out (unless `reprocess_all`): they
    would only run out of time again."""
    return con.execute("""
        SELECT a.article_id, a.lang, a.title, left(a.text, $max_chars + 1) AS text, length(a.text) AS text_chars,
               coalesce(a.published_at, a.fetched_at) AS published_at, a.fulltext_at,
               article_is_dated(a.date_flag) AS dated
        FROM articles a LEFT JOIN article_extractions e USING (article_id)
        WHERE ($all OR e.extractor_version IS DISTINCT FROM $version OR a.fulltext_at > e.extracted_at)
          AND ($all OR a.article_id NOT IN (SELECT article_id FROM extraction_limits
                                            WHERE extractor_version = $version AND kind = 'deadline'))
        ORDER BY a.article_id
    """, {"all": reprocess_all, "version": extractor_version,
          "max_chars": max_chars or ops_settings.extract_max_chars()}).to_arrow_table()


def forget_extractions_of_changed_texts(con, staged: list[dict[str, Any]]) -> int:
    """Drop the extraction records of staged articles whose page text arrived after they were staged.

    Regression guard for a race: `stage_pending` read the summary, an ingest load stored the page, then
    `load_facts` stamped the summary's extraction with a time after the page's `fulltext_at`, so the page
    would never be extracted. Run in `load_facts`' transaction (the writer lock orders it against ingest
    loads); a dropped record makes the article pending for the next run. Returns how many were dropped."""
    import pyarrow as pa

    seen = pa.Table.from_pylist([{"article_id": a["article_id"], "fulltext_at": a.get("fulltext_at")} for a in staged],
                                schema=pa.schema([("article_id", pa.string()), ("fulltext_at", pa.string())]))
    con.register("staged_texts", seen)
    try:
        changed = [row[0] for row in con.execute("""
            SELECT s.article_id FROM staged_texts s JOIN articles a USING (article_id)
            WHERE a.fulltext_at IS DISTINCT FROM s.fulltext_at::TIMESTAMP
        """).fetchall()]
    finally:
        con.unregister("staged_texts")
    if changed:
        con.execute("DELETE FROM article_extractions WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))",
                    {"ids": changed})
        log.info("%d article(s) got their page text while being extracted: pending again", len(changed))
    return len(changed)


def stage_pending(run_key: str, *, reprocess_all: bool = False, root: Path | None = None,
                  warehouse_path: Path | None = None, shard_size: int = SHARD_SIZE) -> list[str]:
    """Write the to-do list as shards; returns their paths (empty when nothing is pending)."""
    from warehouse.connection import ensure_warehouse, reader

    from warehouse.extraction_limits import cut_text

    version = current_extractor_version()
    ensure_warehouse(warehouse_path)            # the extract DAG is a writer: it may start on a clean home
    max_chars = ops_settings.extract_max_chars()
    con = reader(warehouse_path)
    try:
        table = pending_articles(con, version, reprocess_all, max_chars)
    finally:
        con.close()
    directory = extract_dir(run_key, root)
    if directory.exists():
        shutil.rmtree(directory)  # a re-run of this run restages from the current state
    directory.mkdir(parents=True)
    rows = table.to_pylist()
    # The day an article counts for (digest, mention windows) is its publication day in NEWSMON_TZ.
    # Changing NEWSMON_TZ later re-dates only articles extracted after the change.
    for row in rows:
        row["published"] = local_day(row.pop("published_at")).isoformat()
        row["fulltext_at"] = row["fulltext_at"].isoformat() if row["fulltext_at"] else None
        if (row["text_chars"] or 0) > max_chars:   # kept: `extract_shard` records the cut
            row["text"] = cut_text(row["text"], max_chars)
        else:
            del row["text_chars"]
    shards = []
    for number, start in enumerate(range(0, len(rows), shard_size)):
        path = directory / f"shard-{number:05d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[start:start + shard_size]),
                        encoding="utf-8")
        shards.append(str(path))
    log.info("%d articles pending for extractor %s%s, staged in %d shard(s) under %s", len(rows), version,
             " (reprocess_all)" if reprocess_all else "", len(shards), directory)
    cut = sum("text_chars" in row for row in rows)
    if cut:
        log.warning("%d article(s) longer than %d characters: only their first %d are extracted", cut, max_chars,
                    max_chars)
    return shards


def extract_records(articles: list[dict[str, Any]], extractor_version: str) -> list[dict[str, Any]]:
    """Results records (see warehouse.load_facts) for staged articles."""
    from extractors.nlp.extract import extract_passages

    # An article without a usable date is stored under its fetch day, but that day must not resolve its
    # relative dates ("last month", "on Tuesday"): without `published` only explicit dates resolve.
    passages = [{"id": a["article_id"], "text": a.get("text") or a.get("title") or "", "lang": a.get("lang"),
                 "published": a.get("published") if a.get("dated", True) else None, "title": a.get("title")}
                for a in articles]
    outputs = extract_passages(passages, with_mentions=True)
    records = []
    for article, out in zip(articles, outputs):
        records.append({"article_id": article["article_id"], "published_on": article["published"],
                        "extractor_version": extractor_version, "lang": out.get("lang"),
                        "orgs": out.get("orgs") or [], "money": out.get("money") or [],
                        "facts": out.get("facts") or [], "mentions": out.get("mentions") or []})
    return records


def _write_lines(target: Path, rows: list[dict[str, Any]]) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.rename(target)


def extract_shard(shard: str) -> dict[str, Any]:
    """Extract one shard into its results file (written atomically, after the file of limits met, so a
    results file means the shard is done); returns small counts for XCom."""
    from extractors.nlp.pipeline import LANGUAGES, get_pipeline
    from warehouse.extraction_limits import extract_within_limits, limits_path

    path = Path(shard)
    with open(path, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    version = current_extractor_version()
    for lang in LANGUAGES:   # built before the clocks start: building is not an article's time
        get_pipeline(lang)
    bounded = extract_within_limits(
        articles, lambda batch: extract_records(batch, version), version=version,
        article_seconds=ops_settings.extract_article_seconds(), shard_seconds=ops_settings.extract_shard_seconds(),
        max_chars=ops_settings.extract_max_chars())
    _write_lines(limits_path(path), bounded.limits)
    _write_lines(results_path(path), bounded.records)
    facts = sum(len(r["facts"]) for r in bounded.records)
    timed_out = sum(row["kind"] == "deadline" for row in bounded.limits)
    log.info("shard %s: %d articles, %d facts; %d cut, %d out of time, %d left for the next run", path.name,
             len(bounded.records), facts, len(bounded.limits) - timed_out, timed_out, len(bounded.left_pending))
    return {"shard": path.name, "articles": len(bounded.records), "facts": facts,
            "text_capped": len(bounded.limits) - timed_out, "timed_out": timed_out,
            "left_pending": len(bounded.left_pending)}


def refresh_fx_rates(run_key: str, *, root: Path | None = None, url: str | None = None) -> dict[str, Any]:
    """Optional: stage the live ECB rates for `load_facts`; never fails the run when offline."""
    from warehouse.fx_rates import fetch_ecb_rates, write_rates_file

    rates = fetch_ecb_rates(url)
    target = fx_file(run_key, root)
    if not rates:
        target.unlink(missing_ok=True)
        return {"refreshed": 0, "using": "bundled snapshot and stored rates"}
    write_rates_file(target, rates)
    return {"refreshed": len(rates), "dates": sorted({r.rate_date.isoformat() for r in rates})}


def _next_transaction(con) -> None:
    con.execute("COMMIT")
    con.execute("BEGIN TRANSACTION")


def load_facts(run_key: str, shards: list[str], *, root: Path | None = None,
               warehouse_path: Path | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Reference data, one transaction per shard, then the typed-table rebuild (which publishes)."""
    from warehouse.connection import writer
    from warehouse.deal_clustering import rebuild_typed_tables
    from warehouse.extraction_limits import read_limits, record_limits
    from warehouse.fx_rates import load_snapshot, read_rates_file, upsert_rates
    from warehouse.load_facts import load_extraction_results, read_results, refresh_mention_movers, seed_companies

    extracted_at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
    totals: dict[str, Any] = {"shards": 0, "articles": 0, "facts": 0, "mentions": 0, "discovered_companies": 0,
                              "limits_recorded": 0}
    earliest = []
    # One writer session (lock held, one open and one publish), one transaction per step: `writer` opened
    # the first; each step commits its own and begins the next, so a failure rolls back only the step it hit.
    with writer(warehouse_path) as con:
        totals["companies_seeded"] = seed_companies(con)
        totals["fx_rates_added"] = load_snapshot(con) + upsert_rates(con, read_rates_file(fx_file(run_key, root)))
        for shard in shards:
            _next_transaction(con)
            counts = load_extraction_results(con, read_results(results_path(shard)), extracted_at)
            forget_extractions_of_changed_texts(con, read_results(shard))
            totals["limits_recorded"] += record_limits(con, read_limits(shard), run_key, extracted_at)
            totals["shards"] += 1
            day = counts.pop("earliest_day")
            if day is not None:
                earliest.append(day)
            for key, value in counts.items():
                totals[key] += value
        _next_transaction(con)
        totals["events"] = rebuild_typed_tables(con)
        if earliest:   # movers only change from the earliest day whose mention counts changed
            refresh_mention_movers(con, min(earliest))
    log.info("load_facts %s: %s", run_key, totals)
    return totals
