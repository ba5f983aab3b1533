"""`newsmon_facts`: typed facts per document, written to `doc._.facts` in the spec's format.

This module holds the component, the dispatch of readings and the finishing of facts; the readings are in
`extractors/nlp/readings/`, the cross-sentence pass in `extractors/nlp/discourse.py`.

Dispatch (one sentence, or one clause of it):
- a sentence with no amount, no percentage and no cue word of any reading is skipped (`readings.prefilter`);
- a forecast or hypothetical sentence ("could cost", "will invest ... by 2030") yields no deal;
- deal readings run in priority order and the first that reads something wins (an acquisition wins over an
  investment, which wins over a funding round); a deal read as an acquisition or investment still reports
  the valuation stated with it; stock moves and model releases stand beside the deal;
- a sentence with two or more deal amounts is also read clause by clause (`extractors/nlp/clauses.py`), and
  that reading wins when it finds more deals.

Finishing (once per fact, after the whole document is read):
- `status: "talks"` when the fact's stretch of its sentence is hedged (`extractors/nlp/hedges.py`); a
  completed or agreed deal carries no `status` (absent means completed, as in the dev-set gold);
- `confidence` starts at 0.9 and drops for discovered organisations, hedges and roles far apart;
- `evidence` is the sentence with its offsets into the input text; `date` (extra field) is added when the
  sentence states a date, resolved against `doc._.published`.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractors.nlp.amount_roles import deal_amounts, is_forecast
from extractors.nlp.annotations import Mention, org_mentions
from extractors.nlp.clauses import gapped_round, split_clauses, with_pronoun_subject
from extractors.nlp.components.extensions import ensure_extensions
from extractors.nlp.dates import DATE_PATTERN, parse_day, resolve_date
from extractors.nlp.discourse import merge_title_facts, read_document
from extractors.nlp.doc_text import doc_text
from extractors.nlp.fact_types import ALL_TYPES, FACT_TYPES, RawFact
from extractors.nlp.hedges import has_strong_hedge, is_hedged
from extractors.nlp.knowledge_base import KnowledgeBase, knowledge_base
from extractors.nlp.lexicon import lexicon
from extractors.nlp.numbers import plain_number
from extractors.nlp.parties import listed_orgs
from extractors.nlp.periods import as_of as period_as_of
from extractors.nlp.readings import has_cue, prefilter, readings
from extractors.nlp.roles import first_subject
from extractors.nlp.sentences import Sentence, sentences
from extractors.nlp.signal_pass import document_signals

BASE_CONFIDENCE = 0.9
HEDGE_FACTOR = 0.75
FAR_ROLES_CHARS = 120
FAR_FACTOR = 0.85
_ROUND_TYPES = ("funding_round", "valuation")
_DEALS = ("funding_round", "investment", "acquisition")


def _first_reading(group: str, sentence: Sentence, types: tuple[str, ...] | None = None) -> tuple[str | None, list[RawFact]]:
    """(fact type, facts) of the first reading of `group` that reads something; guards end their type."""
    blocked: set[str] = set()
    for r in readings(group):
        if (types is not None and r.fact_type not in types) or r.fact_type in blocked or len(sentence.orgs) < r.min_orgs:
            continue
        if not has_cue(sentence, r):
            continue
        found = r.func(sentence)
        if r.guard:
            if found:
                blocked.add(r.fact_type)
        elif found:
            return r.fact_type, found
    return None, []


def clause_facts(sentence: Sentence) -> list[RawFact]:
    """The facts of one sentence or clause (see the module docstring)."""
    if not sentence.amounts and not sentence.percents and not prefilter(sentence.lang).search(sentence.text):
        return []
    facts: list[RawFact] = []
    if not is_forecast(sentence):
        kind, facts = _first_reading("deal", sentence)
        if kind in ("acquisition", "investment"):
            facts = facts + [f for f in _first_reading("deal", sentence, _ROUND_TYPES)[1] if f.type == "valuation"]
    for group in ("stock_move", "model_release"):  # each reading's min_orgs says whether it needs a company
        facts = facts + _first_reading(group, sentence)[1]
    return facts


def sentence_facts(sentence: Sentence) -> list[RawFact]:
    """A sentence's facts, read whole and, with two or more deal amounts, clause by clause."""
    whole = clause_facts(sentence)
    if len(sentence.amounts) < 2 or len(deal_amounts(sentence)) < 2:
        return whole
    clauses = split_clauses(sentence)
    if len(clauses) == 1:
        return whole
    facts: list[RawFact] = []
    subject: Mention | None = None
    for clause in clauses:
        clause = with_pronoun_subject(clause, subject)
        facts.extend(clause_facts(clause) or gapped_round(clause, facts))
        if subject is None:
            subject = first_subject(clause)
    count = lambda found: sum(1 for f in found if f.type in _DEALS)  # noqa: E731
    return facts if count(facts) > count(whole) else whole


def _hedged(fact: RawFact) -> bool:
    """Hedge cues count in the stretch from the fact's first role to just after its anchor."""
    if fact.type == "stock_move":
        return False
    if fact.offered:
        return True
    sentence = fact.sentence
    lo = min([r.start for r in fact.roles] + [fact.anchor]) - sentence.start
    hi = max([r.end for r in fact.roles] + [fact.anchor]) - sentence.start + 25
    strong = sentence.cache.get("strong_hedge")
    if strong is None:
        strong = sentence.cache["strong_hedge"] = has_strong_hedge(sentence.text, sentence.lang)
    return is_hedged(sentence.text, sentence.lang, lo, hi, strong=strong)


def _confidence(fact: RawFact, hedged: bool) -> float:
    conf = BASE_CONFIDENCE
    if fact.roles:
        conf *= min(1.0, min(r.confidence for r in fact.roles) / 0.95)
        if max(r.end for r in fact.roles) - min(r.start for r in fact.roles) > FAR_ROLES_CHARS:
            conf *= FAR_FACTOR
    if hedged:
        conf *= HEDGE_FACTOR
    return round(max(0.0, min(1.0, conf)), 3)


def finish(fact: RawFact, published: str | None) -> dict[str, Any]:
    """The public form of a fact: the spec's fields, status, date, evidence, confidence."""
    sentence = fact.sentence
    kind = FACT_TYPES[fact.type]
    values = dict(fact.values)
    for key in kind.money:
        if isinstance(values.get(key), float):
            values[key] = plain_number(values[key])
    hedged = _hedged(fact)
    if hedged:
        values["status"] = "talks"
    if "date" not in sentence.cache:
        sentence.cache["date"] = (resolve_date(sentence.text, published),) if DATE_PATTERN.search(sentence.text) else None
    if sentence.cache["date"] is not None:
        values["date"] = sentence.cache["date"][0]
    if fact.period is not None:
        values["as_of"] = period_as_of(fact.period, parse_day(published))
    out = kind.output(values)
    out["evidence"] = {"sentence": sentence.text, "start": sentence.start, "end": sentence.end}
    out["confidence"] = _confidence(fact, hedged)
    return out


class FactExtractor:
    def __init__(self, kb: KnowledgeBase, nlp: Language | None = None) -> None:
        ensure_extensions()
        self.kb = kb
        self.nlp = nlp  # runs the headline through the same pipeline (see `merge_title_facts`)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        doc_sentences = sentences(doc, self.kb)
        facts = [finish(f, published) for f in read_document(doc_sentences, sentence_facts)]
        title = doc._.title
        if title and self.nlp is not None and title.strip() and title.strip() not in doc_text(doc)[:len(title) + 5]:
            title_doc = self.nlp(title)  # its own `title` is None, so this does not recurse
            if title_doc._.facts:
                facts = merge_title_facts(facts, title_doc._.facts, sentences(doc, self.kb))
        doc._.facts = facts
        doc._.signals = document_signals(doc_sentences, facts, published)
        parties = {name for f in facts + doc._.signals for role in ALL_TYPES[f["type"]].roles
                   for name in (f.get(role) if isinstance(f.get(role), list) else [f.get(role)]) if name}
        doc._.orgs = listed_orgs(doc_text(doc), org_mentions(doc), lexicon(doc.lang_), self.kb.media_names, parties)
        return doc


@Language.factory("newsmon_facts", default_config={"knowledge_path": None})
def make_fact_extractor(nlp: Language, name: str, knowledge_path: str | None) -> FactExtractor:
    return FactExtractor(knowledge_base(knowledge_path), nlp)
