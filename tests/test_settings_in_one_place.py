"""Every `NEWSMON_*` environment variable is read in `extractors/settings.py` (issue 18): five modules used
to read them on their own, two at import time, so a test's or an operator's value could be missed."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
READ = re.compile(r"""(?:os\.environ(?:\.get)?\s*[\[(]|os\.getenv\s*\()\s*["']NEWSMON_""")


def test_no_module_outside_settings_reads_a_newsmon_variable():
    offenders = []
    for folder in ("extractors", "warehouse", "plugins", "dags"):
        for path in (REPO / folder).rglob("*.py"):
            if path == REPO / "extractors" / "settings.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if READ.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
