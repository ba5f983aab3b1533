"""A fixture warehouse for the digest: 26 Nov 2026 with something in every section, and 20 Nov 2026 quiet.

What it holds (and what the tests expect to read back):
* funding: xAI $6B at $40B (3 sources, one German), Mistral AI €1.7B (≈ $1.9B) at €11.7B (2 sources, one
  German), Black Forest Labs in talks for $300M (1 source); Anthropic $2B three days earlier (chart only).
* valuations: xAI $24B (June) -> $40B (+66.7%, its round's); OpenAI $300B (March) -> $500B (+66.7%); Mistral
  AI's €11.7B is its first on record (shown with its round only).
* investments/acquisitions: Microsoft invests €600M (≈ $650M) in Aleph Alpha; Cohere acquires Lumen Parse for
  $120M.
* stock moves: Nvidia shares down 4.2%, reported by an article titled `<script>alert(1)</script>` (escaping).
* model releases: Mistral AI releases Mistral Large 3.
* unusual attention: Aleph Alpha 9 mentions in 5 articles from 2 outlets vs about 0.5 a day over the four weeks
  before (28 days of data); OpenAI 22 vs 20 a day (not unusual).
* new entrants: Quantaloop Labs (discovered, first seen that day).
A `javascript:` URL on one source must not become a link.
The data is in: an ingest run that started after the day ended (27 Nov 00:05 UTC) read the feeds, and every
article has been extracted (the digest waits for both).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

DAY = date(2026, 11, 26)
QUIET_DAY = date(2026, 11, 20)
SCRIPT_TITLE = "<script>alert(1)</script>"

COMPANIES = [
    # company_id, name, kind, country, source, first_seen
    ("xai", "xAI", "lab", "US", "knowledge_base", None),
    ("mistral-ai", "Mistral AI", "lab", "FR", "knowledge_base", None),
    ("black-forest-labs", "Black Forest Labs", "lab", "DE", "knowledge_base", None),
    ("anthropic", "Anthropic", "lab", "US", "knowledge_base", None),
    ("openai", "OpenAI", "lab", "US", "knowledge_base", None),
    ("microsoft", "Microsoft", "bigtech", "US", "knowledge_base", None),
    ("aleph-alpha", "Aleph Alpha", "lab", "DE", "knowledge_base", None),
    ("cohere", "Cohere", "lab", "CA", "knowledge_base", None),
    ("lumen-parse", "Lumen Parse", "startup", "GB", "knowledge_base", None),
    ("nvidia", "Nvidia", "chipmaker", "US", "knowledge_base", None),
    ("a16z", "Andreessen Horowitz", "investor", "US", "knowledge_base", None),
    ("asml", "ASML", "corporate_vc", "NL", "knowledge_base", None),
    ("quantaloop-labs", "Quantaloop Labs", "discovered", None, "discovered", DAY),
    ("old-discovery", "Old Discovery GmbH", "discovered", None, "discovered", DAY - timedelta(days=30)),
]

# article_id, feed, lang, title, url, published_at (UTC)
ARTICLES = [
    ("a01", "techwire-ai", "en", "xAI raises $6 billion in Series C at a $40 billion valuation",
     "https://techwire.example/2026/11/xai-series-c", datetime(2026, 11, 26, 8, 5)),
    ("a02", "venture-daily", "en", "Musk's xAI closes $6B round led by Andreessen Horowitz",
     "https://venture-daily.example/xai-6b", datetime(2026, 11, 26, 9, 30)),
    ("a03", "ki-nachrichten", "de", "xAI sammelt sechs Milliarden Dollar ein – Bewertung steigt auf 40 Milliarden",
     "https://ki-nachrichten.example/artikel/xai-finanzierung", datetime(2026, 11, 26, 10, 0)),
    ("a04", "techwire-ai", "en", "Mistral AI raises €1.7B led by ASML",
     "https://techwire.example/2026/11/mistral-asml", datetime(2026, 11, 26, 7, 15)),
    ("a05", "ki-nachrichten", "de", "Mistral AI sammelt 1,7 Milliarden Euro ein: ASML führt die Runde an",
     "https://ki-nachrichten.example/artikel/mistral-asml", datetime(2026, 11, 26, 7, 45)),
    ("a06", "venture-daily", "en", "Black Forest Labs in talks to raise $300M",
     "javascript:alert(2)", datetime(2026, 11, 26, 12, 0)),
    ("a07", "venture-daily", "en", "OpenAI valued at $500 billion after share sale",
     "https://venture-daily.example/openai-500b", datetime(2026, 11, 26, 14, 0)),
    ("a08", "techwire-ai", "en", "Microsoft puts €600M into Aleph Alpha",
     "https://techwire.example/2026/11/microsoft-aleph-alpha", datetime(2026, 11, 26, 11, 0)),
    ("a09", "ki-nachrichten", "de", "Aleph Alpha: Microsoft steigt mit 600 Millionen Euro ein",
     "https://ki-nachrichten.example/artikel/aleph-alpha-microsoft", datetime(2026, 11, 26, 11, 30)),
    ("a10", "venture-daily", "en", "Cohere buys document-parsing startup Lumen Parse for $120M",
     "https://venture-daily.example/cohere-lumen-parse", datetime(2026, 11, 26, 15, 0)),
    ("a11", "markets-feed", "en", SCRIPT_TITLE,
     "https://markets.example/nvidia-slides?a=1&b=2", datetime(2026, 11, 26, 16, 0)),
    ("a12", "techwire-ai", "en", "Mistral AI releases Mistral Large 3",
     "https://techwire.example/2026/11/mistral-large-3", datetime(2026, 11, 26, 17, 0)),
    ("a13", "venture-daily", "en", "Quantaloop Labs emerges from stealth with an agent platform",
     "https://venture-daily.example/quantaloop", datetime(2026, 11, 26, 18, 0)),
    ("a00", "techwire-ai", "en", "Anthropic raises $2B",
     "https://techwire.example/2026/11/anthropic-2b", datetime(2026, 11, 23, 9, 0)),
]

# deal_id, investee, investee_id, amount, currency, amount_usd, valuation, valuation_currency, valuation_usd,
# round, investors, lead, status, announced_on, sources
FUNDING = [
    ("f-xai", "xAI", "xai", 6e9, "USD", 6e9, 40e9, "USD", 40e9, "series_c",
     ["Andreessen Horowitz", "Sequoia Capital", "Nvidia"], "Andreessen Horowitz", "completed", DAY, 3),
    ("f-mistral", "Mistral AI", "mistral-ai", 1.7e9, "EUR", 1.9e9, 11.7e9, "EUR", 12.8e9, "series_c",
     ["ASML", "Bpifrance"], "ASML", "completed", DAY, 2),
    ("f-bfl", "Black Forest Labs", "black-forest-labs", 300e6, "USD", 300e6, None, None, None, "series_b",
     [], None, "talks", DAY, 1),
    ("f-anthropic", "Anthropic", "anthropic", 2e9, "USD", 2e9, None, None, None, "growth",
     [], None, "completed", DAY - timedelta(days=3), 1),
]

# deal_id, company, company_id, amount, currency, amount_usd, status, as_of, sources
VALUATIONS = [
    ("v-xai-june", "xAI", "xai", 24e9, "USD", 24e9, "completed", date(2026, 6, 1), 1),
    ("v-openai-march", "OpenAI", "openai", 300e9, "USD", 300e9, "completed", date(2026, 3, 31), 2),
    ("v-openai", "OpenAI", "openai", 500e9, "USD", 500e9, "completed", DAY, 1),
    # the valuations the day's rounds were priced at are valuation events too (as the rebuild makes them)
    ("v-xai", "xAI", "xai", 40e9, "USD", 40e9, "completed", DAY, 3),
    ("v-mistral", "Mistral AI", "mistral-ai", 11.7e9, "EUR", 12.8e9, "completed", DAY, 2),
]

# deal_type, deal_id, article_id
DEAL_SOURCES = [
    ("funding_rounds", "f-xai", "a01"), ("funding_rounds", "f-xai", "a02"), ("funding_rounds", "f-xai", "a03"),
    ("funding_rounds", "f-mistral", "a04"), ("funding_rounds", "f-mistral", "a05"),
    ("funding_rounds", "f-bfl", "a06"), ("funding_rounds", "f-anthropic", "a00"),
    ("valuations", "v-openai", "a07"), ("valuations", "v-xai", "a01"), ("valuations", "v-xai", "a02"),
    ("valuations", "v-xai", "a03"), ("valuations", "v-mistral", "a04"), ("valuations", "v-mistral", "a05"),
    ("investments", "i-msft-aleph", "a08"), ("investments", "i-msft-aleph", "a09"),
    ("acquisitions", "q-cohere-lumen", "a10"),
    ("stock_moves", "s-nvidia", "a11"),
    ("model_releases", "m-mistral-large-3", "a12"),
]


def _articles_rows():
    for article_id, feed, lang, title, url, published in ARTICLES:
        yield (article_id, f"guid-{article_id}", url, url, feed, lang, title, None, title, published, None,
               published + timedelta(minutes=5), None, "fixture")


def _daily_mentions():
    """28 days of history before the day: Aleph Alpha every other day once, OpenAI 20 a day."""
    rows = []
    for back in range(1, 29):
        day = DAY - timedelta(days=back)
        rows.append(("openai", day, 20, 12))
        if back % 2 == 0:
            rows.append(("aleph-alpha", day, 1, 1))
    rows += [("openai", DAY, 22, 14), ("aleph-alpha", DAY, 9, 5), ("quantaloop-labs", DAY, 4, 2)]
    return rows


#: The first ingest run after the fixture day: it covers the day (and every day before it).
COVERING_INGEST = datetime(2026, 11, 27, 0, 5)


def record_covering_ingest(con, started: datetime = COVERING_INGEST) -> None:
    """An ingest run that read a feed after the day ended, and every stored article extracted: the day's data
    is in (what the digest waits for)."""
    con.execute("INSERT INTO feed_fetches (feed, run_key, url, started_at, finished_at, outcome) "
                "VALUES ('techwire-ai', ?, 'http://127.0.0.1/techwire.xml', ?, ?, 'not_modified')",
                [started.isoformat(), started, started + timedelta(seconds=2)])
    con.execute("INSERT INTO article_extractions (article_id, extractor_version, extracted_at, orgs, money, facts) "
                "SELECT article_id, 'fixture', fetched_at, 0, 0, 0 FROM articles "
                "WHERE article_id NOT IN (SELECT article_id FROM article_extractions)")


def build_fixture_warehouse(*, data_in: bool = True) -> None:
    """Insert the fixture rows through `writer()` (which also publishes the read copy the digest reads);
    `data_in=False` leaves out the covering ingest run."""
    from warehouse.connection import writer

    with writer() as con:
        con.executemany("INSERT INTO companies (company_id, name, kind, country, source, first_seen) "
                        "VALUES (?, ?, ?, ?, ?, ?)", COMPANIES)
        con.executemany("INSERT INTO articles (article_id, guid_stored, url_stored, canonical_url, feed, lang, title, summary, "
                        "fulltext, published_at, date_flag, fetched_at, fulltext_status, first_run_key) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(_articles_rows()))
        con.executemany("INSERT INTO funding_rounds (deal_id, investee, investee_id, amount, currency, amount_usd, "
                        "valuation, valuation_currency, valuation_usd, round, investors, lead_investor, status, "
                        "announced_on, last_reported_on, sources) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [f[:14] + (f[13], f[14]) for f in FUNDING])
        con.executemany("INSERT INTO valuations (deal_id, company, company_id, amount, currency, amount_usd, "
                        "status, as_of, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", VALUATIONS)
        con.execute("INSERT INTO investments (deal_id, investor, investor_id, investee, investee_id, amount, "
                    "currency, amount_usd, status, as_of, sources) VALUES "
                    "('i-msft-aleph', 'Microsoft', 'microsoft', 'Aleph Alpha', 'aleph-alpha', 600e6, 'EUR', 650e6, "
                    "'completed', ?, 2)", [DAY])
        con.execute("INSERT INTO acquisitions (deal_id, acquirer, acquirer_id, target, target_id, amount, currency, "
                    "amount_usd, status, as_of, sources) VALUES ('q-cohere-lumen', 'Cohere', 'cohere', "
                    "'Lumen Parse', 'lumen-parse', 120e6, 'USD', 120e6, 'completed', ?, 1)", [DAY])
        con.execute("INSERT INTO stock_moves (deal_id, company, company_id, percent, direction, period, as_of, "
                    "sources) VALUES ('s-nvidia', 'Nvidia', 'nvidia', 4.2, 'down', NULL, ?, 1)", [DAY])
        con.execute("INSERT INTO model_releases (deal_id, company, company_id, model, as_of, sources) VALUES "
                    "('m-mistral-large-3', 'Mistral AI', 'mistral-ai', 'Mistral Large 3', ?, 1)", [DAY])
        con.executemany("INSERT INTO deal_sources (deal_type, deal_id, article_id, fact_id) VALUES (?, ?, ?, ?)",
                        [(t, d, a, f"fact-{d}-{a}") for t, d, a in DEAL_SOURCES])
        con.executemany("INSERT INTO company_daily_mentions (company_id, day, mentions, articles) VALUES (?, ?, ?, ?)",
                        _daily_mentions())
        con.executemany("INSERT INTO mentions (article_id, company_id, sentence, start, \"end\", confidence, "
                        "published_on, extractor_version) VALUES (?, ?, 'fixture sentence', ?, ?, 0.9, ?, 'fixture')",
                        [("a08", "aleph-alpha", 0, 11, DAY), ("a09", "aleph-alpha", 0, 11, DAY),
                         ("a13", "quantaloop-labs", 0, 15, DAY)])
        if data_in:
            record_covering_ingest(con)
