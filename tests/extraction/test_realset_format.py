"""Checks the real-news set (`tests/extraction/realset/`) itself, never the extractor's score on it.

The set's figures are only worth something if the files keep the guide's format (`realset/README.md`), hold
the mix the real-news issue asks for, and the held-back part stays exactly as it was annotated before any rule
was written against it: its bytes are pinned here. Changing a held-back file (even to fix a gold label) needs a
new pin and a line in the README saying what changed and why, so the held-back score stays honest.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.extraction.gold_format import AMOUNT_FIELDS, FACT_FIELDS, ORG_FIELDS, ROUNDS, canonical_names, is_number

REALSET = Path(__file__).parent / "realset"
SPLITS = ("tune", "heldback")
LANGS = ("en", "de")
HELDBACK_SHA256 = {
    "en": "e5d4f712002ba9b5a9d5531d1f571bd4678cdd3137af24edf9e283f8548d9865",
    "de": "09a4f8cb61f6bdea6e2047eefec2eeda24815a3a5f1c24b4bfe5869f96a43f7d",
}
KEYS = ["id", "text", "lang", "published", "title", "source", "gold", "tags"]
OPTIONAL = {"funding_round": {"lead", "status"}, "investment": {"status"}, "acquisition": {"status"},
            "valuation": {"status", "as_of"}, "stock_move": set(), "model_release": set()}
SIGNAL_FIELDS = {
    "revenue": {"company", "amount", "currency", "metric", "period", "status"},
    "customer_count": {"company", "count", "unit", "period"},
    "agreement": {"buyer", "seller", "kind", "amount", "currency", "capacity", "duration", "status"},
    "price": {"company", "product", "amount", "currency", "per"},
    "listing": {"company", "kind", "valuation", "amount", "currency", "exchange", "status"},
}


def load(split: str, lang: str) -> list[dict]:
    with open(REALSET / split / f"{lang}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def realset() -> dict[tuple[str, str], list[dict]]:
    return {(split, lang): load(split, lang) for split in SPLITS for lang in LANGS}


def everything(realset) -> list[dict]:
    return [row for rows in realset.values() for row in rows]


@pytest.mark.parametrize("lang", LANGS)
def test_heldback_is_frozen(lang):
    data = (REALSET / "heldback" / f"{lang}.jsonl").read_bytes()
    assert hashlib.sha256(data).hexdigest() == HELDBACK_SHA256[lang]


def test_size_and_mix_the_real_news_issue_asks_for(realset):
    rows = everything(realset)
    by_lang = Counter(r["lang"] for r in rows)
    assert len(rows) >= 240 and by_lang["en"] >= 120 and by_lang["de"] >= 120
    heldback = realset[("heldback", "en")] + realset[("heldback", "de")]
    assert len(heldback) >= 80 and all(len(realset[("heldback", lang)]) >= 40 for lang in LANGS)
    assert sum(1 for r in rows if not r["gold"]["facts"]) >= 30  # pure negatives
    facts = [f for r in rows for f in r["gold"]["facts"]]
    assert sum(f.get("status") == "talks" for f in facts) >= 0.2 * len(facts)
    years = Counter(r["published"][:4] for r in rows)
    assert set(years) == {"2023", "2024", "2025", "2026"}
    assert len({r["source"]["outlet"] for r in rows}) >= 100


def test_ids_unique_and_articles_on_one_side_only(realset):
    rows = everything(realset)
    assert len({r["id"] for r in rows}) == len(rows)
    side: dict[str, str] = {}
    for (split, _), part in realset.items():
        for r in part:
            url = re.sub(r"^https?://(www\.)?", "", r["source"]["url"]).split("?")[0].rstrip("/")
            assert side.setdefault(url, split) == split, f"{r['id']}: article in both tune and heldback"
    per_article = Counter(re.sub(r"^https?://(www\.)?", "", r["source"]["url"]).split("?")[0] for r in rows)
    assert max(per_article.values()) <= 3


def test_line_format(realset):
    for (split, lang), rows in realset.items():
        for r in rows:
            assert list(r) == KEYS, r.get("id")
            assert re.fullmatch(rf"rs-{lang}-[a-z]\d{{3}}", r["id"]) and r["lang"] == lang
            assert dt.date(2023, 1, 1) <= dt.date.fromisoformat(r["published"]) <= dt.date(2026, 12, 31)
            assert r["title"] is None and set(r["source"]) == {"url", "title", "outlet"}
            assert r["source"]["url"].startswith("http") and r["source"]["title"] and r["source"]["outlet"]
            assert set(r["gold"]) == {"orgs", "money", "facts", "signals"}
            assert r["tags"] and len(set(r["tags"])) == len(r["tags"])


def test_gold_is_consistent(realset):
    """Fact parties are gold orgs, fact amounts gold money, money surfaces occur in the text: catches typos."""
    for rows in realset.values():
        for r in rows:
            gold, text = r["gold"], r["text"]
            money = [(m["value"], m["currency"]) for m in gold["money"]]
            for m in gold["money"]:
                assert m["surface"] in text and is_number(m["value"]) and m["value"] > 0, (r["id"], m)
                assert re.fullmatch(r"[A-Z]{3}", m["currency"]), (r["id"], m)
            assert len({o.casefold() for o in gold["orgs"]}) == len(gold["orgs"]), r["id"]
            for f in gold["facts"]:
                kind = f["type"]
                assert FACT_FIELDS[kind] <= set(f) - {"type"} <= FACT_FIELDS[kind] | OPTIONAL[kind], (r["id"], f)
                assert f.get("status", "talks") == "talks", (r["id"], f)
                for key in AMOUNT_FIELDS:
                    if f.get(key) is not None:
                        assert any(abs(v - f[key]) <= 1e-9 * v and c == f["currency"] for v, c in money), (r["id"], key)
                for key in ORG_FIELDS:
                    if f.get(key):
                        assert f[key] in gold["orgs"], (r["id"], key, f[key])
                for investor in f.get("investors", []):
                    assert investor in gold["orgs"], (r["id"], investor)
                if kind == "funding_round":
                    assert f["round"] in ROUNDS and f["investee"] not in f["investors"], r["id"]
                    assert "lead" not in f or f["lead"] in f["investors"], r["id"]
                if kind == "stock_move":
                    assert f["direction"] in ("up", "down") and f["percent"] > 0, r["id"]
                if kind == "model_release":
                    assert f["model"] in text and f["model"] not in gold["orgs"], r["id"]
            for s in gold["signals"]:
                assert set(s) - {"type"} == SIGNAL_FIELDS[s["type"]], (r["id"], s)
            kinds = {f["type"] for f in gold["facts"]}
            for kind in FACT_FIELDS:
                if kind != "valuation":
                    assert (kind in r["tags"]) == (kind in kinds), (r["id"], kind)
            assert ("hedge" in r["tags"]) == any(f.get("status") == "talks" for f in gold["facts"]), r["id"]


def test_known_organisations_carry_their_canonical_names(realset):
    canonical = canonical_names()
    wrong = [(r["id"], o, canonical[o.lower()]) for r in everything(realset) for o in r["gold"]["orgs"]
             if o.lower() in canonical and canonical[o.lower()] != o]
    assert wrong == []


def test_every_fact_type_in_each_language_and_split(realset):
    for (split, lang), rows in realset.items():
        kinds = {f["type"] for r in rows for f in r["gold"]["facts"]}
        assert kinds == set(FACT_FIELDS), (split, lang, set(FACT_FIELDS) - kinds)
