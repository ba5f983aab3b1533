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
import pytest

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


@pytest.mark.parametrize(("option", "where"), [("--out", "missing/day.eml"), ("--html", "missing/deeper/day.html"),
                                               ("--out", "a-folder")])
def test_an_output_path_that_cannot_be_written_is_one_line_and_nothing_is_written(fixture_warehouse, tmp_path,
                                                                                  option, where):
    """Regression: `--out` into a missing folder printed a traceback (after rendering)."""
    (tmp_path / "a-folder").mkdir()
    good = tmp_path / "good.eml"
    args = ["--date", "2026-11-26", option, str(tmp_path / where)]
    if option == "--html":
        args += ["--out", str(good)]                   # checked before anything is written
    result = run_cli(*args)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot write {tmp_path / where}: ")
    assert ("does not exist" in line) if "missing" in where else ("it is a folder" in line)
    assert not good.exists() and not (tmp_path / "missing").exists()
