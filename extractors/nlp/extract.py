"""The extraction entry points: `extract_passages` (batch, the CLI and the DAG use it) and `extract_text`.

Output objects follow `shared/spec/extraction-interface.md` exactly: `id`, `lang`, `orgs` (canonical
names, deduplicated, in order of first mention), `money` (surface, value, currency, start, end) and
`facts`. Passages are grouped by language and run through `nlp.pipe` per language (the pipelines are
built once per process), then put back in input order.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Iterable

from spacy.tokens import Doc

from extractors.nlp.annotations import Mention, doc_amounts, org_mentions
from extractors.nlp.sentences import sentence_bounds
from extractors.nlp.doc_text import doc_text, seed_doc_text
from extractors.nlp.fact_merge import merge_duplicate_facts
from extractors.nlp.invisible import Normalised, normalise
from extractors.nlp.numbers import plain_number
from extractors.nlp.pipeline import LANGUAGES, get_pipeline

DEFAULT_LANG = "en"  # when detection cannot tell (very short or empty text)
DEFAULT_BATCH_SIZE = 64


def detect(text: str, title: str | None = None) -> str:
    """The passage language: detected from text (and title), `DEFAULT_LANG` when undecidable."""
    from extractors.language import detect_language

    lang = detect_language(f"{title}\n{text}" if title else text)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def doc_result(doc: Doc, passage_id: str, lang: str, with_mentions: bool = False) -> dict[str, Any]:
    """The spec's output object for one processed doc (plus `mentions` when asked for)."""
    found = org_mentions(doc)
    orgs = doc._.orgs if doc._.orgs is not None else list(dict.fromkeys(m.name for m in found))
    money = [
        {"surface": a.surface, "value": plain_number(a.value), "currency": a.currency, "start": a.start, "end": a.end}
        for a in doc_amounts(doc)  # plain records kept by the money component, in text order
    ]
    result = {"id": passage_id, "lang": lang, "orgs": orgs, "money": money, "facts": list(doc._.facts or []),
              "signals": list(doc._.signals or [])}
    if with_mentions:
        result["mentions"] = mention_records(doc, [m for m in found if m.name in orgs])
    return result


def mention_records(doc: Doc, found: list[Mention]) -> list[dict[str, Any]]:
    """Every organisation mention the extractor found: [{company, start, end, sentence, confidence}], the
    sentence being the one the mention is in. Internal callers (the warehouse's `mentions` table) read these
    instead of searching the text again, so `mentions` and `orgs` always agree."""
    text = doc_text(doc)
    bounds = sentence_bounds(doc) or [(0, len(text))]
    starts = [s for s, _ in bounds]
    out = []
    for m in found:
        s, e = bounds[max(0, bisect_right(starts, m.start) - 1)]
        out.append({"company": m.name, "start": m.start, "end": m.end, "sentence": text[s:e].strip(),
                    "confidence": m.confidence})
    return out


CHUNK_CHARS = 100_000  # longer texts are cut at paragraph or sentence ends and processed piecewise


def split_long_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters, cut after a newline or a sentence end when
    possible, so a 10 MB article stays within spaCy's `max_length` and memory stays bounded."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n")
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
            cut = cut + 1 if cut >= limit // 2 else -1
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append((start, text[start:start + cut + (1 if text[start + cut:start + cut + 1] in ("\n", " ") else 0)]))
        start += len(pieces[-1][1])
    pieces.append((start, text[start:]))
    return pieces


def _make_doc(lang: str, text: str, passage: dict[str, Any]) -> Doc:
    nlp = get_pipeline(lang)
    doc = nlp.make_doc(text)
    # the tokenizer keeps every character, so the input is the doc text: seed the shared cache
    # (extractors.nlp.doc_text) instead of re-joining all tokens on first use
    seed_doc_text(doc, text)
    doc._.published = passage.get("published")
    doc._.title = normalise(passage["title"]).text if passage.get("title") else passage.get("title")
    return doc


def _shift(result: dict[str, Any], offset: int) -> dict[str, Any]:
    """Move a piece's character offsets to the offsets of the whole text."""
    if offset:
        for item in result["money"]:
            item["start"] += offset
            item["end"] += offset
        for fact in result["facts"] + result["signals"]:
            fact["evidence"]["start"] += offset
            fact["evidence"]["end"] += offset
        for mention in result.get("mentions", ()):
            mention["start"] += offset
            mention["end"] += offset
    return result


def _merge(pieces: list[dict[str, Any]]) -> dict[str, Any]:
    merged = pieces[0]
    for piece in pieces[1:]:
        merged["orgs"].extend(o for o in piece["orgs"] if o not in merged["orgs"])
        merged["money"].extend(piece["money"])
        merged["facts"].extend(piece["facts"])
        merged["signals"].extend(piece["signals"])
        if "mentions" in merged:
            merged["mentions"].extend(piece["mentions"])
    merged["facts"] = merge_duplicate_facts(merged["facts"])
    return merged


def extract_passages(passages: list[dict[str, Any]], batch_size: int = DEFAULT_BATCH_SIZE, *,
                     with_mentions: bool = False) -> list[dict[str, Any]]:
    """One output object per passage, same order; `lang` null/absent means detect it. `with_mentions` adds
    each object's organisation mentions with offsets (`mention_records`); the CLI leaves them out, as the
    contract says."""
    langs = []
    for p in passages:
        lang = p.get("lang")
        langs.append(lang if lang in LANGUAGES else detect((p.get("text") or "")[:20_000], p.get("title")))
    pieces: list[list[dict[str, Any]]] = [[] for _ in passages]
    readable = [normalise(p.get("text") or "") for p in passages]
    for lang in LANGUAGES:
        jobs = [(i, offset, piece) for i, l in enumerate(langs) if l == lang
                for offset, piece in split_long_text(readable[i].text)]
        if not jobs:
            continue
        nlp = get_pipeline(lang)
        docs: Iterable[Doc] = (_make_doc(lang, piece, passages[i]) for i, _, piece in jobs)
        for (i, offset, _), doc in zip(jobs, nlp.pipe(docs, batch_size=batch_size)):
            pieces[i].append(_shift(doc_result(doc, str(passages[i].get("id", "")), lang, with_mentions), offset))
    return [_to_original(_merge(p), readable[i], passages[i].get("text") or "") for i, p in enumerate(pieces)]


def _to_original(result: dict[str, Any], readable: Normalised, text: str) -> dict[str, Any]:
    """Offsets, surfaces and evidence sentences on the caller's text, when invisible characters were taken out
    or replaced before the rules ran (`extractors.nlp.invisible`)."""
    if readable.text == text:
        return result
    for item in result["money"]:
        item["start"], item["end"] = readable.original_offset(item["start"]), readable.original_offset(item["end"], end=True)
        item["surface"] = text[item["start"]:item["end"]]
    for fact in result["facts"] + result["signals"]:
        evidence = fact["evidence"]
        evidence["start"] = readable.original_offset(evidence["start"])
        evidence["end"] = readable.original_offset(evidence["end"], end=True)
        evidence["sentence"] = text[evidence["start"]:evidence["end"]]
    for mention in result.get("mentions", ()):
        mention["start"], mention["end"] = readable.original_offset(mention["start"]), readable.original_offset(mention["end"], end=True)
    return result


def extract_text(text: str, lang: str | None = None, published: str | None = None, title: str | None = None) -> dict[str, Any]:
    """Convenience for one text (tests, notebooks): the same object `extract_passages` returns, id ""."""
    return extract_passages([{"id": "", "text": text, "lang": lang, "published": published, "title": title}])[0]
