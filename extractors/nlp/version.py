"""`EXTRACTOR_VERSION`: changes whenever a rule, a word list or the knowledge changes.

The warehouse re-extracts articles whose facts came from another version, so the version is derived from
the bytes that decide the output instead of being bumped by hand, which is easy to forget. Those bytes are
every module of `extractors/nlp/` (recursively) but the evaluation tools, the package root and its language
detector, the lexicon
files and the knowledge files. `tests/extraction/test_version.py` runs an extraction and checks that every
`extractors` module it imported is in this list, so a new module cannot be left out.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

_NLP = Path(__file__).resolve().parent
_PACKAGE = _NLP.parent
_MAJOR = "2"
# Modules of extractors/nlp that score or drive the extraction but never change what it returns.
NOT_EXTRACTION = frozenset({"evaluate.py", "scoring.py", "cli.py"})


def rule_files() -> list[Path]:
    """Every file whose content changes what `extract` returns, in a stable order."""
    files = [p for p in sorted(_NLP.rglob("*.py")) if p.name not in NOT_EXTRACTION or p.parent != _NLP]
    files += [_PACKAGE / "__init__.py", _PACKAGE / "language.py"]
    files += sorted(_NLP.rglob("*.y*ml"))
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def compute_version() -> str:
    """"2." + the first 12 hex digits of a sha256 over the rule files' names and bytes."""
    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{_MAJOR}.{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION: str = compute_version()
