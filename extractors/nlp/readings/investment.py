"""Investments: one organisation puts money into another ("Amazon invests $4bn in Anthropic",
"Nvidia beteiligt sich mit 500 Mio. an X", "SAP steigt bei Aleph Alpha ein").

The investor is the subject of the investment word; the readings differ in how the investee is named: after
"in"/"into"/"an"/"bei", before a German verb-final infinitive, as the other party of talks, as the owner of a
round, or by a description ("in the company"). `_investment` builds the fact for all of them: a running total
("bringing its total investment to $8 billion", "insgesamt 8 Milliarden") becomes `cumulative_amount`, the
first other non-trap amount is `amount`, and a second investor in a following clause ("..., while Nvidia
committed up to $10 billion") gets a fact of its own.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from extractors.nlp.amount_roles import deal_amounts, deals, totals
from extractors.nlp.annotations import Amount, Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.readings import reading
from extractors.nlp.readings.funding import round_type
from extractors.nlp.roles import is_object, list_around, org_list_after, subject_after, subject_before
from extractors.nlp.sentences import Sentence

CUES = ("investment.words",)
FUNDED_KINDS = frozenset({"lab", "startup"})


def _flags(sentence: Sentence) -> int:
    return 0 if sentence.lex.lang == "de" else re.IGNORECASE


def _cues(sentence: Sentence) -> list[tuple[re.Match[str], Mention]]:
    """Each investment word with its investor: the subject before it (German verb-second: right after it),
    skipping words of a sale ("agreed to sell its stake in Nvidia": money flows the other way). Memoised."""
    found = sentence.cache.get("investment_cues")
    if found is None:
        found = sentence.cache["investment_cues"] = list(_find_cues(sentence))
    return found


def _find_cues(sentence: Sentence) -> Iterator[tuple[re.Match[str], Mention]]:
    lex = sentence.lex
    divest = lex.regex(r"(?i)\b<<investment.divest_verbs>>\b(?:\s+[\w-]+){0,4}\s*$")
    for cue in lex.regex(r"(?:\b<<investment.words>>\b)", _flags(sentence)).finditer(sentence.text):
        cue_pos = sentence.abs(cue.start())
        if divest.search(sentence.before(cue_pos, 40)):
            continue
        investor = subject_before(sentence, cue_pos + 1)
        if investor is None and lex.lang == "de" and cue.group(0)[0].islower():
            investor = subject_after(sentence, sentence.abs(cue.end()))
        if investor is not None:
            yield cue, investor


def _target_prep(sentence: Sentence) -> re.Pattern[str]:
    if sentence.lex.lang == "de":
        return sentence.lex.regex(r"\b<<investment.target_prepositions>>\s+(?:das|die|den|dem|der|des)?\s*(?:[\w$€£.,-]+\s+){0,3}$")
    # "... in X", "into the start-up X", "into an ongoing funding round for X"
    return sentence.lex.regex(r"\b(?:<<investment.target_prepositions>>\s+(?:the\s+)?(?:[\w$€£.,-]+\s+){0,3}"
                              r"|(?:in|into) (?:an?|the|its) (?:[\w-]+ ){0,2}(?:funding|financing|investment) round (?:for|of|in) (?:the\s+)?)$",
                              re.IGNORECASE)


def _read(sentence: Sentence, investee_of: Callable[[Sentence, Mention, int], Mention | None]) -> list[RawFact]:
    """The first investment word whose investor and investee this shape finds."""
    if len(sentence.orgs) < 2:
        return []
    for cue, investor in _cues(sentence):
        pos = sentence.abs(cue.start())
        investee = investee_of(sentence, investor, pos)
        if investee is not None:
            if investee.start < pos and _counterparty(sentence).search(sentence.before(investee.start, 40)):
                investor, investee = _who_pays(sentence, investor, investee)
            return _investment(sentence, investor, investee)
    return []


def _who_pays(sentence: Sentence, subject: Mention, counterparty: Mention) -> tuple[Mention, Mention]:
    """(investor, investee) of two parties in talks ("OpenAI is in talks with SoftBank over an investment"):
    the sentence does not say who pays, the knowledge base's kinds do (a lab or start-up is the one funded
    when the other is not one); otherwise the sentence subject stays the investor."""
    kinds = sentence.kb.kinds
    if kinds.get(subject.name) in FUNDED_KINDS and kinds.get(counterparty.name, "startup") not in FUNDED_KINDS:
        return counterparty, subject
    return subject, counterparty


def _others(sentence: Sentence, investor: Mention) -> list[Mention]:
    return [m for m in sentence.orgs if m.name != investor.name]


@reading("investment", priority=200, min_orgs=2, cues=CUES)
def invests_in(sentence: Sentence) -> list[RawFact]:
    """"Amazon invests $4bn in Anthropic", "SAP steigt bei Aleph Alpha ein": the investee after the word."""
    prep = _target_prep(sentence)
    return _read(sentence, lambda s, investor, pos: next(
        (m for m in _others(s, investor) if m.start > pos and prep.search(s.before(m.start, 45))), None))


@reading("investment", priority=210, min_orgs=2, cues=CUES)
def investee_before_the_word(sentence: Sentence) -> list[RawFact]:
    """German verb-final "Microsoft hat angekündigt, fünf Milliarden Dollar in Anthropic zu investieren": the
    investee between the investor and a clause-final word."""
    prep = _target_prep(sentence)
    return _read(sentence, lambda s, investor, pos: next(
        (m for m in _others(s, investor) if investor.end <= m.start < pos and prep.search(s.before(m.start, 45))), None))


@reading("investment", priority=215, min_orgs=2, cues=CUES)
def fronted_investee(sentence: Sentence) -> list[RawFact]:
    """German "In das Kölner Startup DeepL investieren Index Ventures und ICONIQ 300 Millionen Dollar", "In X
    steckte Nvidia ...": the investee fronted with "In", the investors right after the finite verb."""
    if sentence.lang != "de":
        return []
    words = sentence.lex.regex(r"\b<<investment.words>>\b")
    for cue in words.finditer(sentence.text):
        pos = sentence.abs(cue.start())
        before = [m for m in sentence.orgs if m.end <= pos]
        investor = subject_after(sentence, sentence.abs(cue.end()))
        if not before or investor is None or not cue.group(0)[0].islower():
            continue
        investee = before[0]
        head = sentence.between(sentence.start, investee.start)
        if re.fullmatch(r"(?:[^,;:]{0,60}[,:]\s*)?In\s+(?:das|den|die|dem|einen|ein|eine)?\s*(?:[\w-]+\s+){0,4}", head) \
                and not re.search(r"[,;]", sentence.between(investee.end, pos)):
            return _investment(sentence, investor, investee)
    return []


def _counterparty(sentence: Sentence) -> re.Pattern[str]:
    return sentence.lex.regex(r"(?i)\b<<investment.talk_nouns>>\s+(?:with|mit)\s+(?:the\s+|der\s+|dem\s+|den\s+)?$")


@reading("investment", priority=220, min_orgs=2, cues=CUES)
def talks_with(sentence: Sentence) -> list[RawFact]:
    """"Anthropic verhandelt mit Microsoft über eine Investition": the other party of the talks (who pays is
    decided in `_read`)."""
    talks = _counterparty(sentence)
    return _read(sentence, lambda s, investor, pos: next(
        (m for m in _others(s, investor) if investor.end <= m.start < pos and talks.search(s.before(m.start, 40))), None))


@reading("investment", priority=230, min_orgs=2, cues=CUES)
def in_the_round_of(sentence: Sentence) -> list[RawFact]:
    """"Bei der jüngsten Finanzierungsrunde von Mistral AI stieg ASML ... ein": the round's owner (not
    "angeführt wurde die Runde von X", where X is the lead investor)."""
    round_of = sentence.lex.regex(r"(?i)\b(?:bei|in|an|im|am)\s+(?:der|einer|dem|einem|the|a|its)?\s*(?:[\w-]+\s+){0,2}?"
                                  r"[\w-]*<<investment.round_nouns>>\s+(?:von|vom|des|der|of)\s+(?:the\s+)?$")
    return _read(sentence, lambda s, investor, pos: next(
        (m for m in _others(s, investor) if round_of.search(s.before(m.start, 40))), None))


@reading("investment", priority=240, min_orgs=2, cues=CUES)
def in_the_described_company(sentence: Sentence) -> list[RawFact]:
    """"weeks after Meta invested $14.3 billion in the company", "SoftBank will invest $2 billion in the
    chipmaker": a description after the word stands for the one other organisation the sentence names."""
    lex = sentence.lex
    if lex.lang == "de":
        described = lex.regex(r"\w+\s+(?:[^;]{0,40}?\s)?(?:in|an|bei)\s+(?:das|dem|den|die)\s+(?:[\w-]+\s+){0,2}?"
                              r"[\w-]*<<investment.investee_descriptions>>\b")
    else:
        described = lex.regex(r"\w+\s+(?:[^;]{0,40}?\s)?(?:in|into)\s+the\s+(?:[\w-]+\s+){0,2}?"
                              r"<<investment.investee_descriptions>>\b", re.IGNORECASE)

    def investee_of(s: Sentence, investor: Mention, pos: int) -> Mention | None:
        others = [m for m in _others(s, investor) if not investor.end <= m.start < pos]  # not in the investor's phrase
        if described.match(s.text, pos - s.start) and len({m.name for m in others}) == 1:
            return others[0]
        return None

    return _read(sentence, investee_of)


def _investors(sentence: Sentence, investor: Mention, investee: Mention) -> list[Mention]:
    """The investor and the organisations coordinated with it ("A, B and C have invested in X"), plus those
    added after the investee ("..., as have D, E and F")."""
    limit = investee.start if investee.start > investor.end else sentence.end
    group = list_around(sentence, investor, limit, {investee.name})
    also = sentence.search(sentence.lex.regex(r",?\s+(?:as (?:have|has|did|do|does)|ebenso wie|wie auch)\s+"), lo=investee.end)
    if also is not None:
        group += [m for m in org_list_after(sentence, sentence.abs(also.end()), exclude={investee.name})
                  if m.name not in {g.name for g in group}]
    # "Zusammen mit Founders Fund und Lux Capital steckt es 30 Millionen US-Dollar in Valthos": co-investors
    for cue in sentence.lex.regex(r"\b<<investment.co_investor_cues>>\s+").finditer(sentence.text):
        group += [m for m in org_list_after(sentence, sentence.abs(cue.end()), exclude={investee.name})
                  if m.name not in {g.name for g in group}]
    return group


def _investment(sentence: Sentence, investor: Mention, investee: Mention) -> list[RawFact]:
    """The investment of `investor` in `investee` with the sentence's amounts (see the module docstring).

    Several coordinated investors: without an amount, one investment each (realset decision 6); with an amount
    and "each"/"je", each gets it; with one shared amount it is a round with those investors."""
    group = _investors(sentence, investor, investee)
    if len(group) > 1:
        return _group_investment(sentence, group, investee)
    found_deals, found_totals = _own(sentence, deals(sentence), investor, investee), totals(sentence)
    if not found_deals and not found_totals:
        amountless = sentence.lex.regex(r"\b<<investment.amountless>>\b", _flags(sentence))
        if sentence.amounts or not amountless.search(sentence.text):
            return []
        return [RawFact("investment", {"investor": investor.name, "investee": investee.name, "amount": None,
                                       "currency": None, "cumulative_amount": None},
                        investee.start, [investor, investee])]
    # the amount right before "in <investee>" is the investee's ("around 50 billion won in start-ups, among them
    # 20 billion won in Rebellions"); else the first after the investor ("investments came to 6 billion won in
    # 2021 ..., the year in which LG Uplus put $2.6 million into Humane")
    amount = (_amount_before(sentence, found_deals, investee)
              or next((a for a in found_deals if a.start > investor.start), found_deals[0]) if found_deals else found_totals[0])
    cumulative = found_totals[0] if found_totals and found_deals else None
    facts = [RawFact("investment", {"investor": investor.name, "investee": investee.name, "amount": amount.value,
                                    "currency": amount.currency,
                                    "cumulative_amount": cumulative.value if cumulative else None},
                     amount.start, [investor, investee])]
    facts += [RawFact("investment", {"investor": investor.name, "investee": other.name, "amount": a.value,
                                     "currency": a.currency, "cumulative_amount": None}, a.start, [investor, other])
              for a, other in _gapped_pairs(sentence, investee, found_deals)]
    second = _second_investor(sentence, investor, investee, max(investee.end, amount.end))
    if second is not None:
        own = [a for a in deals(sentence) if a.start > second.end]
        if own:
            facts.append(RawFact("investment", {"investor": second.name, "investee": investee.name,
                                                "amount": own[0].value, "currency": own[0].currency,
                                                "cumulative_amount": None}, own[0].start, [second, investee]))
    return facts


def _amount_before(sentence: Sentence, amounts: list[Amount], investee: Mention) -> Amount | None:
    """The amount directly before "in/into <investee>" ("20 billion won in Rebellions")."""
    return next((a for a in amounts if a.end <= investee.start and _leads_to(sentence, sentence.between(a.end, investee.start))),
                None)


def _leads_to(sentence: Sentence, gap: str) -> bool:
    """The words between an amount and an organisation are only "in/into/an ... <describing words>"."""
    return len(gap) <= 45 and sentence.lex.regex(
        r"\s*<<investment.target_prepositions>>\s+(?:(?:the|das|die|den|dem|der)\s+)?(?:[\w$€£.-]+\s+){0,3}",
        _flags(sentence)).fullmatch(gap) is not None


def _gapped_pairs(sentence: Sentence, investee: Mention, amounts: list[Amount]) -> list[tuple[Amount, Mention]]:
    """"... $2.6 million into Humane and $3 million into Inworld AI", "20 billion won in Rebellions, 10 billion
    won in Upstage and 15 billion won in Moreh": the same investor's further amount-investee pairs."""
    pairs: list[tuple[Amount, Mention]] = []
    last = investee.end
    for a in (a for a in amounts if a.start > investee.end):
        if not re.fullmatch(r"\s*(?:,|;)?\s*(?:and|und|sowie|plus)?\s*", sentence.between(last, a.start)):
            break
        other = next((m for m in sentence.orgs if m.start >= a.end), None)
        if other is None or not _leads_to(sentence, sentence.between(a.end, other.start)):
            break
        pairs.append((a, other))
        last = other.end
    return pairs


def _own(sentence: Sentence, amounts: list[Amount], investor: Mention, investee: Mention) -> list[Amount]:
    """The amounts that can be this investment's: not one after a third organisation that is the subject of a
    clause of its own ("5 Milliarden steckt Microsoft in Anthropic, Nvidia überbietet das mit 10 Milliarden")."""
    last_role = max(investor.end, investee.end)
    thirds = [m.start for m in sentence.orgs if m.start >= last_role and m.name not in (investor.name, investee.name)
              and not is_object(sentence, m)]
    return [a for a in amounts if a.start < last_role or not any(t < a.start for t in thirds)]


def _group_investment(sentence: Sentence, group: list[Mention], investee: Mention) -> list[RawFact]:
    found = deals(sentence)
    if not found:
        amountless = sentence.lex.regex(r"\b<<investment.amountless>>\b|\b<<investment.group_verbs>>\b", _flags(sentence))
        if sentence.amounts or not amountless.search(sentence.text):
            return []
        return [RawFact("investment", {"investor": m.name, "investee": investee.name, "amount": None, "currency": None,
                                       "cumulative_amount": None}, investee.start, [m, investee]) for m in group]
    amount = found[0]
    if sentence.lex.regex(r"^\s*<<investment.each>>\b").match(sentence.after(amount.end, 20)):
        return [RawFact("investment", {"investor": m.name, "investee": investee.name, "amount": amount.value,
                                       "currency": amount.currency, "cumulative_amount": None}, amount.start, [m, investee])
                for m in group]
    return [RawFact("funding_round", {"investee": investee.name, "investors": [m.name for m in group],
                                      "amount": amount.value, "currency": amount.currency, "valuation": None,
                                      "round": round_type(sentence)}, amount.start, [investee])]


def _second_investor(sentence: Sentence, investor: Mention, investee: Mention, after: int) -> Mention | None:
    """"... in Anthropic, while Nvidia committed up to $10 billion": a second investor in the same deal."""
    lex = sentence.lex
    if lex.lang == "de":
        clause = lex.regex(r"<<investment.second_clause>>\s+(?:<<investment.second_clause_verbs>>\s+)?$")
        verb = lex.regex(r"^\s+<<investment.second_verbs>>")
    else:
        clause = lex.regex(r"<<investment.second_clause>>\s+$", re.IGNORECASE)
        verb = lex.regex(r"^\s+(?:(?:has\s+|also\s+|will\s+)?<<investment.second_verbs>>\b"
                         r"|(?:up to |about |around |another |a further )?(?:US)?[$€£])", re.IGNORECASE)
    for other in sentence.orgs:
        if other.start <= after or other.name in (investor.name, investee.name):
            continue
        if clause.search(sentence.before(other.start, 30)) and verb.search(sentence.after(other.end, 40)):
            return other
    return None
