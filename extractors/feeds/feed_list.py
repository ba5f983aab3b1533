"""The feed list (`config/feeds.yaml` or `NEWSMON_FEEDS`): loaded and validated before any fetch.

A bad list is rejected as a whole, with one message per bad entry naming the entry and the field, so a typo
is found in one read instead of one failed task per feed.

The file must be UTF-8 (a UTF-16 or Latin-1 file is named as such, not a `UnicodeDecodeError`), and a key
given twice in one mapping is an error naming the entry and both lines (YAML would silently keep the
last). A URL with credentials (`https://user:password@host/...`) is refused with a message saying where
they go instead: an Airflow connection the entry names with `connection:` (see `feed_credentials`);
messages show URLs redacted, so the refusal does not print the password it refuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from extractors.feeds.url_redaction import redact_url

NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
LANGS = ("en", "de", "auto")
KNOWN_KEYS = ("name", "url", "lang", "fulltext", "connection")
CONNECTION_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,250}$")


class FeedListError(ValueError):
    """The feed list cannot be used; `problems` holds one message per bad entry (naming its fields)."""

    def __init__(self, path: Path | None, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        where = f"feed list {path}" if path else "feed list"
        super().__init__(f"{where} is invalid:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class FeedSpec:
    """One feed to poll: `lang` is en, de or auto (detect per entry); `fulltext` fetches article pages;
    `connection` names the Airflow connection holding the feed's credentials (None: no credentials)."""

    name: str
    url: str
    lang: str = "auto"
    fulltext: bool = False
    connection: str | None = None


def load_feed_list(path: Path | None = None) -> list[FeedSpec]:
    """Read and validate the feed list; raises `FeedListError` listing every problem."""
    if path is None:
        from extractors.settings import feeds_path

        path = feeds_path()
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FeedListError(path, [f"cannot read the file: {error.strerror or error}"]) from error
    text = decode_feed_list(raw, path)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FeedListError(path, [f"not valid YAML: {error}"]) from error
    duplicates = duplicate_key_problems(text)
    try:
        specs = parse_feed_list(document, path=path)
    except FeedListError as error:
        raise FeedListError(path, duplicates + error.problems) from error
    if duplicates:
        raise FeedListError(path, duplicates)
    return specs


def decode_feed_list(raw: bytes, path: Path | None = None) -> str:
    """The file as text; anything but UTF-8 (a BOM is fine) is refused with what it looks like instead."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        raise FeedListError(path, ["the file is UTF-16 (or another two-byte encoding), not UTF-8: "
                                   "save it as UTF-8"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise FeedListError(path, [f"the file is not UTF-8 text: byte 0x{raw[error.start]:02x} on line {line} "
                                   "cannot be decoded (Latin-1 or Windows-1252?): save it as UTF-8"]) from None


def duplicate_key_problems(text: str) -> list[str]:
    """One message per key given twice in the same mapping (the top level or a feed entry)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # safe_load has reported it
    problems: list[str] = []

    def check(node: yaml.Node, label: str) -> None:
        first_line: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in first_line:
                problems.append(f"{label}: key `{key_node.value}` is given twice (lines {first_line[key_node.value]} "
                                f"and {line}); keep one")
            first_line.setdefault(key_node.value, line)

    if not isinstance(root, yaml.MappingNode):
        return problems
    check(root, "top level")
    for key_node, value_node in root.value:
        if key_node.value == "feeds" and isinstance(value_node, yaml.SequenceNode):
            for entry in value_node.value:
                if isinstance(entry, yaml.MappingNode):
                    names = [v.value for k, v in entry.value if k.value == "name" and isinstance(v, yaml.ScalarNode)]
                    where = f"entry {names[0]!r}" if names else "entry"
                    check(entry, f"{where} (line {entry.start_mark.line + 1})")
    return problems


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
    elif isinstance(url, str) and _has_userinfo(url):
        problems.append(credentials_in_url_problem(url))
    elif not isinstance(url, str) or not _is_http_url(url):
        problems.append(f"field `url`: {redact_url(url)!r} must be an absolute http(s) URL")
    problems.extend(connection_problems(entry))

    lang = entry.get("lang", "auto")
    if lang not in LANGS:
        problems.append(f"field `lang`: {lang!r} must be one of {', '.join(LANGS)}")

    fulltext = entry.get("fulltext", False)
    if not isinstance(fulltext, bool):
        problems.append(f"field `fulltext`: {fulltext!r} must be true or false")

    if problems:
        return problems, None
    return problems, FeedSpec(name=name, url=url.strip(), lang=lang, fulltext=fulltext,
                              connection=entry.get("connection"))


def _has_userinfo(url: str) -> bool:
    try:
        return "@" in urlsplit(url.strip()).netloc
    except ValueError:  # not a URL at all: _is_http_url says so
        return False


def credentials_in_url_problem(url: str) -> str:
    return (f"field `url`: {redact_url(url.strip())!r} carries credentials (user:password@): they would be "
            "logged, stored and shown with the URL. Put them in an Airflow connection (login/password, or "
            "extras headers/params) and name it in the entry: `connection: <conn id>`")


def connection_problems(entry: dict) -> list[str]:
    connection = entry.get("connection")
    if connection is None or (isinstance(connection, str) and CONNECTION_PATTERN.match(connection)):
        return []
    return [f"field `connection`: {connection!r} must be an Airflow connection id (letters, digits, _ . -)"]


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url.strip()
