"""`EXTRACTOR_VERSION` is derived from the rule files and the knowledge YAML, so it changes with them."""
from __future__ import annotations

import re

from extractors.nlp import version


def test_version_format_and_inputs():
    assert re.fullmatch(r"1\.[0-9a-f]{12}", version.EXTRACTOR_VERSION)
    names = {p.name for p in version._rule_files()}
    assert {"facts.py", "org_matcher.py", "dates.py", "companies.yaml"} <= names


def test_version_changes_when_a_rule_file_changes(tmp_path, monkeypatch):
    rule = tmp_path / "components" / "rule.py"
    rule.parent.mkdir()
    rule.write_text("A = 1\n")
    monkeypatch.setattr(version, "_NLP", tmp_path)
    before = version.compute_version()
    rule.write_text("A = 2\n")
    assert version.compute_version() != before
