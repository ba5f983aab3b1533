"""Model releases: a release verb and a model name in the same sentence ("OpenAI released GPT-5",
"Google stellt Gemini 3 vor", "Mistral AI unveiled Mistral Medium 3").

Model names are a family from the knowledge base (`models`) followed by optional tier words and a
version ("Claude Opus 4.5", "GPT-4o", "Llama 4 Maverick"). The company is the family's owner when it is
named in the sentence, else the subject before the verb, else the family's owner from the knowledge base.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.components.fact_context import Sentence
from extractors.nlp.components.fact_roles import lang_of, subject_before

RELEASE_CUES: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:releas(?:e|es|ed|ing)|launch(?:es|ed|ing)?|unveil(?:s|ed|ing)?|introduc(?:e|es|ed|ing)|debut(?:s|ed)?"
        r"|roll(?:s|ed|ing) out|rolled out|announc(?:e|es|ed|ing)|ship(?:s|ped)?|open-sourc(?:e|es|ed)|open sourced"
        r"|made available|makes available|present(?:s|ed)|showcas(?:e|es|ed)|new model|unveiling|release of|launch of)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\bstellt(?:e)?\b.{0,80}\bvor\b|\bvorgestellt|\bveröffentlicht\w*|\bpräsentiert\w*|\blanciert\w*|\bbringt\b.{0,60}\bauf den Markt"
        r"|\bbrachte\b.{0,60}\bauf den Markt|\bführt\b.{0,60}\bein\b|\beingeführt|\benthüllt\w*|\bkündigt\w*|\bangekündigt|\bstartet|\bstartete"
        r"|\bneue[snm]? (?:KI-)?(?:Modell|Sprachmodell)|\bVeröffentlichung|\bgibt\b.{0,60}\bfrei\b|\bfreigegeben|\bverfügbar)",
    ),
}
_TIERS = r"(?:Opus|Sonnet|Haiku|Pro|pro|Flash|Ultra|Nano|Mini|mini|Turbo|Max|Lite|Large|Medium|Small|Instruct|Vision|Coder|Thinking|Preview|Scout|Maverick|Behemoth|Deep Research|Reasoner|Omni|Plus|Image|Video|Code|Chat|Sonar|Next|Fast|Heavy|High|Low|Exp|Experimental|o)"
_VERSION = r"(?:\d+(?:\.\d+)*[a-z]?|[A-Z]\d+|o\d|V\d+(?:\.\d+)?|R\d)"
# A parameter count that is part of the released name: "Llama 3.1 405B", "Mixtral 8x22B", "Qwen3 235B-A22B".
_SIZE = r"(?:\d+x)?\d+(?:\.\d+)?[BM](?:-A\d+(?:\.\d+)?B)?"


@lru_cache(maxsize=4)
def model_pattern(knowledge_path: str | None = None) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every model family of the knowledge base, and family -> owner."""
    from extractors.nlp.knowledge_base import model_families

    families = model_families(knowledge_path)
    from extractors.nlp.components.org_matcher import trie_regex

    alts = trie_regex(list(families))
    pattern = re.compile(
        rf"(?<![\w-])(?P<family>{alts})(?P<rest>(?:\.\d+)*(?:[- ]?{_VERSION}(?![\w.]))?(?:[- ](?:{_TIERS})(?![\w]))*(?:[- ]?{_VERSION}(?![\w]))?(?:[- ](?:{_TIERS})(?![\w]))*"
        rf"(?:[- ]{_SIZE}(?![\w]))?(?:[- ](?:{_TIERS})(?![\w]))*)"
    )
    return pattern, dict(families)


_BARE_FAMILY_NOUN = re.compile(
    r"^[\s-]*(?:team|teams|users?|app|apps|family|models?|chatbot|assistant|brand|subscribers?|Team|Nutzer\w*|App|Familie|Modelle|Version)\b"
)
_PRODUCT_NAME_AFTER = re.compile(
    r"^[ -](?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Mon|Diens|Donners|Frei|Sams|Sonn)tag\b|Mittwoch\b"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December|Januar|Februar|März"
    r"|Juni|Juli|Oktober|Dezember|Today|Heute|Now|Jetzt)\b)[A-Z][a-z]{2,}\b")
_PLAN_AFTER = re.compile(r"^\s+(?:and\s+[\w-]+\s+)?(?:users?|subscribers?|plans?|subscriptions?|tiers?|customers?"
                         r"|Nutzer\w*|Abonnenten|Kunden|Abo\w*)\b")
# ... and words that make the model the beneficiary, not the object ("a Max plan for heavy users of Claude").
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:which|that|than|rivals?|like|against|compared|versus|vs\.?|das|die|der|mit dem|als|wie"
                           r"|for|für|users?|Nutzer\w*|customers?|Kunden|subscribers?|Abonnenten"
                           r"|powered by|based on|built on|using|betrieben|basiert\w*|auf Basis"
                           r"|beats?|beating|outperform\w*|tops|topped|surpass\w*|übertrifft|übertraf|schlägt|schlug|überholt\w*)\b")


_MODEL_APPOSITION = re.compile(
    r"^\s*(?:a|an|its|their|the|sein|seine|ihr|ihre|das|ein|eine)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:model|AI model|language model|LLM|reasoning model|[\w-]*[Mm]odell)\s*(?:,|:|–|—|-)\s*$"
    r"|^\s*[:–—]\s*$"  # "hat ein neues Modell veröffentlicht: GPT-5"
)


def _is_released_object(sentence: Sentence, cue: re.Match[str], start: int, end: int) -> bool:
    """The model is what the verb releases: inside the cue span (German "stellt ... vor"), right after it
    with no clause break between, or right before it in the passive ("GPT-5 was released")."""
    cue_lo, cue_hi = sentence.abs(cue.start()), sentence.abs(cue.end())
    if cue_lo <= start and end <= cue_hi:
        gap = sentence.between(cue_lo, start)
        return not re.search(r"[,;]|\b(?:das|die|der) (?:mit|\w+s)\b", gap)
    if start >= cue_hi:
        gap = sentence.between(cue_hi, start)
        if _MODEL_APPOSITION.match(gap):
            return True  # "released a new model, Gemini 3", "launched its latest model, GPT-5"
        return len(gap) <= 60 and not _CLAUSE_BREAK.search(gap)
    gap = sentence.between(end, cue_lo)
    limit = 80 if sentence.lang == "de" else 40
    return len(gap) <= limit and not re.search(r"[,;]", gap)


# Short model names outside the knowledge base's families ("R1", "K2", "V3.1", "o3"): a letter-digit code
# counts only as the released object *and* next to a model noun ("R1, a reasoning model", "mit R1 ein
# Reasoning-Modell", "its M2 model"), so chips ("H200"), phones or planes are not models.
_SHORT_MODEL = re.compile(r"(?<![\w.-])(?P<code>[A-Z]{1,2}\d+(?:\.\d+)?|o\d)(?![\w-]|\.\d)")
_MODEL_WORD = r"(?:[\w-]*[Mm]odel(?:l|le|ls|s)?|LLM|chatbot|Chatbot)\b"
_FILLER = (r"(?:a|an|its|their|the|ein|eine|einen|einem|sein|seine|seinen|ihr|ihre|ihren|das|den|neue[snmr]?|new|latest"
           r"|neueste[snmr]?|open-weight|open-source|quelloffene[snmr]?|reasoning|frontier|large|small|language|KI|AI)")
_MODEL_AFTER = re.compile(r"^(?:,\s*)?(?:" + _FILLER + r"\s+){0,3}" + _MODEL_WORD)
_MODEL_BEFORE = re.compile(r"\b(?:[Mm]odel|[Mm]odell|LLM)\s+(?:called\s+|named\s+|namens\s+)?$")


def _short_model_releases(sentence: Sentence, cues: list[re.Match[str]], taken: set[str]) -> list[dict]:
    facts: list[dict] = []
    for m in _SHORT_MODEL.finditer(sentence.text):
        code = m.group("code")
        start, end = sentence.abs(m.start()), sentence.abs(m.end())
        if code in taken or any(o.start <= start < o.end for o in sentence.orgs):
            continue
        if any(re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-]|\.\d)", name) for name in taken):
            continue  # "K2" of "Kimi K2", already released under its full name
        after = sentence.text[m.end():m.end() + 60].lstrip(" ")
        if not (_MODEL_AFTER.match(after) or _MODEL_BEFORE.search(sentence.text, max(0, m.start() - 25), m.start())):
            continue
        cue = next((c for c in cues if _is_released_object(sentence, c, start, end)), None)
        if cue is None:
            continue
        subject = subject_before(sentence, min(start, sentence.abs(cue.start())) + 1)
        if subject is None:
            continue
        taken.add(code)
        facts.append({"type": "model_release", "company": subject.name, "model": code, "_anchor": start, "_roles": [subject]})
    return facts


def find_model_releases(sentence: Sentence, knowledge_path: str | None = None) -> list[dict]:
    lang = lang_of(sentence)
    cues = list(RELEASE_CUES[lang].finditer(sentence.text))
    if not cues:
        return []
    pattern, owners = model_pattern(knowledge_path)
    facts: list[dict] = []
    seen: set[str] = set()
    org_names = {m.name for m in sentence.orgs}
    for m in pattern.finditer(sentence.text):
        family = m.group("family")
        model = (family + m.group("rest")).strip(" -")
        start, end = sentence.abs(m.start()), sentence.abs(m.start()) + len(model)
        # a model name inside an org mention ("Mistral AI") is the company, not a model
        if any(o.start <= start < o.end for o in sentence.orgs) and not m.group("rest").strip():
            continue
        # products named inside a compound ("ChatGPT-Version", "ChatGPT users") are not released here
        cue = next((c for c in cues if _is_released_object(sentence, c, start, end)), None)
        if cue is None:
            continue
        if not m.group("rest").strip() and _BARE_FAMILY_NOUN.match(sentence.after(end, 20)):
            continue  # "Alibaba's Qwen team", "ChatGPT users": a team or product, not a release
        if not m.group("rest").strip() and _PRODUCT_NAME_AFTER.match(sentence.after(end, 20)):
            continue  # "ChatGPT Atlas", "Gemini Robotics": a product named after the family, not the model
        if _PLAN_AFTER.match(sentence.after(end, 40)):
            continue  # "to ChatGPT Pro and Team users": a subscription plan, not a model
        owner = owners.get(family)
        subject = subject_before(sentence, sentence.abs(cue.start()) + 1)
        if owner in org_names:
            company = owner
        else:
            company = subject.name if subject else owner
        if company is None or model in seen:
            continue
        seen.add(model)
        roles = [o for o in sentence.orgs if o.name == company]
        facts.append({"type": "model_release", "company": company, "model": model, "_anchor": start, "_roles": roles})
    facts.extend(_short_model_releases(sentence, cues, seen))
    return facts
