"""Runs every fact-rule case file under `tests/extraction/cases/` (format: `cases/README.md`)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors.nlp.extract import extract_text
from extractors.nlp.fact_types import SIGNAL_TYPES

CASES = Path(__file__).parent / "cases"
CASE_KEYS = {"why", "lang", "published", "title", "text", "expect", "forbid", "orgs", "orgs_include", "orgs_exclude",
             "money"}


def _case_files() -> list[Path]:
    return sorted(CASES.rglob("*.yaml"))


def _load(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{path}: a case is a mapping"
    assert set(case) <= CASE_KEYS, f"{path}: unknown keys {sorted(set(case) - CASE_KEYS)}"
    assert isinstance(case.get("why"), str) and case["why"].strip(), f"{path}: every case says why"
    assert isinstance(case.get("text"), str) and case["text"].strip(), f"{path}: text missing"
    assert "lang" in case, f"{path}: lang missing (null means detect)"
    assert any(k in case for k in ("expect", "forbid", "orgs", "orgs_include", "orgs_exclude", "money")), \
        f"{path}: a case must expect something"
    return case


def _matches(item: dict, expected: dict) -> bool:
    return all(k in item and item[k] == v for k, v in expected.items())


def _published(value: object) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(path: Path):
    case = _load(path)
    out = extract_text(case["text"], lang=case["lang"], published=_published(case.get("published")),
                       title=case.get("title"))
    for kind, expected in (case.get("expect") or {}).items():
        got = [f for f in out["signals" if kind in SIGNAL_TYPES else "facts"] if f["type"] == kind]
        assert len(got) == len(expected) and all(_matches(g, e) for g, e in zip(got, expected)), (
            f"{kind}: expected {expected}, got {[{k: g.get(k) for k in (expected[0] if expected else g)} for g in got]}")
    for forbidden in case.get("forbid") or []:
        found = out["facts"] + out["signals"]
        assert not any(_matches(f, forbidden) for f in found), f"forbidden fact or signal {forbidden} in {found}"
    if "orgs" in case:
        assert sorted(out["orgs"]) == sorted(case["orgs"])
    for name in case.get("orgs_include") or []:
        assert name in out["orgs"], (name, out["orgs"])
    for name in case.get("orgs_exclude") or []:
        assert name not in out["orgs"], (name, out["orgs"])
    if "money" in case:
        assert len(out["money"]) == len(case["money"]) and all(
            _matches(m, e) for m, e in zip(out["money"], case["money"])), (case["money"], out["money"])


def test_there_are_cases_for_every_fact_type():
    from extractors.nlp.fact_types import FACT_TYPES

    folders = {p.parent.name for p in _case_files()}
    assert set(FACT_TYPES) <= folders
