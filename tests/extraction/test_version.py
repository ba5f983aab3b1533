"""`EXTRACTOR_VERSION` is derived from every module the extraction imports, the lexicons and the knowledge base.

Regression: the version once hashed a hand-kept list of rule files that missed `fact_merge.py`,
`knowledge_base.py` and `language.py`, so changing them did not re-extract history.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from extractors.nlp import version

REPO = Path(__file__).resolve().parents[2]

_IMPORTED = """
import json, sys
from extractors.nlp.extract import extract_passages
extract_passages([
    {"id": "1", "text": "Acme AI raised $5 million led by Sequoia. Nvidia shares rose 3%.", "lang": "en",
     "title": "Acme AI raises $5 million"},
    {"id": "2", "text": "Das Start-up Kestrel sammelt 5 Millionen Euro ein.", "lang": None, "published": "2026-01-05"},
])
print(json.dumps(sorted(m.__file__ for n, m in list(sys.modules.items())
                        if n.split(".")[0] == "extractors" and getattr(m, "__file__", None))))
"""


def test_version_format():
    assert re.fullmatch(r"2\.[0-9a-f]{12}", version.EXTRACTOR_VERSION)


def test_every_module_the_extraction_imports_is_hashed():
    out = subprocess.run([sys.executable, "-c", _IMPORTED], cwd=REPO, capture_output=True, text=True, check=True)
    imported = {Path(p).resolve() for p in json.loads(out.stdout.strip().splitlines()[-1])}
    hashed = {p.resolve() for p in version.rule_files()}
    assert imported - hashed == set()
    names = {p.name for p in hashed}
    assert {"fact_merge.py", "knowledge_base.py", "language.py", "companies.yaml", "en.yaml", "de.yaml",
            "common.yaml", "acquisition.py"} <= names
    assert not {"evaluate.py", "scoring.py"} & names


def test_changing_any_hashed_file_changes_the_version(tmp_path, monkeypatch):
    copy = tmp_path / "extractors"
    shutil.copytree(REPO / "extractors", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "_NLP", copy / "nlp")
    monkeypatch.setattr(version, "_PACKAGE", copy)
    files = version.rule_files()
    assert len(files) > 40
    before = version.compute_version()
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert version.compute_version() != before, path
        path.write_bytes(original)
    assert version.compute_version() == before
