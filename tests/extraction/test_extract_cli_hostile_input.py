"""`python -m extractors extract` keeps its contract on input that is JSON to Python but not text or not
JSON: one line `error: line N: ...`, exit status 2, nothing on stdout (the good lines before it included).

Regressions pinned: a lone surrogate in `text` failed during extraction without a line number (exit 1), in
`id` it ended in a 15-line traceback (writing the result), an integer of more than 4,300 digits in a
31-line traceback, and `NaN` was accepted.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD = json.dumps({"id": "ok", "text": "Anthropic raised $1 billion."}).encode() + b"\n"


def run(stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors", "extract"], input=stdin, cwd=REPO,
                          capture_output=True, timeout=300)


@pytest.mark.parametrize(("line", "message"), [
    (rb'{"id": "a", "text": "Anthropic \ud800 raised $1 billion."}',
     r"line 2: not valid text: a lone surrogate in field 'text' at character 10 (\ud800)"),
    (rb'{"id": "\udc00", "text": "x"}', r"line 2: not valid text: a lone surrogate in field 'id' at character 0 (\udc00)"),
    (rb'{"id": "a", "text": "x", "title": "T\udbff"}', "line 2: not valid text: a lone surrogate in field 'title'"),
    (rb'{"id": "a", "text": "x", "extra": {"k\ud800": [1]}}', "line 2: not valid text: a lone surrogate in a key of field 'extra'"),
    (b'{"id": "a", "text": "x", "n": ' + b"7" * 5000 + b"}", "line 2: not valid JSON (an integer with more than 4300 digits)"),
    (b'{"id": "a", "text": "x", "n": NaN}', "line 2: not valid JSON (NaN is not a JSON value)"),
    (b'{"id": "a", "text": "x", "n": Infinity}', "line 2: not valid JSON (Infinity is not a JSON value)"),
    (b'{"id": "a", "text": "x", "n": [-Infinity]}', "line 2: not valid JSON (-Infinity is not a JSON value)"),
])
def test_undecodable_values_name_their_line_and_write_nothing(line, message):
    proc = run(GOOD + line + b"\n" + GOOD)
    err = proc.stderr.decode()
    assert (proc.returncode, proc.stdout) == (2, b""), err
    assert err == f"error: {message}\n" or (err.startswith(f"error: {message}") and err.count("\n") == 1), err
    assert "Traceback" not in err


def test_surrogate_pairs_and_big_numbers_python_can_hold_are_fine():
    """Escaped astral characters are valid text, and long (but convertible) numbers are JSON."""
    line = b'{"id": "\\ud83d\\ude00", "text": "Mistral \\ud83d\\ude80 raised \\u20ac600 million.", "n": ' + b"9" * 4000 + b"}"
    proc = run(line + b"\n")
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert result["id"] == "\N{GRINNING FACE}" and result["money"][0]["value"] == 600_000_000
