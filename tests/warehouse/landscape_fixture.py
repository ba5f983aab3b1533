"""A small, hand-written landscape: articles plus the extraction results (spec format) a good extractor would
return for them, loaded through the real path (staging -> load_ingest_run, results files -> load_facts).

What it holds (the answers tests check):
* Mistral AI Series C, €1.7bn, reported by five outlets in two languages over three days (2026-11-24..26);
  four reports give a €11.7bn valuation, one gives €14bn -> one round, sources 5, conflicting.
* Anthropic: Series E $3.5bn at $61.5bn (2026-03-03), Series F $13bn at $183bn (2026-09-02); Amazon invests
  $4bn (2026-10-14).
* OpenAI: talks to raise $40bn at $300bn (2026-11-20) -> status 'talks', not counted as raised.
* SAP acquires Langdock (2026-11-25); Nvidia shares up 6% (2026-11-25).
* Quantloop (not in the knowledge base): seed $12m (2026-11-23), then in the news every day -> discovered
  company, new entrant, mover.
* Periods (`as_of`): the 26 Nov Mistral piece recalls "€6bn im Juni 2024" (an event of its own, 2024-06-01,
  the previous value of this round's €11.7bn, not a conflict); the 26 Nov Anthropic piece recalls "$183bn in
  September" (it joins the 2 Sep valuation instead of becoming a 26 Nov one).
* An undated item (its feed gave no date, `date_flag = 'missing'`), fetched on 2026-11-30: Gearloop Robotics
  raises $100m, Nvidia named. It sets no `landscape_as_of` (still 26 Nov) and no deal date (`date_unknown`).
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from warehouse import staging
from warehouse.extract_steps import load_facts, results_path
from warehouse.load_articles import load_ingest_run

AS_OF = date(2026, 11, 26)
UNDATED_FETCH_DAY = "2026-11-30"


def _evidence(text: str) -> dict[str, Any]:
    return {"sentence": text, "start": 0, "end": len(text)}


def round_fact(investee, amount, currency, *, valuation=None, round_="unknown", investors=(), lead=None, status=None,
               sentence="x") -> dict[str, Any]:
    fact = {"type": "funding_round", "investee": investee, "investors": list(investors), "amount": amount,
            "currency": currency, "valuation": valuation, "round": round_, "evidence": _evidence(sentence),
            "confidence": 0.9}
    if lead:
        fact["lead"] = lead
    if status:
        fact["status"] = status
    return fact


def article(aid: str, day: str, title: str, *, lang: str = "en", feed: str = "fixture-news",
            orgs: list[str] | None = None, facts: list[dict] | None = None, undated: bool = False) -> dict[str, Any]:
    """`undated`: the feed gave no date; `day` is then the fetch day, as the loader stores it."""
    return {"article_id": aid, "day": day, "title": title, "lang": lang, "feed": feed, "orgs": orgs or [],
            "facts": facts or [], "undated": undated}


def valuation_fact(company: str, amount: float, currency: str, *, as_of: tuple[str, str | None] | None = None,
                   sentence: str = "x") -> dict[str, Any]:
    """A valuation fact; `as_of` = (the period as written, its first day or None) when it states one."""
    fact = {"type": "valuation", "company": company, "amount": amount, "currency": currency,
            "evidence": _evidence(sentence), "confidence": 0.9}
    if as_of:
        fact["as_of"] = {"text": as_of[0], "date": as_of[1]}
    return fact


def landscape_articles() -> list[dict[str, Any]]:
    mistral = lambda valuation: round_fact("Mistral AI", 1.7e9, "EUR", valuation=valuation, round_="series_c",  # noqa: E731
                                           investors=["ASML", "Nvidia"], lead="ASML")
    items = [
        article("m1", "2026-11-24", "Mistral AI raises €1.7bn led by ASML", feed="alpha", orgs=["Mistral AI", "ASML", "Nvidia"], facts=[mistral(11.7e9)]),
        article("m2", "2026-11-24", "Mistral AI sammelt 1,7 Milliarden Euro ein", lang="de", feed="beta", orgs=["Mistral AI", "ASML"], facts=[mistral(11.7e9)]),
        article("m3", "2026-11-25", "ASML backs Mistral AI", feed="gamma", orgs=["Mistral AI", "ASML"], facts=[mistral(11.7e9)]),
        article("m4", "2026-11-25", "Mistral AI: ASML führt Runde an", lang="de", feed="delta", orgs=["Mistral AI", "ASML"], facts=[mistral(14e9)]),
        article("m5", "2026-11-26", "Mistral AI's round, explained", feed="epsilon", orgs=["Mistral AI", "ASML", "Nvidia"],
                facts=[mistral(11.7e9), valuation_fact("Mistral AI", 6e9, "EUR", as_of=("im Juni 2024", "2024-06-01"))]),
        article("a1", "2026-03-03", "Anthropic raises $3.5bn", orgs=["Anthropic", "Lightspeed Venture Partners"],
                facts=[round_fact("Anthropic", 3.5e9, "USD", valuation=61.5e9, round_="series_e",
                                  investors=["Lightspeed Venture Partners"], lead="Lightspeed Venture Partners")]),
        article("a2", "2026-09-02", "Anthropic raises $13bn", orgs=["Anthropic", "ICONIQ", "Fidelity"],
                facts=[round_fact("Anthropic", 13e9, "USD", valuation=183e9, round_="series_f",
                                  investors=["ICONIQ", "Fidelity", "Lightspeed Venture Partners"], lead="ICONIQ"),
                       valuation_fact("Anthropic", 183e9, "USD", sentence="valued at $183bn")]),
        article("a3", "2026-10-14", "Amazon invests $4bn more in Anthropic", orgs=["Amazon", "Anthropic"],
                facts=[{"type": "investment", "investor": "Amazon", "investee": "Anthropic", "amount": 4e9,
                        "currency": "USD", "cumulative_amount": 12e9, "evidence": _evidence("Amazon invests"),
                        "confidence": 0.9}]),
        article("o1", "2026-11-20", "OpenAI in talks to raise $40bn", orgs=["OpenAI"],
                facts=[round_fact("OpenAI", 40e9, "USD", valuation=300e9, status="talks")]),
        article("s1", "2026-11-25", "SAP übernimmt Langdock", lang="de", orgs=["SAP", "Langdock"],
                facts=[{"type": "acquisition", "acquirer": "SAP", "target": "Langdock", "amount": None, "currency": None,
                        "evidence": _evidence("SAP übernimmt Langdock"), "confidence": 0.9}]),
        article("n1", "2026-11-25", "Nvidia shares jump 6%", orgs=["Nvidia"],
                facts=[{"type": "stock_move", "company": "Nvidia", "percent": 6.0, "direction": "up",
                        "period": "after-hours", "evidence": _evidence("Nvidia shares rose 6%"), "confidence": 0.9}]),
        article("c1", "2026-11-26", "Anthropic releases Claude Opus 5", orgs=["Anthropic"],
                facts=[{"type": "model_release", "company": "Anthropic", "model": "Claude Opus 5",
                        "evidence": _evidence("Anthropic released Claude Opus 5"), "confidence": 0.9},
                       valuation_fact("Anthropic", 183e9, "USD", as_of=("in September", "2026-09-01"))]),
        article("q1", "2026-11-23", "Quantloop raises $12m seed", orgs=["Quantloop", "Index Ventures"],
                facts=[round_fact("Quantloop", 12e6, "USD", round_="seed", investors=["Index Ventures"], lead="Index Ventures")]),
    ]
    # Quantloop suddenly in the news: one more article a day for the three days after its seed round.
    for n in range(3):
        day = (date(2026, 11, 24) + timedelta(days=n)).isoformat()
        items.append(article(f"q{n + 2}", day, f"Quantloop hires, day {n}", orgs=["Quantloop"]))
    items.append(article("u1", UNDATED_FETCH_DAY, "Gearloop Robotics raises $100m", feed="undated-wire",
                         orgs=["Gearloop Robotics", "Nvidia"], undated=True,
                         facts=[round_fact("Gearloop Robotics", 100e6, "USD", investors=["Nvidia"])]))
    # Background chatter two weeks earlier, so 7-day changes have something to compare with.
    for n in range(4):
        items.append(article(f"b{n}", (date(2026, 11, 10) + timedelta(days=n)).isoformat(), f"Nvidia and OpenAI, note {n}",
                             orgs=["Nvidia", "OpenAI"]))
    return items


def _text(item: dict[str, Any]) -> str:
    """Each org named twice (title and body), so a mention count is 2 per org per article."""
    return f"{item['title']}\n" + " ".join(item["orgs"]) + " " + " ".join(item["orgs"]) + "."


def stage_articles(directory: Path, items: list[dict[str, Any]]) -> None:
    by_feed: dict[str, list[dict]] = {}
    for item in items:
        by_feed.setdefault(item["feed"], []).append({
            "article_id": item["article_id"], "guid": item["article_id"],
            "url": f"https://{item['feed']}.example/{item['article_id']}", "canonical_url": f"https://{item['feed']}.example/{item['article_id']}",
            "feed": item["feed"], "lang": item["lang"], "title": item["title"], "summary": "", "text": _text(item),
            "published_at": f"{item['day']}T{'10' if item.get('undated') else '09'}:00:00+00:00",
            "date_flag": "missing" if item.get("undated") else None,
            "fetched_at": f"{item['day']}T10:00:00+00:00", "fulltext_status": None})
    for feed, articles in by_feed.items():
        staging.write_feed_result(directory, {
            "feed": feed, "url": f"http://127.0.0.1/{feed}.xml", "started_at": "2026-11-26T10:00:00+00:00",
            "finished_at": "2026-11-26T10:00:01+00:00", "http_status": 200, "outcome": "new", "error": None,
            "items_seen": len(articles), "bytes": 1, "duration_ms": 1, "etag": None, "last_modified": None,
            "retry_after_until": None}, articles)


def results_record(item: dict[str, Any], version: str = "fixture-1") -> dict[str, Any]:
    text = _text(item)
    mentions = []
    for org in item["orgs"]:
        start = text.index(org, len(item["title"]) + 1)
        mentions.append({"company": org, "start": start, "end": start + len(org), "sentence": text.split("\n")[1]})
        second = text.index(org, start + len(org))
        mentions.append({"company": org, "start": second, "end": second + len(org), "sentence": text.split("\n")[1]})
    return {"article_id": item["article_id"], "published_on": item["day"], "extractor_version": version,
            "lang": item["lang"], "orgs": item["orgs"], "money": [], "facts": item["facts"], "mentions": mentions}


def write_shard(directory: Path, name: str, records: list[dict[str, Any]]) -> str:
    """A shard file and its results file, as stage_pending and extract_shard would leave them."""
    directory.mkdir(parents=True, exist_ok=True)
    shard = directory / f"{name}.jsonl"
    shard.write_text("".join(json.dumps({"article_id": r["article_id"]}) + "\n" for r in records), encoding="utf-8")
    results_path(shard).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(shard)


def build_landscape(root: Path, warehouse: Path, items: list[dict[str, Any]] | None = None,
                    version: str = "fixture-1") -> dict[str, Any]:
    """Articles in, results loaded through load_facts (two shards); returns load_facts' summary."""
    items = items if items is not None else landscape_articles()
    stage_articles(root / "ingest", items)
    load_ingest_run("fixture-run", root / "ingest", warehouse)
    records = [results_record(i, version) for i in items]
    half = len(records) // 2
    shards = [write_shard(root / "extract", "shard-00000", records[:half]),
              write_shard(root / "extract", "shard-00001", records[half:])]
    return load_facts("fixture-run", shards, root=root, warehouse_path=warehouse)
