"""`mentions` rows come from the extractor's own organisation spans, not from a second search of the text.

Regression: `warehouse/mention_locator.py` searched the text again with a cruder matcher that knew none of the
ambiguity rules, so `mentions` could name organisations `orgs` did not have (an ambiguous word) or miss ones it
had (a description resolved to its company, given a fake 0..0 mention).
"""
from __future__ import annotations

import duckdb

from extractors.nlp.knowledge_base import company_id
from warehouse.extract_steps import extract_records
from warehouse.load_facts import load_extraction_results, seed_companies
from warehouse.migrate import apply_migrations

ARTICLES = [
    {"article_id": "a1", "published": "2026-11-20", "lang": "en", "title": "Quantloop raises $12 million",
     "text": "Quantloop raises $12 million\n\nThe Berlin startup Quantloop has raised $12 million in a seed round "
             "led by Lakestar, according to Bloomberg. Quantloop will hire engineers."},
    {"article_id": "a2", "published": "2026-11-21", "lang": "de", "title": "Google-Mutter investiert",
     "text": "Die Google-Mutter Alphabet investiert in das Kölner Start-up Vektorwerk. Die Alphabet-Aktie stieg."},
    {"article_id": "a4", "published": "2026-11-22", "lang": "de", "title": "Deutsche Bank",
     "text": "Der Fonds der Deutschen Bank beteiligt sich an Aleph Alpha. Auch der Konzern Softbank prüft einen Einstieg."},
    {"article_id": "a3", "published": "2026-11-21", "lang": "en", "title": "Scale",
     "text": "Companies struggle to scale their AI projects, a survey found. Figure skating is not affected."},
]


def test_every_org_has_a_mention_and_every_mention_is_an_org():
    records = extract_records(ARTICLES, "test")
    for article, record in zip(ARTICLES, records):
        named = {m["company"] for m in record["mentions"]}
        assert named == set(record["orgs"]), article["article_id"]
        for m in record["mentions"]:
            surface = article["text"][m["start"]:m["end"]]
            assert surface and m["start"] < m["end"] and surface in m["sentence"]
            assert 0 < m["confidence"] <= 1
    assert records[3]["orgs"] == [] and records[3]["mentions"] == []  # "scale", "Figure": ordinary words
    # inflected and flattened forms the old text search could not find (it gave them a 0..0 mention)
    spans = {(m["company"], ARTICLES[2]["text"][m["start"]:m["end"]]) for m in records[2]["mentions"]}
    assert ("Deutsche Bank", "Deutschen Bank") in spans and ("SoftBank Group", "Softbank") in spans


def test_mention_rows_name_exactly_the_articles_orgs(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con)
    seed_companies(con)
    records = extract_records(ARTICLES, "test")
    load_extraction_results(con, records)
    for record in records:
        rows = con.execute("SELECT DISTINCT company_id FROM mentions WHERE article_id = ?", [record["article_id"]]).fetchall()
        assert {r[0] for r in rows} == {company_id(o) for o in record["orgs"]}
    quantloop = con.execute("SELECT count(*) FROM mentions WHERE company_id = 'quantloop'").fetchone()[0]
    assert quantloop == 3  # the headline, the descriptor sentence and the bare later mention
    con.close()
