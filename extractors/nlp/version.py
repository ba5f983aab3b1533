"""`EXTRACTOR_VERSION`: changes whenever a rule or the knowledge changes.

The warehouse re-extracts articles whose facts came from another version, so the version is derived from
the bytes that decide the output (component sources, numeral and date parsing, the knowledge YAML) instead
of being bumped by hand, which is easy to forget.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

_NLP = Path(__file__).resolve().parent
_MAJOR = "1"


def _rule_files() -> list[Path]:
    """Every file whose content changes what `extract` returns, in a stable order."""
    files = sorted((_NLP / "components").glob("*.py"))
    files += [_NLP / name for name in ("numbers.py", "dates.py", "pipeline.py", "extract.py", "abbreviations.py")]
    files += sorted((_NLP / "knowledge").glob("*.y*ml"))
    return [f for f in files if f.is_file()]


def compute_version() -> str:
    """"1." + the first 12 hex digits of a sha256 over the rule files' names and bytes."""
    digest = hashlib.sha256()
    for path in _rule_files():
        digest.update(path.relative_to(_NLP).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{_MAJOR}.{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION: str = compute_version()
