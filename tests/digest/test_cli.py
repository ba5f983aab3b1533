"""`python -m warehouse digest --date ... --out x.eml --html x.html` as a subprocess: renders, sends nothing,
records nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSMON_DIGEST_TO": "someone@example.org"}
    return subprocess.run([sys.executable, "-m", "warehouse", "digest", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_eml_and_browser_html(fixture_warehouse, tmp_path):
    eml, html = tmp_path / "x.eml", tmp_path / "x.html"
    result = run_cli("--date", "2026-11-26", "--out", str(eml), "--html", str(html))
    assert result.returncode == 0, result.stderr
    assert "AI landscape, 26 Nov: xAI raises $6B at $40B; 5 deals" in result.stderr

    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["Subject"] == "AI landscape, 26 Nov: xAI raises $6B at $40B; 5 deals"
    assert message["To"] is None                               # rendered, addressed to nobody
    assert [p.get_content_type() for p in message.walk()][-1] == "image/png"

    page = html.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,iVBORw0KGgo' in page and "cid:" not in page
    assert "&lt;script&gt;" in page and "<script" not in page

    from extractors import settings
    con = duckdb.connect(str(settings.warehouse_path()), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM digests").fetchone() == (0,)
    finally:
        con.close()


def test_cli_rejects_a_malformed_date(fixture_warehouse, tmp_path):
    result = run_cli("--date", "26.11.2026", "--out", str(tmp_path / "x.eml"))
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "x.eml").exists()
