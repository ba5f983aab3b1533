"""Extraction results into the warehouse: companies, article_extractions, mentions, facts, daily mention counts.

One call of `load_extraction_results` handles one shard inside the caller's transaction, set-based:
every article in the shard has its earlier facts, mentions and extraction record deleted and the new ones
inserted (so re-extracting an article, e.g. after an extractor upgrade, replaces instead of adding),
organisations outside the knowledge base become `kind = 'discovered'` companies (first_seen = the
earliest article date naming them, kept when an older article turns up), and `company_daily_mentions` is
recomputed for exactly the days the shard touched. The typed deal tables are rebuilt afterwards by
`warehouse.deal_clustering.rebuild_typed_tables`.

A results record (one per article, JSON Lines, written by `warehouse.extract_steps.extract_shard`):
`article_id`, `published_on` (YYYY-MM-DD), `extractor_version`, and the extraction contract's `lang`,
`orgs`, `money`, `facts`, plus `mentions` ([{company, start, end, sentence, confidence}]: the extractor's own
organisation spans, `extract_passages(..., with_mentions=True)`, so every name in `orgs` has a mention row and
no mention names an organisation the extractor did not output).
"""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from extractors.nlp.knowledge_base import company_id, load_companies

log = logging.getLogger(__name__)

KB_MENTION_CONFIDENCE = 0.95  # a mention record without a confidence (older results files): a knowledge-base match

FACT_SCHEMA = pa.schema([
    ("fact_id", pa.string()), ("type", pa.string()), ("article_id", pa.string()), ("payload", pa.string()),
    ("sentence", pa.string()), ("sentence_start", pa.int32()), ("sentence_end", pa.int32()),
    ("confidence", pa.float64()), ("status", pa.string()), ("published_on", pa.date32()),
    ("extractor_version", pa.string()),
])
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("company_id", pa.string()), ("company", pa.string()), ("sentence", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("confidence", pa.float64()), ("published_on", pa.date32()),
    ("extractor_version", pa.string()),
])
EXTRACTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("extractor_version", pa.string()), ("extracted_at", pa.timestamp("us")),
    ("lang", pa.string()), ("orgs", pa.int32()), ("money", pa.int32()), ("facts", pa.int32()),
    ("published_on", pa.date32()),
])
COMPANY_SCHEMA = pa.schema([
    ("company_id", pa.string()), ("name", pa.string()), ("aliases", pa.list_(pa.string())), ("kind", pa.string()),
    ("country", pa.string()), ("parent_company_id", pa.string()), ("ticker", pa.string()),
])


def fact_id(article_id: str, fact: dict[str, Any]) -> str:
    """sha1 of article, type, evidence offsets and the fact's fields: stable across re-extraction of the same output."""
    evidence = fact.get("evidence") or {}
    fields = {k: v for k, v in fact.items() if k not in ("evidence", "confidence")}
    key = json.dumps([article_id, fact.get("type"), evidence.get("start"), evidence.get("end"), fields],
                     sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def read_results(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def seed_companies(con) -> int:
    """Idempotent upsert of the knowledge base (parents -> parent_company_id); returns companies added.

    A name that was `discovered` earlier and has since entered the knowledge base is taken over by it."""
    companies = load_companies()
    rows = [{"company_id": c.company_id, "name": c.name, "aliases": list(c.aliases), "kind": c.kind,
             "country": c.country, "parent_company_id": company_id(c.parent) if c.parent else None,
             "ticker": c.ticker} for c in companies]
    con.register("kb_companies", pa.Table.from_pylist(rows, schema=COMPANY_SCHEMA))
    try:
        before = con.execute("SELECT count(*) FROM companies").fetchone()[0]
        con.execute("""
            DELETE FROM companies c USING kb_companies k
            WHERE c.source = 'discovered' AND (c.company_id = k.company_id OR lower(c.name) = lower(k.name))
        """)
        con.execute("""
            INSERT INTO companies (company_id, name, aliases, kind, country, parent_company_id, ticker, source, first_seen)
            SELECT company_id, name, aliases, kind, country, parent_company_id, ticker, 'knowledge_base', NULL
            FROM kb_companies
            ON CONFLICT (company_id) DO UPDATE SET
                name = excluded.name, aliases = excluded.aliases, kind = excluded.kind, country = excluded.country,
                parent_company_id = excluded.parent_company_id, ticker = excluded.ticker, source = 'knowledge_base'
        """)
        return con.execute("SELECT count(*) FROM companies").fetchone()[0] - before
    finally:
        con.unregister("kb_companies")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def result_tables(results: Iterable[dict[str, Any]], extracted_at: datetime) -> dict[str, pa.Table]:
    """Arrow tables for one shard, de-duplicated on each target key (DuckDB keeps the first of two equal keys)."""
    facts: dict[str, dict] = {}
    mentions: dict[tuple, dict] = {}
    extractions = []
    for record in results:
        aid = record["article_id"]
        version = record["extractor_version"]
        day = _as_date(record["published_on"])
        extractions.append({"article_id": aid, "extractor_version": version, "extracted_at": extracted_at,
                            "lang": record.get("lang"), "orgs": len(record.get("orgs") or []),
                            "money": len(record.get("money") or []), "facts": len(record.get("facts") or []),
                            "published_on": day})
        for fact in record.get("facts") or []:
            evidence = fact.get("evidence") or {}
            fid = fact_id(aid, fact)
            facts.setdefault(fid, {
                "fact_id": fid, "type": fact["type"], "article_id": aid,
                "payload": json.dumps(fact, ensure_ascii=False), "sentence": evidence.get("sentence") or "",
                "sentence_start": int(evidence.get("start") or 0), "sentence_end": int(evidence.get("end") or 0),
                "confidence": float(fact.get("confidence") or 0.0),
                "status": "talks" if fact.get("status") == "talks" else "completed",
                "published_on": day, "extractor_version": version})
        for mention in record.get("mentions") or []:
            cid = company_id(mention["company"])
            key = (aid, cid, int(mention["start"]))
            mentions.setdefault(key, {
                "article_id": aid, "company_id": cid, "company": mention["company"],
                "sentence": mention.get("sentence") or "", "start": int(mention["start"]), "end": int(mention["end"]),
                "confidence": float(mention.get("confidence", KB_MENTION_CONFIDENCE)), "published_on": day,
                "extractor_version": version})
    return {
        "facts": pa.Table.from_pylist(list(facts.values()), schema=FACT_SCHEMA),
        "mentions": pa.Table.from_pylist(list(mentions.values()), schema=MENTION_SCHEMA),
        "extractions": pa.Table.from_pylist(extractions, schema=EXTRACTION_SCHEMA),
    }


def load_extraction_results(con, results: list[dict[str, Any]], extracted_at: datetime | None = None) -> dict[str, int]:
    """Replace one shard's articles' facts, mentions and extraction records; add discovered companies;
    refresh daily mention counts of the touched days. Runs inside the caller's transaction."""
    extracted_at = extracted_at or datetime.now(timezone.utc).replace(tzinfo=None)
    tables = result_tables(results, extracted_at)
    for name, table in tables.items():
        con.register(f"staged_{name}", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE touched_days AS "
                    "SELECT DISTINCT published_on AS day FROM mentions WHERE article_id IN (SELECT article_id FROM staged_extractions) "
                    "UNION SELECT DISTINCT published_on FROM staged_mentions")
        for table in ("facts", "mentions", "article_extractions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM staged_extractions)")
        con.execute("""
            INSERT INTO facts (fact_id, type, article_id, payload, sentence, sentence_start, sentence_end,
                               confidence, status, published_on, extractor_version)
            SELECT fact_id, type, article_id, payload::JSON, sentence, sentence_start, sentence_end,
                   confidence, status, published_on, extractor_version
            FROM staged_facts
            WHERE fact_id NOT IN (SELECT fact_id FROM facts)
        """)
        con.execute("""
            INSERT INTO mentions (article_id, company_id, sentence, start, "end", confidence, published_on, extractor_version)
            SELECT article_id, company_id, sentence, start, "end", confidence, published_on, extractor_version
            FROM staged_mentions
        """)
        con.execute("""
            INSERT INTO article_extractions (article_id, extractor_version, extracted_at, lang, orgs, money, facts)
            SELECT article_id, extractor_version, extracted_at, lang, orgs, money, facts FROM staged_extractions
        """)
        discovered = _add_discovered_companies(con)
        con.execute("DELETE FROM company_daily_mentions WHERE day IN (SELECT day FROM touched_days)")
        con.execute("""
            INSERT INTO company_daily_mentions (company_id, day, mentions, articles)
            SELECT company_id, published_on, count(*), count(DISTINCT article_id)
            FROM mentions WHERE published_on IN (SELECT day FROM touched_days)
            GROUP BY ALL
        """)
        counts = {"articles": tables["extractions"].num_rows, "facts": tables["facts"].num_rows,
                  "mentions": tables["mentions"].num_rows, "discovered_companies": discovered,
                  "earliest_day": con.execute("SELECT min(day) FROM touched_days").fetchone()[0]}
    finally:
        for name in tables:
            con.unregister(f"staged_{name}")
        con.execute("DROP TABLE IF EXISTS touched_days")
    return counts


def refresh_mention_movers(con, since: date) -> None:
    """Recompute `mention_movers` from `since` on (the earliest day a load changed mention counts), so a load
    of today's articles does not recompute rolling windows over years of history."""
    from warehouse.named_queries import query

    con.execute("DELETE FROM mention_movers WHERE day >= ?", [since])
    con.execute(query("refresh_mention_movers"), {"since": since})


def _add_discovered_companies(con) -> int:
    """Organisations named in facts or mentions that no company row knows (by id or by name, any case)."""
    before = con.execute("SELECT count(*) FROM companies").fetchone()[0]
    con.execute("""
        CREATE OR REPLACE TEMP TABLE found_orgs AS
        SELECT company_id, arg_min(company, published_on) AS name, min(published_on) AS first_seen
        FROM staged_mentions GROUP BY company_id
    """)
    con.execute("""
        INSERT INTO companies (company_id, name, aliases, kind, country, parent_company_id, ticker, source, first_seen)
        SELECT f.company_id, f.name, [], 'discovered', NULL, NULL, NULL, 'discovered', f.first_seen
        FROM found_orgs f
        WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.company_id = f.company_id OR lower(c.name) = lower(f.name))
    """)
    con.execute("""
        UPDATE companies c SET first_seen = f.first_seen FROM found_orgs f
        WHERE c.company_id = f.company_id AND c.source = 'discovered' AND f.first_seen < c.first_seen
    """)
    con.execute("DROP TABLE found_orgs")
    return con.execute("SELECT count(*) FROM companies").fetchone()[0] - before
