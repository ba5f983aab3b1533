"""Funding rounds and valuations.

A funding sentence has a funding cue ("raised", "Series B", "sammelt ... ein", "Finanzierungsrunde"), an
amount that is not a trap, a valuation or a running total, and an investee: the subject before the cue,
or the organisation after "in"/"into" when investors are the subject ("Sequoia led a $50m round in X").
A valuation amount ("valued at", "Bewertung von", "mit ... bewertet") becomes the round's `valuation`
and a `valuation` fact of its own; a running total ("bringing its total to", "insgesamt") is never the
round amount. Without a round, a valuation amount is a `valuation` fact of the company it belongs to
(never of a listed company: that is market capitalisation).

`participants`, `round_participants`, `round_type` and `refers_to_round` also serve the discourse pass
(investors and leads named in the sentences after a round) and the headline merge.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.amount_roles import amount_role, deal_amounts
from extractors.nlp.annotations import Amount, Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.hedges import is_hedged
from extractors.nlp.knowledge_base import INVESTOR_KINDS
from extractors.nlp.lexicon import lexicon
from extractors.nlp.periods import PERIOD_PATTERN, period_near
from extractors.nlp.readings import reading
from extractors.nlp.roles import (investor_cues, list_ending_at, org_list_after, subject_before, unique_list,
                                  unique_names)
from extractors.nlp.sentences import Sentence


def _flags(sentence: Sentence) -> int:
    return 0 if sentence.lex.lang == "de" else re.IGNORECASE


def funding_cue(sentence: Sentence) -> re.Match[str] | None:
    if sentence.lex.lang == "de":
        return sentence.search(sentence.lex.regex(r"(?:\b<<funding.cues>>\b|\w+runde\b)"))
    return sentence.search(sentence.lex.regex(r"\b<<funding.cues>>\b", re.IGNORECASE))


def round_type(sentence: Sentence) -> str:
    """"seed", "series_a".."series_f", "growth", "debt" or "unknown" from the words of the sentence outside
    its organisation names ("ICONIQ Growth", "Seedcamp" name investors, not the round)."""
    text = sentence.text
    for m in reversed(sentence.orgs):
        lo, hi = m.start - sentence.start, m.end - sentence.start
        if text[lo:hi][:3].lower() == m.name[:3].lower():  # a name, not a stand-in ("The Series B round" for X)
            text = text[:lo] + " " * (hi - lo) + text[hi:]
    return _round_words(text)


@lru_cache(maxsize=4096)
def _round_words(text: str) -> str:
    """Memoised: the funding rules and the follow-up check ask for the same sentence several times."""
    lex = lexicon(None)  # the round words are shared by every language (common.yaml)
    if lex.regex(r"<<rounds.seed>>", re.IGNORECASE).search(text):
        return "seed"
    series = lex.regex(r"\bSerie[sn]?[- ]([A-F])(?:\d|\b|-|s\b)").search(text)
    if series:
        return f"series_{series.group(1).lower()}"
    for kind in ("growth", "debt"):
        if lex.regex(rf"<<rounds.{kind}>>", re.IGNORECASE).search(text):
            return kind
    return "unknown"


def refers_to_round(sentence: Sentence) -> bool:
    """The sentence talks about a round named before ("the round", "Runde", "It was led by")."""
    lex = sentence.lex
    pattern = r"<<funding.round_references>>" if lex.lang == "de" else r"\b<<funding.round_references>>\b"
    return lex.regex(pattern, _flags(sentence)).search(sentence.text) is not None


def _led_round(sentence: Sentence) -> re.Pattern[str]:
    return sentence.lex.regex(r"\b<<rounds.investor_verbs>>\b")


def _led_round_before(sentence: Sentence, mention: Mention) -> bool:
    """"Sequoia led a $50m round in X": an investor is the subject, X follows "in"."""
    led = _led_round(sentence).search(sentence.between(sentence.start, mention.start))
    return led is not None and any(o.end <= sentence.abs(led.start()) for o in sentence.orgs)


def _in_target(sentence: Sentence) -> re.Pattern[str]:
    lex = sentence.lex
    if lex.lang == "de":
        return lex.regex(r"\b<<funding.investee_prepositions>>\s+(?:das|die|den|dem|der)?\s*(?:(?!(?:Runde|von)\b)[\w-]+\s+){0,3}$")
    return lex.regex(r"\b<<funding.investee_prepositions>>\s+(?:the\s+)?(?:(?!(?:round|led|by|a|an|its)\b)[\w-]+\s+){0,4}$",
                     re.IGNORECASE)


_OWN_ROUND = re.compile(r"^['’]s?\s+(?:(?:latest|new|recent|first|second|\S*\d\S*|[\w.]+ (?:million|billion)|[\w-]+)\s+){0,4}?"
                        r"(?:funding |financing |fundraising |equity |venture |Series [A-K] |seed )?(?:round|raise)\b")


def _clause_between(sentence: Sentence, a: Amount, b: Amount) -> bool:
    """Whether a subordinate clause opens between two amounts (they belong to different events)."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return sentence.lex.regex(r",\s+<<rounds.clause_openers>>\b").search(sentence.between(lo, hi)) is not None


def _german_own_round(sentence: Sentence, mention: Mention) -> bool:
    """"Die Serie-B-Runde von Tacto bringt 50 Millionen Euro ein": the company after "Runde von" owns the
    round, unless it is an investor ("die Runde von Lakestar", "Runde von X angeführt")."""
    if sentence.lang != "de" or (sentence.kb is not None and sentence.kb.kinds.get(mention.name) in INVESTOR_KINDS):
        return False
    owned = sentence.lex.regex(r"(?:[\w-]*[Rr]unde|Finanzierung\w*|Kapitalerhöhung)\s+(?:von|vom|des|der)\s+"
                               r"(?:dem\s+|der\s+|des\s+)?(?:[\w-]+\s+){0,2}$")
    return (owned.search(sentence.before(mention.start, 60)) is not None
            and re.match(r"\s*(?:angeführt|geführt|geleitet|an\b|mitgemacht)", sentence.after(mention.end, 20)) is None)


def round_owner(sentence: Sentence, cue_pos: int) -> Mention | None:
    """"Sequoia led a $50m round in X" -> X; "xAI's $20 billion funding round" -> xAI; else the subject
    before the cue; else a stand-in that holds the cue ("The seed round brought in ..."); else the first
    organisation after the cue and before the investor list."""
    in_target = _in_target(sentence)
    for m in sentence.orgs:
        if in_target.search(sentence.before(m.start, 60)) and _led_round_before(sentence, m):
            return m
    for m in sentence.orgs:
        if _OWN_ROUND.match(sentence.after(m.end, 60)) or _german_own_round(sentence, m):
            return m
    backers = _backers(sentence) | {m.name for m in sentence.orgs if _COMPOUND_BACKER.match(sentence.after(m.end, 12))}
    subject = subject_before(sentence, cue_pos + 1, exclude=backers)
    if subject is not None:
        return subject
    holder = next((m for m in sentence.orgs if m.start <= cue_pos < m.end), None)
    if holder is not None:
        return holder
    inv_cue = sentence.search(investor_cues(sentence.lang), lo=cue_pos)
    for m in sentence.orgs:
        if m.start < cue_pos or m.name in backers:
            continue
        if inv_cue is not None and m.start >= sentence.abs(inv_cue.start()):
            break
        if re.search(r"[;:–—]|\s-\s|\(", sentence.between(cue_pos, m.start)):
            break  # "... auf fast 900 Milliarden Dollar verdreifachen – für SoftBank wäre das ...": another clause
        return m
    return None


# "SoftBank-led", "Sequoia Capital-led": the lead of the round; "Microsoft-backed", "Amazon-funded": an earlier
# backer describing the company. Neither is the company raising.
_BY_INVESTOR = re.compile(r"\b(?:invested|put in|committed|provided|backed|funded|headed|led) by\s+(?:the\s+)?$")
_COMPOUND_LEAD = re.compile(r"(?:\s*(?:Corp|Inc|Co|Ltd)\.?)?-(?:led|co-led)\b")
_COMPOUND_BACKER = re.compile(r"(?:\s*(?:Corp|Inc|Co|Ltd)\.?)?-(?:backed|funded|owned|supported|gestützte?[nrs]?|finanzierte?[nrs]?)\b")


def compound_lead(sentence: Sentence) -> str | None:
    """The organisation of a "<X>-led round" in the sentence, if any."""
    return next((m.name for m in sentence.orgs if _COMPOUND_LEAD.match(sentence.after(m.end, 12))), None)


def _backers(sentence: Sentence) -> set[str]:
    """Organisations the sentence presents as backers ("The round, which OpenAI and Microsoft are also backing,
    ..."): never the company raising (memoised per sentence)."""
    found = sentence.cache.get("backers")
    if found is None:
        verb = sentence.lex.regex(r"^\s*(?:(?:are|is|was|were|have|has|had|will|would|also|sind|ist|hat|haben)\s+){0,3}"
                                  r"<<funding.backer_verbs>>\b", _flags(sentence))
        # "will ASML bei einer neuen Finanzierungsrunde zum Hauptinvestor werden", "X, set to become the lead investor"
        role = sentence.lex.regex(r"^(?:\s+[\w-]+){0,6}?\s+<<funding.investor_role>>\b", _flags(sentence))
        found = set()
        for m in sentence.orgs:
            if verb.match(sentence.after(m.end, 40)) or role.match(sentence.after(m.end, 60)):
                found |= {g.name for g in list_ending_at(sentence, m, set())}
            elif _COMPOUND_LEAD.match(sentence.after(m.end, 12)):
                found.add(m.name)  # "a SoftBank Group Corp-led funding round"
            elif _BY_INVESTOR.search(sentence.before(m.start, 40)):
                found.add(m.name)  # "267.5 billion won was invested by Samsung Electronics"
        sentence.cache["backers"] = found
    return found


def _with_role(sentence: Sentence) -> re.Pattern[str]:
    lex = sentence.lex
    return lex.regex(r"^\s*(?:(?P<lead><<funding.with_lead>>)|(?P<co><<funding.with_co_lead>>)|(?P<join><<funding.with_join>>))\b",
                     _flags(sentence))


def participants(sentence: Sentence, exclude: set[str], start: int | None = None) -> tuple[list[str], str | None]:
    """Investors named in the sentence (after an investor cue, or as "with X leading"), and the lead (of
    co-leads the first named)."""
    lex = sentence.lex
    led_participle = lex.regex(r"\s+<<rounds.led_participles>>(?:en|e|er|es)?\b")
    lead_start = lex.regex(r"<<rounds.lead_cue_starts>>", re.IGNORECASE)
    investors: list[Mention] = []
    lead: str | None = None
    lo = start if start is not None else sentence.start
    for cue in investor_cues(sentence.lang).finditer(sentence.text):
        listed = org_list_after(sentence, sentence.abs(cue.end()), exclude=exclude)
        if not listed:
            continue
        participle = led_participle.match(sentence.after(listed[-1].end, 30))
        if cue.start() > 0 and sentence.abs(cue.start()) < lo and not participle:
            # before the deal only when fronted ("Mit Unterstützung der Deutschen Bank hat X ...") or in a
            # participle phrase ("In einer von Accel angeführten Finanzierungsrunde hat X ...")
            continue
        investors.extend(listed)
        if lead is None and (participle or lead_start.match(cue.group(0))):
            # "led by X", "in einer von Prima Materia angeführten Runde"; co-leads: the first named (realset guide)
            lead = listed[0].name
    # "with Thrive Capital leading and Microsoft, Nvidia joining", "X and Y co-led the round"
    with_role = _with_role(sentence)
    for m in sentence.orgs:
        if m.name in exclude:
            continue
        role = with_role.search(sentence.after(m.end, 40))
        if role is None:
            continue
        group = list_ending_at(sentence, m, exclude)
        investors.extend(group)
        if role.group("lead") and lead is None:
            lead = group[0].name
    names = unique_names(investors)
    return names, lead if lead in names else (lead if lead and not names else None)


def round_participants(sentence: Sentence, investee: str) -> tuple[list[str], str | None]:
    """Investors named in a follow-up sentence about the round ("Angeführt wurde die Runde von X",
    "Fidelity and Lightspeed co-led the round", "auch Project A beteiligte sich")."""
    lex = sentence.lex
    investors, lead = participants(sentence, exclude={investee})
    subject_role = lex.regex(r"\b(?:(?P<lead><<rounds.subject_lead>>)|(?P<join><<rounds.subject_join>>))\b")
    for m in subject_role.finditer(sentence.text):
        pos = sentence.abs(m.start())
        before = [o for o in sentence.orgs if o.end <= pos and o.name != investee]
        if not before:
            continue
        group = list_ending_at(sentence, before[-1], {investee})
        if pos - group[-1].end > 40:
            continue
        investors = unique_names([*[o for o in sentence.orgs if o.name in investors], *group])
        if m.group("lead") and len(group) == 1 and not m.group(0).startswith("co-") and lead is None:
            lead = group[0].name
    if lex.lang == "de":
        # "Die Runde führt der Wagniskapitalgeber Balderton Capital an": the fronted round, the lead after the verb
        fronted = lex.regex(r"\b<<roles.fronted_round_lead>>\s+").search(sentence.text)
        leads = org_list_after(sentence, sentence.abs(fronted.end()), exclude={investee}) if fronted else []
        if leads:
            investors = unique_names([*leads, *[o for o in sentence.orgs if o.name in investors]])
            lead = lead or leads[0].name
        lead_is = re.search(r"Lead-Investor (?:ist|war|sind) ", sentence.text)
        listed = org_list_after(sentence, sentence.abs(lead_is.end()), exclude={investee}) if lead_is else []
        if listed:
            investors = unique_names([*[o for o in sentence.orgs if o.name in investors], *listed])
            lead = listed[0].name if len(listed) == 1 else lead
    return investors, lead


def _investors_as_subject(sentence: Sentence, investee: Mention) -> list[Mention]:
    """"Sequoia and Accel led a $50m round in X": the investors are the sentence subject."""
    if not _led_round_before(sentence, investee):
        return []
    m = _led_round(sentence).search(sentence.text)
    return [o for o in sentence.orgs if o.end <= sentence.abs(m.start()) and o.name != investee.name]


@reading("funding_round", priority=300)
def raises_a_round(sentence: Sentence) -> list[RawFact]:
    """At most one round per sentence (plus the valuation stated with it). Without a deal amount, a hedged
    round with a stated valuation ("in talks to raise at a $60bn valuation") is still a round, with
    `amount: null`."""
    cue = funding_cue(sentence)
    if cue is None:
        return []
    cue_pos = sentence.abs(cue.start())
    amounts = deal_amounts(sentence)
    deal = [a for a in amounts if amount_role(sentence, a) == "deal"]
    # the valuation the round is at, not an earlier one named in a relative clause ("X, which was valued at
    # $6 billion last year, is now seeking funding at a $14 billion valuation")
    stated = [a for a in amounts if amount_role(sentence, a) == "valuation"]
    valuation = next((a for a in stated if a.start > cue_pos), stated[0] if stated else None)
    if not deal and not _hedged_round_at_a_valuation(sentence, valuation):
        return []
    investee = round_owner(sentence, cue_pos)
    if investee is None:
        return []
    # the round's amount follows its investee when it can: "Naver will invest $1 billion in data centres,
    # while Upstage raised $100 million", "Nach 20 Millionen im Vorjahr sammelt X nun 50 Millionen ein"
    amount = next((a for a in deal if a.start > investee.start), deal[0] if deal else None)
    # "... would value it at $12 billion, ..., when it completed a $330 million Series B": two events, so the
    # valuation is a fact of its own and not the round's
    paired = valuation if amount is None or valuation is None or not _clause_between(sentence, amount, valuation) else None
    investors, lead = _round_investors(sentence, investee, min(cue_pos, investee.end))
    anchor = amount or valuation
    values = {"investee": investee.name, "investors": investors, "amount": amount.value if amount else None,
              "currency": anchor.currency, "valuation": paired.value if paired else None,
              "round": round_type(sentence)}
    if lead:
        values["lead"] = lead
    period = figure_period(sentence, anchor)  # "took in $600 million last year through a round that valued it ..."
    facts = [RawFact("funding_round", values, anchor.start, [investee], period=period)]
    if valuation is not None:
        facts.append(RawFact("valuation", {"company": investee.name, "amount": valuation.value,
                                           "currency": valuation.currency}, valuation.start, [investee],
                             period=figure_period(sentence, valuation) or period))
    return facts


def _hedged_round_at_a_valuation(sentence: Sentence, valuation: Amount | None) -> bool:
    round_words = sentence.lex.regex(
        r"<<funding.round_words>>" if sentence.lex.lang == "de" else r"\b<<funding.round_words>>\b", _flags(sentence))
    return valuation is not None and round_words.search(sentence.text) is not None and is_hedged(sentence.text, sentence.lang)


def _round_investors(sentence: Sentence, investee: Mention, start: int) -> tuple[list[str], str | None]:
    """(investors in text order, lead) of the round: listed participants, backers the sentence presents ("The
    round, which OpenAI is also backing"), investors as the subject ("Sequoia led a round in X") and the
    organisation of a "<X>-led round"."""
    investors, lead = participants(sentence, exclude={investee.name}, start=start)
    backers = _backers(sentence) - {investee.name} - set(investors)
    if backers:
        named = set(investors) | backers
        investors = unique_list([m.name for m in sentence.orgs if m.name in named] + investors)
    as_subject = _investors_as_subject(sentence, investee)
    if as_subject:
        investors = unique_names([*as_subject, *[m for m in sentence.orgs if m.name in investors]])
        if lead is None and len(as_subject) == 1 and sentence.lex.regex(r"\b<<rounds.led_verbs>>\b").search(sentence.text):
            lead = as_subject[0].name
    return investors, lead or compound_lead(sentence)


@reading("valuation", priority=390)
def valued_at(sentence: Sentence) -> list[RawFact]:
    """"X is valued at $N", "die Bewertung von X liegt bei ...": a valuation fact for each valuation amount,
    of the company before it (or the sentence's only organisation); `company` None means the sentence after a
    round ("The deal values it at ..."), which the discourse pass gives the round's investee."""
    return company_valuations(sentence, None)


def company_valuations(sentence: Sentence, company: str | None) -> list[RawFact]:
    """Valuation facts of the sentence's valuation amounts, owned by `company` or by the subject before them."""
    facts: list[RawFact] = []
    for amount in deal_amounts(sentence):
        if amount_role(sentence, amount) != "valuation":
            continue
        owner = company
        if owner is None:
            subject = subject_before(sentence, amount.start)
            owner = subject.name if subject else (sentence.orgs[0].name if len(sentence.orgs) == 1 else None)
        if owner in sentence.kb.listed_names:
            continue
        roles = [m for m in sentence.orgs if m.name == owner][:1]
        facts.append(RawFact("valuation", {"company": owner, "amount": amount.value, "currency": amount.currency},
                             amount.start, roles, period=figure_period(sentence, amount)))
        facts += _earlier_valuations(sentence, amount, owner, roles)
    return facts


def figure_period(sentence: Sentence, amount: Amount) -> re.Match[str] | None:
    """The period phrase in the amount's own clause that dates it ("valued at $1.5 billion in March 2024",
    "In October, a valuation of $157 billion was put on the company"), on the sentence text: after the amount up
    to the next comma, else before it back to the clause start."""
    lo, hi = amount.start - sentence.start, amount.end - sentence.start
    text = sentence.text
    stop = re.search(r"[,;]|\s(?:and|und|while|während)\s", text[hi:hi + 60])
    after = period_near(text, hi, hi + (stop.start() if stop else 60))
    if after is not None:
        return after
    start = max(text.rfind(",", 0, lo), text.rfind(";", 0, lo), -1) + 1
    before = [m for m in PERIOD_PATTERN.finditer(text, start, lo)]
    if before:
        return before[-1]
    # a fronted period: "Back in October, a valuation of $157 billion was put on the company", "Im März, ..."
    head = text[:text.find(",")] if "," in text[:lo] else ""
    fronted = PERIOD_PATTERN.search(head) if 0 < len(head) <= 30 else None
    return fronted


def _earlier_valuations(sentence: Sentence, amount: Amount, owner: str, roles: list[Mention]) -> list[RawFact]:
    """"valued at $12 billion, up from $6.6 billion in March 2024": the compared earlier figure with its period
    is an earlier valuation of the same company (a compared figure without a period is no fact)."""
    lex = sentence.lex
    compared = lex.regex(r"\b<<amounts.comparison_before>>\s*$", _flags(sentence))
    facts = []
    for other in sentence.amounts:
        if other.start <= amount.end or other.start - amount.end > 80 or not compared.search(sentence.before(other.start, 40)):
            continue
        period = figure_period(sentence, other)
        if period is not None:
            facts.append(RawFact("valuation", {"company": owner, "amount": other.value, "currency": other.currency},
                                 other.start, roles, period=period))
    return facts


__all__ = ["participants", "refers_to_round", "round_participants", "round_type", "unique_list"]
