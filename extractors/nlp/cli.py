"""`python -m extractors extract [--batch-size N]`: JSON Lines passages on stdin -> results on stdout.

Contract (shared/spec/extraction-interface.md): all of stdin is read and validated before anything is
extracted, and the output is written only when every line succeeded, so a failure never leaves a
half-written file. The first bad line produces ONE line on stderr naming it and exit status 2:

    error: line 7: not valid JSON (Expecting ',' delimiter)

Decisions: blank (whitespace-only) lines are skipped, so a trailing newline or an empty line between
records is harmless; the line number always counts physical lines from 1. Texts longer than
`MAX_TEXT_CHARS` (20 million characters) are rejected with a clear error (spaCy's own limit is raised to
that bound, so a 10 MB article works). Bytes that are not UTF-8 name the line they are on.

Input that is JSON to Python but not to the spec is refused the same way, with its line number and exit
status 2, before anything is extracted: a lone surrogate (`"\\ud800"` escapes decode to a string that
cannot be written as UTF-8) in any string, key or value; `NaN`, `Infinity` and `-Infinity` (not JSON);
an integer too long for Python to convert (over 4,300 digits).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, BinaryIO, TextIO

MAX_TEXT_CHARS = 20_000_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InputError(ValueError):
    """A bad input line; the message is the one line printed to stderr."""


class _NotJsonConstant(ValueError):
    """NaN, Infinity or -Infinity: Python's json accepts them, JSON does not."""


def _refuse_constant(name: str) -> Any:
    raise _NotJsonConstant(f"{name} is not a JSON value")


def _lone_surrogate(value: Any, where: str = "") -> str | None:
    """Where the first lone surrogate in a decoded JSON value is ("field 'text' at character 5"), if any."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # only surrogates fail: everything else is encodable
            return f"{where or 'a string'} at character {exc.start} (\\u{ord(value[exc.start]):04x})"
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        label = f"field '{key}'" if not where else f"{where}[{key!r}]"
        found = _lone_surrogate(key, f"a key of {where or 'the object'}") if isinstance(key, str) else None
        found = found or _lone_surrogate(item, label)
        if found:
            return found
    return None


def _check_date(value: str) -> bool:
    from datetime import date

    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def validate_line(number: int, raw: bytes) -> dict[str, Any] | None:
    """The passage on one physical line, None for a blank line; raises `InputError` naming the line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"line {number}: not UTF-8 text (invalid byte at position {exc.start})") from None
    if not line.strip():
        return None
    try:
        obj = json.loads(line, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(f"line {number}: not valid JSON (nested too deeply)") from None
    except _NotJsonConstant as exc:
        raise InputError(f"line {number}: not valid JSON ({exc})") from None
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() (4,300) digits
        raise InputError(f"line {number}: not valid JSON (an integer with more than "
                         f"{sys.get_int_max_str_digits()} digits)") from None
    surrogate = _lone_surrogate(obj)
    if surrogate:
        raise InputError(f"line {number}: not valid text: a lone surrogate in {surrogate}")
    if not isinstance(obj, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(obj).__name__}")
    if not isinstance(obj.get("id"), str):
        raise InputError(f"line {number}: field 'id' must be a string")
    if not isinstance(obj.get("text"), str):
        raise InputError(f"line {number}: field 'text' must be a string")
    if "\x00" in obj["text"]:
        raise InputError(f"line {number}: field 'text' contains NUL characters (binary data?)")
    if len(obj["text"]) > MAX_TEXT_CHARS:
        raise InputError(f"line {number}: field 'text' is longer than {MAX_TEXT_CHARS} characters")
    if obj.get("lang") not in (None, "en", "de"):
        raise InputError(f"line {number}: field 'lang' must be \"en\", \"de\" or null, got {obj.get('lang')!r}")
    published = obj.get("published")
    if published is not None and (not isinstance(published, str) or not _check_date(published)):
        raise InputError(f"line {number}: field 'published' must be YYYY-MM-DD or null, got {published!r}")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"line {number}: field 'title' must be a string or null")
    return obj


def read_passages(stream: BinaryIO) -> list[dict[str, Any]]:
    """Every passage of the stream, validated; raises `InputError` at the first bad line."""
    passages: list[dict[str, Any]] = []
    for number, raw in enumerate(stream.read().split(b"\n"), start=1):
        passage = validate_line(number, raw.rstrip(b"\r"))
        if passage is not None:
            passages.append(passage)
    return passages


def run(stdin: BinaryIO, stdout: TextIO, stderr: TextIO, batch_size: int, signals: bool = False) -> int:
    """`signals`: also print the landscape signals (docs/signals.md); off by default, so every line holds exactly
    the keys of the shared contract."""
    try:
        passages = read_passages(stdin)
    except InputError as exc:
        print(f"error: {exc}", file=stderr)
        return 2
    try:
        from extractors.nlp.extract import extract_passages
        from extractors.nlp.pipeline import LANGUAGES, get_pipeline

        for lang in LANGUAGES:
            get_pipeline(lang).max_length = MAX_TEXT_CHARS + 1
        results = extract_passages(passages, batch_size=batch_size)
        if not signals:
            for result in results:
                del result["signals"]
        out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    except Exception as exc:  # never a traceback: one line, non-zero exit
        print(f"error: extraction failed: {type(exc).__name__}: {exc}".splitlines()[0], file=stderr)
        return 1
    stdout.write(out)
    stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors extract", description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64, help="documents per nlp.pipe batch (default 64)")
    parser.add_argument("--signals", action="store_true",
                        help="also print landscape signals under `signals` (revenue, prices, ...; docs/signals.md)")
    args = parser.parse_args(argv or [])
    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    return run(sys.stdin.buffer, sys.stdout, sys.stderr, args.batch_size, args.signals)
