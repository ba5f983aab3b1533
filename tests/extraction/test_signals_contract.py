"""Signals leave beside the six deal types (docs/signals.md): the CLI prints them under `signals` when asked
(`--signals`; without it every line holds exactly the contract's keys), `facts` keeps only the contract's six
types, and no figure is both a deal and a signal."""
from __future__ import annotations

import json
import subprocess
import sys

from extractors.nlp.extract import extract_passages
from extractors.nlp.fact_types import FACT_TYPES, SIGNAL_TYPES

TEXT = ("Anthropic's annualised revenue has reached $5 billion. Mistral AI raised €600 million at a €6 billion "
        "valuation. ChatGPT Pro costs $200 a month.")


def test_the_cli_prints_signals_beside_facts():
    line = json.dumps({"id": "p1", "text": TEXT, "lang": "en"}) + "\n"
    plain = subprocess.run([sys.executable, "-m", "extractors", "extract"], input=line, capture_output=True, text=True,
                           timeout=120)
    assert list(json.loads(plain.stdout)) == ["id", "lang", "orgs", "money", "facts"]
    done = subprocess.run([sys.executable, "-m", "extractors", "extract", "--signals"], input=line, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {f["type"] for f in out["facts"]} <= set(FACT_TYPES)
    assert {s["type"] for s in out["signals"]} == {"revenue", "price"}
    for signal in out["signals"]:
        assert set(signal) >= {"type", *SIGNAL_TYPES[signal["type"]].fields, "evidence", "confidence"}
        assert TEXT[signal["evidence"]["start"]:signal["evidence"]["end"]] == signal["evidence"]["sentence"]


def test_no_figure_is_both_a_deal_and_a_signal():
    [out] = extract_passages([{"id": "p", "text": TEXT, "lang": "en"}])
    deal_amounts = {f.get("amount") for f in out["facts"]} | {f.get("valuation") for f in out["facts"]}
    assert not deal_amounts & {s.get("amount") for s in out["signals"]} - {None}
    assert 600_000_000 in deal_amounts and 5_000_000_000 in {s["amount"] for s in out["signals"]}
