"""Model releases: a release verb and a model name in the same sentence ("OpenAI released GPT-5",
"Google stellt Gemini 3 vor", "Mistral AI unveiled Mistral Medium 3").

Model names are a family from the knowledge base (`models`) followed by optional tier words and a version
("Claude Opus 4.5", "GPT-4o", "Llama 4 Maverick"); short codes outside the families ("R1", "K2") count only
next to a model noun. The company is the family's owner when it is named in the sentence, else the subject
before the verb, else the family's owner from the knowledge base.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.fact_types import RawFact
from extractors.nlp.lexicon import lexicon, literal_trie
from extractors.nlp.readings import reading
from extractors.nlp.roles import subject_before
from extractors.nlp.sentences import Sentence

CUES = ("release.cues",)


def _cues(sentence: Sentence) -> list[re.Match[str]]:
    lex = sentence.lex
    if lex.lang == "de":
        return list(lex.regex(r"<<release.cues>>").finditer(sentence.text))
    return list(lex.regex(r"\b<<release.cues>>\b", re.IGNORECASE).finditer(sentence.text))


def _is_released_object(sentence: Sentence, cue: re.Match[str], start: int, end: int) -> bool:
    """The model is what the verb releases: inside the cue span (German "stellt ... vor"), right after it
    with no clause break between ("released a new model, Gemini 3" too), or right before it in the passive
    ("GPT-5 was released")."""
    lex = sentence.lex
    cue_lo, cue_hi = sentence.abs(cue.start()), sentence.abs(cue.end())
    if cue_lo <= start and end <= cue_hi:
        return not re.search(r"[,;]|\b(?:das|die|der) (?:mit|\w+s)\b", sentence.between(cue_lo, start))
    if start >= cue_hi:
        gap = sentence.between(cue_hi, start)
        apposition = lex.regex(r"^\s*<<release.determiners>>?\s*(?:[\w-]+\s+){0,3}?<<release.model_nouns>>\s*(?:,|:|–|—|-)\s*$"
                               r"|^\s*[:–—]\s*$")
        if apposition.match(gap) or lex.regex(r"^\s*(?:,\s*)?<<release.namely>>\s*:?\s*$").match(gap):
            return True  # "zwei neue Modelle veröffentlicht, und zwar gpt-oss-120B", "two models, namely ..."
        return len(gap) <= 60 and not lex.regex(r"[,;:()]|\b<<release.object_breaks>>\b").search(gap)
    gap = sentence.between(end, cue_lo)
    if lex.regex(r"^\s*<<release.fronted_with>>\s+$").match(sentence.between(sentence.start, start)) \
            and lex.regex(r"^\s+<<release.fronted_auxiliaries>>\b").match(gap):
        return True  # "Mit Llama 2 hat der Konzern hinter Facebook, WhatsApp und Instagram ... veröffentlicht"
    return len(gap) <= (80 if sentence.lang == "de" else 40) and not re.search(r"[,;]", gap)


def _family_model_is_released(sentence: Sentence, m: re.Match[str], cues: list[re.Match[str]]) -> re.Match[str] | None:
    """The cue that releases this family match, or None when the match is a company, team, product or plan."""
    lex = sentence.lex
    model = (m.group("family") + m.group("rest")).strip(" -")
    start = sentence.abs(m.start())
    end = start + len(model)
    bare = not m.group("rest").strip()
    if bare and any(o.start <= start < o.end for o in sentence.orgs):
        return None  # a model name inside an org mention ("Mistral AI") is the company
    if bare and lex.regex(r"<<release_products>>").fullmatch(m.group("family")):
        return None  # "the launch of OpenAI's chatbot ChatGPT": an assistant product, not a model
    cue = next((c for c in cues if _is_released_object(sentence, c, start, end)), None)
    if cue is None:
        return None
    after = sentence.after(end, 40)
    if bare and lex.regex(r"^[\s-]*<<release.family_nouns>>\b").match(after[:20]):
        return None  # "Alibaba's Qwen team", "ChatGPT users": a team or product, not a release
    if bare and lex.regex(r"^[ -](?!<<release.not_product_names>>\b)[A-Z][a-z]{2,}\b").match(after[:20]):
        return None  # "ChatGPT Atlas", "Gemini Robotics": a product named after the family, not the model
    if lex.regex(r"^\s+(?:and\s+[\w-]+\s+)?<<release.plan_nouns>>\b").match(after):
        return None  # "to ChatGPT Pro and Team users": a subscription plan, not a model
    return cue


@reading("model_release", priority=600, group="model_release", min_orgs=0, cues=CUES)
def releases_a_family_model(sentence: Sentence) -> list[RawFact]:
    """A knowledge-base model family with its version, released by its owner or by the sentence subject; the
    family's owner stands in when the sentence names no organisation ("after launching its Qwen2.5-Omni-7B
    model, China's tech giant ...", "wurde die Sprachmodellversion GPT4 vorgestellt")."""
    cues = _cues(sentence)
    if not cues:
        return []
    pattern, owners = model_pattern(sentence.kb)
    facts: list[RawFact] = []
    seen: set[str] = set()
    names = {m.name for m in sentence.orgs}
    previous: tuple[int, re.Match[str]] | None = None  # (end, cue) of the last released model
    for m in pattern.finditer(sentence.text):
        cue = _family_model_is_released(sentence, m, cues)
        if cue is None and previous is not None and _coordinated(sentence, previous[0], sentence.abs(m.start())):
            cue = previous[1]  # "gpt-oss-120B und gpt-oss-20B", "Llama 4 Scout and Llama 4 Maverick"
        if cue is None:
            continue
        previous = (sentence.abs(m.start()) + len((m.group("family") + m.group("rest")).rstrip(" -")), cue)
        model = (m.group("family") + m.group("rest")).strip(" -")
        owner = owners.get(m.group("family"))
        subject = subject_before(sentence, sentence.abs(cue.start()) + 1)
        company = owner if owner in names else (subject.name if subject else owner)
        if company is None or model in seen:
            continue
        seen.add(model)
        facts.append(RawFact("model_release", {"company": company, "model": model}, sentence.abs(m.start()),
                             [o for o in sentence.orgs if o.name == company]))
    return facts + _short_model_releases(sentence, cues, seen)


def _coordinated(sentence: Sentence, end: int, start: int) -> bool:
    """Two model names joined by a conjunction or comma only."""
    return re.fullmatch(r"\s*(?:,|and|und|sowie|or|oder|&)\s*|\s*,\s*(?:and|und|sowie)\s*", sentence.between(end, start)) is not None


_VERSION = r"(?:\d+(?:\.\d+)*[a-z]?|[A-Z]\d+|o\d|V\d+(?:\.\d+)?|R\d)"
# A parameter count that is part of the released name: "Llama 3.1 405B", "Mixtral 8x22B", "Qwen3 235B-A22B".
_SIZE = r"(?:\d+x)?\d+(?:\.\d+)?[BMbm](?:-A\d+(?:\.\d+)?[Bb])?"


@lru_cache(maxsize=8)
def model_pattern(kb) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every model family of the knowledge base (with tier words and versions), and family ->
    owner; built once per knowledge base."""
    families = kb.model_families
    tiers = lexicon(None).alternation("release.tiers")
    pattern = re.compile(
        rf"(?<![\w-])(?P<family>{literal_trie(families)})(?P<rest>(?:\.\d+)*(?:[- ]?{_VERSION}(?![\w.]))?"
        rf"(?:[- ]{tiers}(?![\w]))*(?:[- ]?{_VERSION}(?![\w]))?(?:[- ]{tiers}(?![\w]))*"
        rf"(?:[- ]{_SIZE}(?![\w]))?(?:[- ]{tiers}(?![\w]))*)"
    )
    return pattern, dict(families)


_SHORT_MODEL = re.compile(r"(?<![\w.-])(?P<code>[A-Z]{1,2}\d+(?:\.\d+)?|o\d)(?![\w-]|\.\d)")


def _short_model_releases(sentence: Sentence, cues: list[re.Match[str]], taken: set[str]) -> list[RawFact]:
    """Short model names outside the families ("R1", "K2", "V3.1", "o3"): only as the released object *and*
    next to a model noun ("R1, a reasoning model", "mit R1 ein Reasoning-Modell", "its M2 model"), so chips
    ("H200"), phones or planes are not models."""
    lex = sentence.lex
    model_after = lex.regex(r"^(?:,\s*)?(?:<<release.model_fillers>>\s+){0,3}<<release.model_words>>\b")
    model_before = lex.regex(r"\b(?:[Mm]odel|[Mm]odell|LLM)\s+(?:called\s+|named\s+|namens\s+)?$")
    facts: list[RawFact] = []
    for m in _SHORT_MODEL.finditer(sentence.text):
        code = m.group("code")
        start, end = sentence.abs(m.start()), sentence.abs(m.end())
        if code in taken or any(o.start <= start < o.end for o in sentence.orgs):
            continue
        if any(re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-]|\.\d)", name) for name in taken):
            continue  # "K2" of "Kimi K2", already released under its full name
        after = sentence.text[m.end():m.end() + 60].lstrip(" ")
        if not (model_after.match(after) or model_before.search(sentence.text, max(0, m.start() - 25), m.start())):
            continue
        cue = next((c for c in cues if _is_released_object(sentence, c, start, end)), None)
        subject = subject_before(sentence, min(start, sentence.abs(cue.start())) + 1) if cue else None
        if subject is None:
            continue
        taken.add(code)
        facts.append(RawFact("model_release", {"company": subject.name, "model": code}, start, [subject]))
    return facts
