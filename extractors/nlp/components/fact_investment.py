"""Investments: one organisation puts money into another ("Amazon invests $4bn in Anthropic",
"Nvidia beteiligt sich mit 500 Mio. an X", "SAP steigt bei Aleph Alpha ein").

The investor is the subject before the investment verb; the investee follows "in"/"into"/"an"/"bei".
A running total ("bringing its total investment to $8 billion", "insgesamt 8 Milliarden") becomes
`cumulative_amount`; the first other non-trap amount is `amount`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.components.fact_context import Sentence
from extractors.nlp.components.fact_funding import amount_role
from extractors.nlp.components.fact_roles import lang_of, subject_after, subject_before
from extractors.nlp.components.traps import deal_amounts

INVEST_CUES: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:invest(?:s|ed|ing)?|pour(?:s|ed|ing)?|put(?:s|ting)?|inject(?:s|ed)?|commit(?:s|ted)?|plough(?:s|ed)?"
        r"|investment|stake|backs|backed|bought a stake|takes? a stake|took a stake)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\b(?:investiert|investierte|investieren|investiere|investierten|steckt|steckte|gesteckt|beteiligt sich|beteiligte sich|stockt|stockte|aufgestockt"
        r"|beteiligt|steigt|stieg|eingestiegen|Investition|Beteiligung|Einstieg|Anteil|Anteile)\b)",
    ),
}
_TARGET_PREP: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:in|into|of)\s+(?:the\s+)?(?:[\w$€£.,-]+\s+){0,3}$", re.IGNORECASE),
    "de": re.compile(r"\b(?:in|an|bei|am|beim|ins)\s+(?:das|die|den|dem|der|des)?\s*(?:[\w$€£.,-]+\s+){0,3}$"),
}


# "... in Anthropic, while Nvidia committed up to $10 billion": a second investor in the same deal.
_SECOND_CLAUSE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?:,\s*while|,\s*whereas|;|,\s*and|\band)\s+$", re.IGNORECASE),
    "de": re.compile(r"(?:;\s*(?:nun|jetzt|auch|zudem)?|,\s*während|,\s*und|\bund)\s+(?:legt\s+|zieht\s+|steigt\s+|investiert\s+)?$"),
}
_SECOND_VERB: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^\s+(?:(?:has\s+|also\s+|will\s+)?(?:committed|commits|commit|pledged|pledges|pledge|invested|invests|invest|added|adds|add|put|puts"
                     r"|chipped in)\b|(?:up to |about |around |another |a further )?(?:US)?[$€£])", re.IGNORECASE),
    "de": re.compile(r"^\s+(?:mit\b|legt\b|investiert\b|steuert\b|beteiligt\b|gibt\b|zahlt\b|schießt\b|nach\b)"),
}
# Specific cues that name a deal even without an amount ("investment in", "beteiligt sich an").
_AMOUNTLESS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:investment in|invest(?:s|ed)? in|stake in)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:beteiligt sich|beteiligte sich|steigt bei|stieg bei|Beteiligung an|Einstieg bei"
                     r"|investier(?:t|te|ten|en) in|(?:steigt|stieg)\b[^.;]{0,60}\bbei\b[^.;]{0,80}\bein)\b"),
}


# A sale of a stake is no investment by the seller ("SoftBank sold its entire stake in Nvidia for $5.8bn",
# "Siemens verkauft seine Beteiligung an ..."); the fact rules have no divestment type, so none is made.
_DIVEST = re.compile(r"(?i)\b(?:sell|sells|sold|selling|offload\w*|divest\w*|dump\w*|trim\w*|unload\w*|exit\w*"
                     r"|reduc\w+|cut|cuts|verkauft\w*|veräußer\w*|abgestoßen|stößt|reduziert\w*|trennt sich von)\b"
                     r"(?:\s+[\w-]+){0,4}\s*$")


# "OpenAI is in talks with SoftBank over an investment": the sentence does not say who pays, the kinds do.
_COUNTERPARTY = re.compile(r"(?i)\b(?:talks|discussions|negotiations|Gesprächen|Verhandlungen|verhandelt|spricht)"
                           r"\s+(?:with|mit)\s+(?:the\s+|der\s+|dem\s+|den\s+)?$")
_FUNDED_KINDS = frozenset({"lab", "startup"})


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    from extractors.nlp.knowledge_base import load_companies

    return {c.name: c.kind for c in load_companies()}


def _by_kind(subject, counterparty):
    """(investor, investee) for two parties in talks: a lab or start-up is the one funded when the other
    is not one; otherwise the sentence subject stays the investor."""
    kinds = _kinds()
    if kinds.get(subject.name) in _FUNDED_KINDS and kinds.get(counterparty.name, "startup") not in _FUNDED_KINDS:
        return counterparty, subject
    return subject, counterparty


def _investee_of(sentence: Sentence, investor, cue_pos: int):
    lang = lang_of(sentence)
    others = [m for m in sentence.orgs if m.name != investor.name]
    for m in others:
        if m.start > cue_pos and _TARGET_PREP[lang].search(sentence.before(m.start, 45)):
            return m
    # German verb-final: "Microsoft hat angekündigt, fünf Milliarden Dollar in Anthropic zu investieren"
    for m in others:
        if investor.end <= m.start < cue_pos and _TARGET_PREP[lang].search(sentence.before(m.start, 45)):
            return m
    # "Anthropic verhandelt mit Microsoft über eine Investition": the other party of the talks
    for m in others:
        if investor.end <= m.start < cue_pos and _COUNTERPARTY.search(sentence.before(m.start, 40)):
            return m
    # "Bei der jüngsten Finanzierungsrunde von Mistral AI stieg ASML ... ein": the round's owner
    for m in others:
        if _ROUND_OF.search(sentence.before(m.start, 40)):
            return m
    # "weeks after Meta invested $14.3 billion in the company", "SoftBank will invest $2 billion in the
    # chipmaker": a description after the cue stands for the other organisation the sentence names
    if _DESCRIBED_INVESTEE[lang].match(sentence.text, cue_pos - sentence.start) and len({m.name for m in others}) == 1:
        return others[0]
    return None


_DESCRIBED_INVESTEE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\w+\s+(?:[^;]{0,40}?\s)?(?:in|into)\s+the\s+(?:[\w-]+\s+){0,2}?(?:company|startup|start-up|firm|lab"
                     r"|chipmaker|chip maker|maker|developer|group)\b", re.IGNORECASE),
    "de": re.compile(r"\w+\s+(?:[^;]{0,40}?\s)?(?:in|an|bei)\s+(?:das|dem|den|die)\s+(?:[\w-]+\s+){0,2}?[\w-]*(?:Unternehmen"
                     r"|Start-up|Startup|Firma|Konzern|Entwickler|Hersteller)\b"),
}


# "bei der jüngsten Finanzierungsrunde von X", "in the latest round of X" (not "angeführt wurde die Runde von X",
# where X is the lead investor)
_ROUND_OF = re.compile(r"(?i)\b(?:bei|in|an|im|am)\s+(?:der|einer|dem|einem|the|a|its)?\s*(?:[\w-]+\s+){0,2}?"
                       r"[\w-]*(?:runde|round|finanzierung|financing|raise)\s+(?:von|vom|des|der|of)\s+(?:the\s+)?$")


def find_investments(sentence: Sentence) -> list[dict]:
    lang = lang_of(sentence)
    if len(sentence.orgs) < 2:
        return []
    for cue in INVEST_CUES[lang].finditer(sentence.text):
        cue_pos = sentence.abs(cue.start())
        if _DIVEST.search(sentence.before(cue_pos, 40)):
            continue  # "agreed to sell its stake in Nvidia": money flows the other way
        investor = subject_before(sentence, cue_pos + 1)
        if investor is None and lang == "de" and cue.group(0)[0].islower():
            investor = subject_after(sentence, sentence.abs(cue.end()))  # verb-second after a fronted phrase
        if investor is None:
            continue
        investee = _investee_of(sentence, investor, cue_pos)
        if investee is None:
            continue
        if investee.start < cue_pos and _COUNTERPARTY.search(sentence.before(investee.start, 40)):
            investor, investee = _by_kind(investor, investee)
        return _build(sentence, investor, investee)
    return []


def _build(sentence: Sentence, investor, investee) -> list[dict]:
    lang = lang_of(sentence)
    amounts = deal_amounts(sentence)
    deals = [a for a in amounts if amount_role(sentence, a) == "deal"]
    totals = [a for a in amounts if amount_role(sentence, a) == "cumulative"]
    facts: list[dict] = []
    if not deals and not totals:
        if sentence.amounts or not _AMOUNTLESS[lang].search(sentence.text):
            return []
        return [{"type": "investment", "investor": investor.name, "investee": investee.name, "amount": None,
                 "currency": None, "cumulative_amount": None, "_anchor": investee.start, "_roles": [investor, investee]}]
    amount = deals[0] if deals else totals[0]
    cumulative = totals[0] if totals and deals else None
    facts.append({
        "type": "investment",
        "investor": investor.name,
        "investee": investee.name,
        "amount": amount.value,
        "currency": amount.currency,
        "cumulative_amount": cumulative.value if cumulative else None,
        "_anchor": amount.start,
        "_roles": [investor, investee],
    })
    # a second investor in a following clause, with its own amount
    for other in sentence.orgs:
        if other.start <= max(investee.end, amount.end) or other.name in (investor.name, investee.name):
            continue
        if not _SECOND_CLAUSE[lang].search(sentence.before(other.start, 30)):
            continue
        if not _SECOND_VERB[lang].search(sentence.after(other.end, 40)):
            continue
        own = [a for a in deals if a.start > other.end]
        if own:
            facts.append({"type": "investment", "investor": other.name, "investee": investee.name, "amount": own[0].value,
                          "currency": own[0].currency, "cumulative_amount": None, "_anchor": own[0].start,
                          "_roles": [other, investee]})
        break
    return facts
