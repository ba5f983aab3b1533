"""`python -m extractors extract`: the JSON Lines contract, run as a subprocess with the project's Python.

Pins: output order and fields; a bad line names its line number, exits non-zero and writes nothing to
stdout; non-UTF-8 bytes, empty text and a 10 MB text are handled without a traceback.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(stdin: bytes, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors", "extract", *args], input=stdin, cwd=REPO,
                          capture_output=True, timeout=timeout)


def jsonl(*objs: object) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs).encode()


def test_good_input_gives_one_result_per_line_in_order():
    proc = run(jsonl(
        {"id": "b", "text": "Das Berliner KI-Startup Nelvo sammelt 8 Millionen Euro ein.", "lang": "de"},
        {"id": "a", "text": "Amazon.com will invest $4 billion in Anthropic.", "lang": None, "published": "2025-01-02"},
        {"id": "c", "text": "Nothing to see here."},
    ), "--batch-size", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["b", "a", "c"]
    assert [list(r) for r in rows] == [["id", "lang", "orgs", "money", "facts"]] * 3
    assert rows[1]["lang"] == "en" and rows[1]["orgs"] == ["Amazon", "Anthropic"]
    assert rows[0]["money"] == [{"surface": "8 Millionen Euro", "value": 8000000, "currency": "EUR", "start": 38, "end": 54}]
    assert rows[1]["facts"][0]["type"] == "investment"
    assert rows[2]["facts"] == []


def test_bad_json_line_is_named_and_nothing_is_written():
    good = jsonl({"id": "1", "text": "Anthropic raised $1 billion."})
    proc = run(good + b'{"id": "2", "text": "x"\n' + good)
    assert proc.returncode != 0
    assert proc.stdout == b""
    err = proc.stderr.decode().strip()
    assert err.startswith("error: line 2: not valid JSON") and "\n" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'["not", "an", "object"]', "line 1: expected a JSON object"),
        (b'{"text": "no id"}', "line 1: field 'id' must be a string"),
        (b'{"id": "1", "text": 5}', "line 1: field 'text' must be a string"),
        (b'{"id": "1", "text": "x", "lang": "fr"}', "line 1: field 'lang'"),
        (b'{"id": "1", "text": "x", "published": "2025-13-45"}', "line 1: field 'published'"),
    ],
)
def test_invalid_fields_are_rejected(line, message):
    proc = run(line + b"\n")
    assert proc.returncode == 2 and proc.stdout == b""
    assert message in proc.stderr.decode()


def test_non_utf8_bytes_name_the_line():
    proc = run(jsonl({"id": "1", "text": "ok"}) + b'{"id": "2", "text": "caf\xe9"}\n')
    assert proc.returncode == 2 and proc.stdout == b""
    assert "line 2: not UTF-8" in proc.stderr.decode()


def test_empty_text_and_blank_lines_are_fine():
    proc = run(b"\n" + jsonl({"id": "e", "text": ""}) + b"   \n")
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout) == {"id": "e", "lang": "en", "orgs": [], "money": [], "facts": []}


def test_ten_megabyte_text_works():
    # a long article: mostly ordinary sentences, a deal now and then (processed in pieces, offsets kept)
    block = "Anthropic raised $13 billion in a round led by Iconiq.\n" + "The weather was mild and markets were calm. " * 40
    text = block * (10_000_000 // len(block) + 1)
    proc = run(jsonl({"id": "big", "text": text, "lang": "en"}), timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    row = json.loads(proc.stdout)
    assert row["id"] == "big" and row["orgs"] == ["Anthropic", "Iconiq"]
    assert len(row["money"]) == text.count("$13 billion")
    last = row["money"][-1]
    assert text[last["start"]:last["end"]] == "$13 billion"
