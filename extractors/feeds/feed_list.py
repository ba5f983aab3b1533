"""The feed list (`config/feeds.yaml` or `NEWSMON_FEEDS`): loaded and validated before any fetch.

A bad list is rejected as a whole, with one message per bad entry naming the entry and the field, so a typo
is found in one read instead of one failed task per feed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
LANGS = ("en", "de", "auto")
KNOWN_KEYS = ("name", "url", "lang", "fulltext")


class FeedListError(ValueError):
    """The feed list cannot be used; `problems` holds one message per bad entry (naming its fields)."""

    def __init__(self, path: Path | None, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        where = f"feed list {path}" if path else "feed list"
        super().__init__(f"{where} is invalid:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class FeedSpec:
    """One feed to poll: `lang` is en, de or auto (detect per entry); `fulltext` fetches article pages."""

    name: str
    url: str
    lang: str = "auto"
    fulltext: bool = False


def load_feed_list(path: Path | None = None) -> list[FeedSpec]:
    """Read and validate the feed list; raises `FeedListError` listing every problem."""
    if path is None:
        from extractors.settings import feeds_path

        path = feeds_path()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FeedListError(path, [f"cannot read the file: {error.strerror or error}"]) from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FeedListError(path, [f"not valid YAML: {error}"]) from error
    return parse_feed_list(document, path=path)


def parse_feed_list(document: Any, *, path: Path | None = None) -> list[FeedSpec]:
    """Validate an already-parsed YAML document (a mapping with a `feeds` list)."""
    if not isinstance(document, dict) or "feeds" not in document:
        raise FeedListError(path, ["top level must be a mapping with a `feeds:` list"])
    extra_top = sorted(str(k) for k in document if k != "feeds")
    problems: list[str] = [f"unknown top-level key `{k}` (only `feeds` is allowed)" for k in extra_top]
    entries = document["feeds"]
    if not isinstance(entries, list) or not entries:
        raise FeedListError(path, problems + ["`feeds` must be a non-empty list"])

    specs: list[FeedSpec] = []
    first_index_of: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):  # counted as people count: the first entry is entry 1
        field_problems, spec = _validate_entry(entry)
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name in first_index_of:
            field_problems.append(f"field `name`: duplicate of entry {first_index_of[name]}")
        if isinstance(name, str):
            first_index_of.setdefault(name, index)
        if field_problems:
            label = f"entry {index} ({name!r})" if isinstance(name, str) and name else f"entry {index}"
            problems.append(f"{label}: " + "; ".join(field_problems))
        elif spec is not None:
            specs.append(spec)
    if problems:
        raise FeedListError(path, problems)
    return specs


def _validate_entry(entry: Any) -> tuple[list[str], FeedSpec | None]:
    """Field problems of one entry (without the entry label), and the spec when there are none."""
    if not isinstance(entry, dict):
        return [f"must be a mapping with `name` and `url`, got {type(entry).__name__}"], None
    problems: list[str] = []
    for key in entry:
        if key not in KNOWN_KEYS:
            problems.append(f"unknown field `{key}` (allowed: {', '.join(KNOWN_KEYS)})")

    name = entry.get("name")
    if name is None:
        problems.append("field `name`: missing")
    elif not isinstance(name, str) or not NAME_PATTERN.match(name):
        problems.append(f"field `name`: {name!r} must be lower-case letters, digits and dashes")

    url = entry.get("url")
    if url is None:
        problems.append("field `url`: missing")
    elif not isinstance(url, str) or not _is_http_url(url):
        problems.append(f"field `url`: {url!r} must be an absolute http(s) URL")

    lang = entry.get("lang", "auto")
    if lang not in LANGS:
        problems.append(f"field `lang`: {lang!r} must be one of {', '.join(LANGS)}")

    fulltext = entry.get("fulltext", False)
    if not isinstance(fulltext, bool):
        problems.append(f"field `fulltext`: {fulltext!r} must be true or false")

    if problems:
        return problems, None
    return problems, FeedSpec(name=name, url=url.strip(), lang=lang, fulltext=fulltext)


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url.strip()
