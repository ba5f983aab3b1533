"""`newsmon_orgs`: organisations from the knowledge base as `ORG` entities (`kb_id_` = canonical name).

Matching runs one precompiled regular expression over `doc.text` (longest surface form first, case-sensitive)
and maps each hit onto tokens with `char_span(alignment_mode="expand")`. Working on characters rather than
tokens makes English and German behave alike although their blank tokenizers split compounds differently
("Nvidia-Aktie" is one token in German, three in English). German morphology handled generically:

- genitive -s or apostrophe (German only: "Nvidias", "OpenAIs", "Databricks'"); English possessive "'s";
- hyphen compounds where the organisation is the first part ("Nvidia-Aktie", "OpenAI-Konkurrent"): the
  organisation is mentioned, the entity covers the compound token;
- a modifier naming the parent relation ("Google-Mutterunternehmen Alphabet", "Facebook parent Meta") is a
  description of the organisation that follows, so only that one is kept (the spec lists only Alphabet);
- possessives by a person ("Musks xAI") need nothing special: "Musks" is no surface form;
- a leading adjective's weak inflection ("der Deutschen Bank", "bei der Deutschen Telekom").

Forms marked `ambiguous` in the knowledge base (names that are also common words) count only with a
company-like context nearby, or when the same company is named unambiguously elsewhere in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language

from extractors.nlp.doc_text import doc_text
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.nlp.components.extensions import ensure_extensions
from extractors.nlp.annotations import remember_org
from extractors.nlp.lexicon import literal_trie

KB_CONFIDENCE = 0.95
AMBIGUOUS_CONFIDENCE = 0.8

_PARENT_HEADS = ("mutter", "parent")
# Heads of a German compound whose modifier is a company ("Nvidia-Aktie", "Scale-Chef", "Figure-Gründer").
_COMPANY_HEAD = re.compile(
    r"(?i)(?:Aktie|Aktien|Papiere|Kurs|Chef|Chefin|Gründer|Gründerin|Mitgründer|Konzern|Manager|Managerin|Sprecher"
    r"|Sprecherin|Partner|Investor|Investment|Investition|Deal|Übernahme|Beteiligung|Team|Mitarbeiter|Führung|Boss"
    r"|Vorstand|Tochter|Mutter|Gruppe|Firma|Unternehmen|Start-?up|Bewertung|Finanzierung|Runde|Modell|Modelle|KI|Rivale"
    r"|Konkurrent|Plattform|Software|Chips?)")
# Words near an ambiguous name that make the company reading likely.
_COMPANY_CONTEXT = re.compile(
    r"(?:\b(?:Inc|Corp|Ltd|LLC|GmbH|AG|SE|PLC|Holdings|Technologies|Labs)\b"
    r"|\b(?:startup|start-up|company|companies|firm|maker|developer|lab|rival|competitor|shares?|stock|investors?"
    r"|CEO|chief executive|founder|co-founder|raised|raises|funding|valuation|valued|acquired|acquires|acquisition"
    r"|acquire|buy|buys|bought|purchase|takeover|deal|bid|offer|offers|offered|said|says|app|platform|users|loan|credit|debt|analysts?"
    r"|announced|unveiled|launched|released|chatbot|models?|round|Series [A-F]|led by|co-led|backed|backer|invests?|invested"
    r"|startups|start-ups|venture|ventures|capital|designer|Shares|Stock|Investors)\b"
    r"|\b(?:Startup|Start-up|Unternehmen|Konzern|Firma|Aktie|Aktien|Anleger|Investoren|Chef|Gründer|Mitgründer"
    r"|Bewertung|bewertet|Finanzierung|Finanzierungsrunde|übernimmt|übernehmen|übernommen|Übernahme|kauft|kaufen|gekauft"
    r"|kündigte|stellte|veröffentlicht|Angebot|sagte|teilte|Plattform|Nutzer|Kredit|Kreditlinie|gesichert|sichert|Analysten?|Analystin"
    r"|Konkurrent|KI-Firma|KI-Startup|KI-Modell|Modell|Modelle|Sprachmodell|Runde|\w+-Runde|Serie|Führung|angeführt|Investor"
    r"|Geldgeber|beteiligt|investiert|Start-ups?|Startups|Wagniskapital\w*|Risikokapital\w*)\b"
    r"|\b[A-ZÄÖÜ]\w+(?:investor|investoren|geber|konzern|unternehmen)\b)"  # German compounds: Bestandsinvestor, Kapitalgeber
)


@dataclass(frozen=True)
class OrgHit:
    """One surface-form hit on the text, before mapping to tokens."""

    start: int
    end: int
    canonical: str
    ambiguous: bool
    compound_head: str | None  # "Aktie" for "Nvidia-Aktie"
    compound_end: int  # end of the whole compound word (== end when no compound)


_ADJECTIVE_FIRST = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]+e)( .+)$")


def _weak_adjective_forms(form: str) -> tuple[str, ...]:
    """German names that open with an adjective inflect it: "die Deutsche Bank", "der Deutschen Bank",
    "bei der Deutschen Telekom". Only the -en form is added; a form that never occurs in text costs nothing."""
    m = _ADJECTIVE_FIRST.match(form)
    return (f"{m.group(1)}n{m.group(2)}",) if m else ()


_CAMEL_CASE = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]*$")


def _flattened_camel_case(form: str) -> str | None:
    """"Softbank" for "SoftBank", "Deepmind" for "DeepMind": the spelling German and hurried English text
    often gives a camel-case brand. Counted only with company context nearby (like an ambiguous form), since
    a flattened "Minimax" may as well be the algorithm."""
    if len(form) < 5 or not _CAMEL_CASE.match(form):
        return None
    return form[0] + form[1:].lower()


def _build_pattern(forms: list[str]) -> re.Pattern[str]:
    alternatives = literal_trie(forms)
    return re.compile(
        rf"(?<![\w])(?P<form>{alternatives})"
        r"(?:(?P<gen>['’]s|['’]|s)(?![\w])|(?P<cmp>-)(?P<head>\w[\w-]*)|(?![\w]))"
    )


class OrgMatcher:
    """Callable pipeline component; built once per pipeline from the knowledge base."""

    def __init__(self, lang: str, knowledge_path: str | None = None, context_window: int = 80) -> None:
        from extractors.nlp.knowledge_base import knowledge_base

        ensure_extensions()
        self.lang = lang
        self.context_window = context_window
        companies = knowledge_base(knowledge_path).companies
        self.canonical_of: dict[str, str] = {}
        self.ambiguous_forms: set[str] = set()
        flattened: set[str] = set()
        for company in companies:
            for form in company.surface_forms:
                for variant in (form, *(_weak_adjective_forms(form) if lang == "de" else ())):
                    self.canonical_of.setdefault(variant, company.name)
                    if company.ambiguous:
                        self.ambiguous_forms.add(variant)
        for company in companies:
            for form in company.surface_forms:
                # German couples every word of a compound: "Deutsche-Bank-Papiere", "Munich-Re-Aktie"
                hyphenated = form.replace(" ", "-") if lang == "de" and 0 < form.count(" ") <= 2 else None
                if hyphenated and all(w[:1].isupper() for w in form.split()):
                    self.canonical_of.setdefault(hyphenated, company.name)
                flat = _flattened_camel_case(form)
                if flat and flat not in self.canonical_of:
                    self.canonical_of[flat] = company.name
                    flattened.add(flat)
        # A multi-word or suffixed alias ("Mistral AI", "Apple Inc.") is never ambiguous itself.
        self.ambiguous_forms = {f for f in self.ambiguous_forms if " " not in f and "." not in f} | flattened
        self.pattern = _build_pattern(list(self.canonical_of))

    def find(self, text: str) -> list[OrgHit]:
        """All surface-form hits (ambiguous ones included), in text order."""
        hits: list[OrgHit] = []
        for m in self.pattern.finditer(text):
            form, gen = m.group("form"), m.group("gen")
            if m.start() and text[m.start() - 1] in "./@" and not text[m.start() - 2:m.start() - 1].isspace():
                continue  # part of a domain, path or handle ("example.io", "x.com/OpenAI"), not a name
            if gen == "s" and (self.lang != "de" or form[-1] in "sxzßSXZ"):
                continue
            if gen == "s" and form in self.ambiguous_forms and re.search(r"\b[a-zäöüß]+\s+$", text[max(0, m.start() - 20):m.start()]):
                continue  # "in Benchmarks vorne": an ambiguous word plus -s after a lower-case word is a plural
            if gen in ("'", "’") and self.lang != "de" and form[-1] not in "sS":
                continue
            head = m.group("head")
            hits.append(
                OrgHit(
                    start=m.start("form"),
                    end=m.end("form"),
                    canonical=self.canonical_of[form],
                    ambiguous=form in self.ambiguous_forms,
                    compound_head=head,
                    compound_end=m.end(),
                )
            )
        return hits

    def _has_context(self, text: str, hit: OrgHit) -> bool:
        if hit.compound_head:
            # "Scale-Chef", "Figure-Aktie": a company head word; "Benchmark-Tests" is a common noun, not Benchmark
            return _COMPANY_HEAD.match(hit.compound_head) is not None
        lo, hi = max(0, hit.start - self.context_window), min(len(text), hit.end + self.context_window)
        return _COMPANY_CONTEXT.search(text, lo, hi) is not None

    def select(self, text: str, hits: list[OrgHit]) -> list[tuple[OrgHit, float]]:
        """Drop ambiguous hits without context and parent-relation modifiers; attach confidences."""
        sure = {h.canonical for h in hits if not h.ambiguous}
        kept: list[tuple[OrgHit, float]] = []
        starts = {h.start for h in hits}
        for hit in hits:
            if _is_parent_modifier(text, hit, starts):
                continue
            if hit.ambiguous:
                if hit.canonical in sure or self._has_context(text, hit):
                    kept.append((hit, AMBIGUOUS_CONFIDENCE))
                continue
            kept.append((hit, KB_CONFIDENCE))
        return kept

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans: list[Span] = []
        confidence: dict[tuple[int, int], float] = {}
        compound: set[tuple[int, int]] = set()
        for hit, conf in self.select(text, self.find(text)):
            span = doc.char_span(hit.start, hit.end, label="ORG", kb_id=hit.canonical, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            spans.append(span)
            confidence[(span.start_char, span.end_char)] = conf
            if hit.compound_head:
                compound.add((span.start_char, span.end_char))
        kept = filter_spans(list(doc.ents) + spans)
        doc.ents = kept
        for ent in kept:
            key = (ent.start_char, ent.end_char)
            if key in confidence:
                remember_org(doc, ent, confidence[key], False, key in compound)
        return doc


def _is_parent_modifier(text: str, hit: OrgHit, starts: set[int]) -> bool:
    """"Google-Mutterunternehmen Alphabet" / "Google parent Alphabet": Google only describes Alphabet."""
    if hit.compound_head and hit.compound_head.lower().startswith(_PARENT_HEADS):
        rest = text[hit.compound_end:hit.compound_end + 3]
        offset = len(rest) - len(rest.lstrip())
        return offset > 0 and hit.compound_end + offset in starts
    m = re.match(r"[’']?s? (?:parent(?: company)?|owner) ", text[hit.end:hit.end + 30])
    return bool(m) and hit.end + m.end() in starts


@Language.factory(
    "newsmon_orgs",
    default_config={"knowledge_path": None, "context_window": 80},
)
def make_org_matcher(nlp: Language, name: str, knowledge_path: str | None, context_window: int) -> OrgMatcher:
    return OrgMatcher(nlp.lang, knowledge_path=knowledge_path, context_window=context_window)

