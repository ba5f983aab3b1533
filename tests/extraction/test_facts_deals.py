"""Deal assertions the case format (tests/extraction/cases/README.md) cannot express.

The other investment and acquisition behaviours are case files under `cases/investment/` and
`cases/acquisition/`. A case compares keys that are present; "no status, or status completed" is not such a
key, so these checks stay here.
"""
from __future__ import annotations

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str) -> list[dict]:
    return [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == kind]


def test_german_present_tense_takeover_is_not_pending():
    """The counterpart of cases/acquisition/german_modal_at_the_clause_end_is_pending.yaml."""
    [done] = facts("AMD übernimmt den Serverbauer ZT Systems für knapp 4,9 Milliarden Dollar.", "de", "acquisition")
    assert done.get("status", "completed") == "completed"


def test_said_it_would_acquire_is_agreed():
    """The counterpart of cases/acquisition/analysts_think_would_acquire_is_pending.yaml."""
    [agreed] = facts("ServiceNow said on Wednesday it would acquire Moveworks for $2.85 billion in cash and stock.", "en",
                     "acquisition")
    assert agreed.get("status", "completed") == "completed" and agreed["amount"] == 2_850_000_000
