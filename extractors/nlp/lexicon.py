"""Per-language word lists as data (`lexicon/en.yaml`, `lexicon/de.yaml`), compiled into the rules' patterns.

The rules say *where* words go (before an amount, between a subject and its verb, right after a name); the
lexicon says *which* words: verb forms, cue words, descriptor nouns, hedges, trap words. Keeping the words in
data means a new German raise verb is one line in `de.yaml`, and the files are hashed into the extractor
version like the rule code.

File format: nested mappings whose leaves are lists. A leaf is addressed by its dotted path
("acquisition.verbs"). Each entry is one alternative of a regular expression: a plain word or phrase
("übernimmt", "led by"), or a compact inflection where that reads better ("acquir(?:e|es|ed|ing)",
"investors?"). List order is kept in the compiled alternation, because a regex alternation takes the first
alternative that matches.

`common.yaml` holds the lists that apply whatever the passage's language (news sources, descriptors of people,
apposition glue): German articles cite English outlets and English ones German papers. It is merged into every
language; a key defined in both is an error.

`lexicon(lang)` is the one place that decides the fallback: a language without a file is read with the
English lexicon.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
LANGUAGES = ("en", "de")
FALLBACK = "en"
_PLACEHOLDER = re.compile(r"<<([\w.]+)>>")


class LexiconError(ValueError):
    """A lexicon file is malformed or a rule asks for a word list it does not have."""


class Lexicon:
    """The word lists of one language, with the patterns built from them compiled once."""

    def __init__(self, lang: str, leaves: dict[str, tuple[str, ...]]) -> None:
        self.lang = lang
        self._leaves = leaves
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def words(self, key: str) -> tuple[str, ...]:
        """The entries of one word list, in file order."""
        try:
            return self._leaves[key]
        except KeyError:
            raise LexiconError(f"lexicon {self.lang} has no word list {key!r}") from None

    def has(self, key: str) -> bool:
        return key in self._leaves

    def wordset(self, key: str) -> frozenset[str]:
        return frozenset(self.words(key))

    def keys(self) -> list[str]:
        return sorted(self._leaves)

    def alternation(self, key: str) -> str:
        """`(?:w1|w2|...)` over the list's entries, in file order."""
        return "(?:" + "|".join(self.words(key)) + ")"

    def expand(self, template: str) -> str:
        """A regex source with every `<<dotted.key>>` replaced by that list's alternation."""
        return _PLACEHOLDER.sub(lambda m: self.alternation(m.group(1)), template)

    def regex(self, template: str, flags: int = 0) -> re.Pattern[str]:
        """`expand(template)` compiled, cached per lexicon."""
        key = (template, flags)
        pattern = self._compiled.get(key)
        if pattern is None:
            pattern = self._compiled[key] = re.compile(self.expand(template), flags)
        return pattern


def _read(lang: str) -> dict:
    path = LEXICON_DIR / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: the top level must be a mapping")
    return data


def _leaves(prefix: str, node: object, path: str, out: dict[str, tuple[str, ...]]) -> None:
    if isinstance(node, list):
        if not all(isinstance(w, str) and w for w in node):
            raise LexiconError(f"{path}: {prefix}: every entry must be a non-empty string")
        out[prefix] = tuple(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            _leaves(f"{prefix}.{key}" if prefix else str(key), value, path, out)
    else:
        raise LexiconError(f"{path}: {prefix or '<top>'}: expected a mapping or a list")


@lru_cache(maxsize=None)
def lexicon(lang: str | None) -> Lexicon:
    """The lexicon of `lang`; any language without a file falls back to English (the one fallback rule)."""
    code = lang if lang in LANGUAGES else FALLBACK
    leaves: dict[str, tuple[str, ...]] = {}
    _leaves("", _read(code), str(LEXICON_DIR / f"{code}.yaml"), leaves)
    common: dict[str, tuple[str, ...]] = {}
    _leaves("", _read("common"), str(LEXICON_DIR / "common.yaml"), common)
    clash = sorted(set(leaves) & set(common))
    if clash:
        raise LexiconError(f"lexicon {code}: {', '.join(clash)} defined in both {code}.yaml and common.yaml")
    return Lexicon(code, {**common, **leaves})


def lexicon_files() -> list[Path]:
    """The data files `extractor_version` hashes."""
    return sorted(LEXICON_DIR.glob("*.yaml"))


def literal_trie(words: Iterable[str]) -> str:
    """A regex alternation of literal words as a character trie ("ab", "ac" -> "a(?:b|c)").

    Python's `re` tries the alternatives of a flat alternation one by one at every position; a trie
    rejects a position after one character. Longer words sort before their prefixes inside each branch, so
    the longest literal wins. Used for the knowledge base's surface forms, model families and cue words.
    """
    trie: dict = {}
    for word in sorted(set(words)):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = []
    optional = "" in node
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _trie_source(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?"
    return body
