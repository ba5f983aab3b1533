"""Staging files: how a fetch task hands its result to the load task without pushing data through XCom.

Layout: `<staging root>/ingest/<run id>/<feed>.articles.jsonl` (one Article per line) and
`<feed>.fetch.json` (the fetch record). The fetch record is written last, so its presence means the
feed's staging is complete; a re-run of the task finds it and reuses it instead of fetching again.
The root may be any pathlib-like object (a local `Path`, or Airflow's `ObjectStoragePath` for `s3://`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(value: str) -> str:
    """Run ids contain ':' and '+' (e.g. scheduled__2026-11-26T10:00:00+00:00); keep paths portable."""
    return _UNSAFE.sub("_", value).strip("._") or "run"


def run_dir(root: Path, stage: str, run_key: str) -> Path:
    return root / stage / safe_name(run_key)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.rename(path)


def write_feed_result(directory: Path, fetch: dict[str, Any], articles: Iterable[dict[str, Any]]) -> Path:
    """Articles first, then the fetch record that marks the feed as staged."""
    name = safe_name(fetch["feed"])
    lines = "".join(json.dumps(a, ensure_ascii=False, default=str) + "\n" for a in articles)
    write_atomically(directory / f"{name}.articles.jsonl", lines)
    target = directory / f"{name}.fetch.json"
    write_atomically(target, json.dumps(fetch, ensure_ascii=False, default=str))
    return target


def read_fetch_record(directory: Path, feed: str) -> dict[str, Any] | None:
    path = directory / f"{safe_name(feed)}.fetch.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def staged_feeds(directory: Path) -> list[tuple[dict[str, Any], Path]]:
    """(fetch record, articles file) for every completely staged feed of a run, in name order."""
    if not directory.exists():
        return []
    found = []
    for fetch_file in sorted(p for p in directory.iterdir() if p.name.endswith(".fetch.json") and not p.name.startswith(".")):
        record = json.loads(fetch_file.read_text(encoding="utf-8"))
        found.append((record, fetch_file.with_name(fetch_file.name.replace(".fetch.json", ".articles.jsonl"))))
    return found
