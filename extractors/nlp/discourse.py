"""The pass over a whole document: what one sentence means depends on the sentences before it.

The per-sentence readings see one sentence; news names a company, then says "the start-up", "its shares",
"the round was led by ...", "the deal values it at ...", "the price is ...". This pass walks the sentences in
order with its state in one `DiscourseState` and

- before reading a sentence, stands the company named before in for a descriptive subject ("Das Münchner
  Rüstungs-Start-up sammelte ... ein", "The San Francisco company raised ...", "The seed round brought in ...")
  and for an anaphoric share word ("die Aktie", "its shares", "Der Kurs"): the company whose shares were named
  last, else that main organisation;
- after reading it, lets it complete the facts of earlier sentences: investors, lead, round type, valuation
  and per-investor amounts of the last round; the running total of the last investment; the price of a deal
  named without one;
- drops a fact that repeats an earlier fact of the text.

Facts stay `RawFact`s until the end of the document; the component finishes them once (`facts.finish`).
`merge_title_facts` then lets the headline fill or add deals (on finished facts, see there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from extractors.nlp.amount_roles import amount_role, deal_amounts, deals, is_forecast, totals
from extractors.nlp.annotations import Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.knowledge_base import INVESTOR_KINDS
from extractors.nlp.numbers import plain_number
from extractors.nlp.readings.funding import refers_to_round, round_participants, round_type
from extractors.nlp.roles import first_subject, is_object, list_around, unique_list
from extractors.nlp.sentences import Sentence


@dataclass
class DiscourseState:
    """What the pass remembers between sentences."""

    topic: Mention | None = None  # the main organisation of the sentences so far
    shares_of: Mention | None = None  # the company whose shares the text last named ("Die Aktien von SAP")
    investee: Mention | None = None  # the company the previous sentence's investment went to
    last_round: RawFact | None = None
    last_investment: RawFact | None = None
    last_priceless: RawFact | None = None  # an investment or takeover named without an amount
    seen: set = field(default_factory=set)
    facts: list[RawFact] = field(default_factory=list)


def read_document(doc_sentences: list[Sentence], read: Callable[[Sentence], list[RawFact]]) -> list[RawFact]:
    """Every fact of the document, in text order, each read once (see the module docstring)."""
    state = DiscourseState()
    for sentence in doc_sentences:
        round_open = state.last_round is None or state.last_round.get("amount") is None
        sentence = with_descriptor_subject(sentence, state.topic, state.investee, round_open)
        sentence = with_share_anaphor(sentence, state.shares_of or state.topic)
        funded = state.last_round.get("investee") if state.last_round is not None else None
        sentence = with_described_object(sentence, state.investee or _mention_of(doc_sentences, funded) or state.topic)
        raws = read(sentence)  # a sentence without organisations may still release a known model family
        if not raws and state.topic is not None and not sentence.orgs and _ownerless_round(sentence):
            # "Dennoch haben drei Gründer ... 105 Millionen Euro bei Investoren eingesammelt": the company of the
            # story raised it
            sentence.orgs = [_stand_in(sentence.start, sentence.start, state.topic)]
            raws = read(sentence)
        raws = _not_a_new_round(state, sentence, raws)
        for raw in raws:
            raw.sentence = sentence
        state.shares_of = next((r.roles[0] for r in raws if r.type == "stock_move" and r.roles), None) \
            or share_owner(sentence) or state.shares_of
        subject = first_subject(sentence) if sentence.orgs and not _PRONOUN_OPENING.match(sentence.text) else None
        if sentence.orgs and not _PRONOUN_OPENING.match(sentence.text):
            # the company money or a buyer went to: "the start-up" of the next sentence is it
            state.investee = next((r.roles[1] for r in raws if r.type in ("investment", "acquisition") and len(r.roles) > 1),
                                  None)
        _follow_up(state, sentence, raws)
        # "It already counts Nvidia as a backer": still it; "..., auch die Bestandsinvestoren Andreessen Horowitz
        # sind dabei. Das Unternehmen wird damit mit 3,25 Mrd. bewertet": a sentence about the round's investors
        # keeps the round's company as the story's
        if subject is not None and not (state.last_round is not None and not raws
                                        and subject.name in (state.last_round.get("investors") or [])):
            state.topic = subject
    return state.facts


_PRONOUN_OPENING = re.compile(r"(?:It|Its|It's|Es|Sein|Seine|Ihr|Ihre)\b")


def _ownerless_round(sentence: Sentence) -> bool:
    """A sentence about raising money that names no organisation, whose subject is the company's people or a
    round of it ("drei Gründer aus Frankreich haben ... eingesammelt", "the present funding round would take the
    valuation above $1 billion"); not a market figure nor anyone else's money."""
    from extractors.nlp.readings.funding import funding_cue

    if is_forecast(sentence) or not (deals(sentence) or sentence.amounts) or funding_cue(sentence) is None:
        return False
    return sentence.search(sentence.lex.regex(r"<<discourse.ownerless_subjects>>")) is not None


def _not_a_new_round(state: DiscourseState, sentence: Sentence, raws: list[RawFact]) -> list[RawFact]:
    """"Den größten Beitrag zur laufenden Runde leistet die Europäische Investitionsbank", "An der Spitze der
    Finanzierungsrunde stand der Konzern Softbank mit 30 Milliarden Dollar": a sentence about the round named
    before whose only candidate "investee" is an investor is a follow-up of that round, not a round of the
    investor."""
    last = state.last_round
    if last is None or not refers_to_round(sentence):
        return raws
    kinds = sentence.kb.kinds if sentence.kb is not None else {}
    wrong = {r.get("investee") for r in raws if r.type == "funding_round" and r.get("investee") != last.get("investee")
             and kinds.get(r.get("investee")) in INVESTOR_KINDS}
    if not wrong:
        return raws
    return [r for r in raws if not (r.type == "funding_round" and r.get("investee") in wrong)
            and not (r.type == "valuation" and r.get("company") in wrong)]


def _follow_up(state: DiscourseState, sentence: Sentence, raws: list[RawFact]) -> None:
    """Let the sentence complete earlier facts, then keep its own new facts."""
    if state.last_round is not None and not any(f.type == "funding_round" for f in raws):
        raws = follow_up_round(state.last_round, sentence, raws)
    if state.last_investment is not None:
        follow_up_total(state.last_investment, sentence, raws)
    if state.last_priceless is not None and follow_up_price(state.last_priceless, sentence, raws):
        state.last_priceless = None
    for raw in raws:
        if raw.get("company", "") is None:
            continue  # a valuation whose owner no sentence named
        key = raw.key()
        if key in state.seen:
            continue
        state.seen.add(key)
        state.facts.append(raw)
        if raw.type == "funding_round":
            state.last_round = raw
        elif raw.type == "investment":
            state.last_investment = raw
        if raw.type in ("investment", "acquisition"):
            state.last_priceless = raw if raw.get("amount") is None else None


def _stand_in(at: int, end: int, company: Mention) -> Mention:
    return Mention(at, end, company.name, company.confidence, company.discovered)


def with_descriptor_subject(sentence: Sentence, topic: Mention | None, investee: Mention | None = None,
                            round_open: bool = False) -> Sentence:
    """Stand the previous sentences' main organisation in for a descriptive subject at the sentence start,
    when no organisation precedes the first deal amount (so the description is the subject).

    After "Die Deutsche Bank beteiligt sich an Aleph Alpha", the main organisation is the bank, but "Das
    Heidelberger KI-Unternehmen erhielt ..." means the company invested in: a start-up-like description
    stands for the previous sentence's investee when there is one."""
    if topic is None or not sentence.amounts:
        return sentence  # only deals with an amount; the cheap checks keep ordinary sentences fast
    if sentence.lang == "en":
        sentence = _with_pronoun_subject(sentence, topic)
    if not sentence.text.startswith(("The ", "the ", "Das ", "Der ", "Die ", "It ", "Es ")):
        return _with_verb_second_descriptor(sentence, topic, investee) if sentence.lang == "de" else sentence
    lex = sentence.lex
    m = lex.regex(r"^(?:<<discourse.descriptor_subject>>)").match(sentence.text)
    if m is None and round_open:
        m = lex.regex(r"^<<discourse.round_subject>>").match(sentence.text)
    if m is None:
        return _with_verb_second_descriptor(sentence, topic, investee)
    if any(o.start < sentence.abs(m.end()) for o in sentence.orgs):
        return sentence
    if investee is not None and lex.regex(r"(?i)<<discourse.startup_descriptions>>").search(m.group(0)):
        topic = investee
    first_amount = sentence.amounts[0].start if sentence.amounts else sentence.end
    if any(o.start < first_amount and not is_object(sentence, o) for o in sentence.orgs):
        return sentence  # an organisation of its own is the subject
    sentence.orgs = [_stand_in(sentence.abs(m.start()), sentence.abs(m.end()), topic), *sentence.orgs]
    return sentence


def _with_pronoun_subject(sentence: Sentence, topic: Mention) -> Sentence:
    """"Capgemini has done big acquisitions before: back in 2015 it bought iGate for $4 billion", "..., when it
    completed a $330 million Series B": a mid-sentence "it" before a deal verb stands for the last organisation
    acting before it in the sentence, else for the main organisation of the sentences before."""
    m = sentence.search(sentence.lex.regex(r"<<discourse.pronoun_deal_subject>>"))
    if m is None:
        return sentence
    lo, hi = sentence.abs(m.start()), sentence.abs(m.end())
    if any(lo <= o.start < hi for o in sentence.orgs):
        return sentence
    # the company of the sentence when it opens with its own subject ("Capgemini has done big acquisitions
    # before: ... it bought"), else the one of the sentences before ("It already counts Nvidia as a backer, and
    # in 2024 it raised ...": Nvidia is an object there, the "it"s are the story's company)
    subject = first_subject(sentence)
    opener = sentence.text.startswith(("It ", "The ", "Its "))
    company = subject if subject is not None and subject.end <= lo and not opener and \
        subject.start - sentence.start < 40 else topic
    named = [o for o in sentence.orgs if o.end <= lo]
    if named and re.fullmatch(r"\s*,\s*", sentence.between(named[-1].end, lo)):
        company = named[-1]  # "As for Perplexity, it is valued at ...": the organisation the pronoun resumes
    sentence.orgs = sorted([*sentence.orgs, _stand_in(lo, hi, company)], key=lambda o: o.start)
    return sentence


def _with_verb_second_descriptor(sentence: Sentence, topic: Mention, investee: Mention | None) -> Sentence:
    """German verb-second after a fronted phrase: "Nach einer Finanzierungsrunde über 209 Mio. Euro kommt das
    Defensetech-Start-up auf eine Bewertung von 1,7 Mrd. Euro": the description right after the finite verb is
    the subject and stands for the company named before, when no organisation precedes it."""
    lex = sentence.lex
    m = sentence.search(lex.regex(r"<<discourse.verb_second_descriptor>>"))
    if m is None:
        return sentence
    lo, hi = sentence.abs(m.start("what")), sentence.abs(m.end("what"))
    if any(o.start < hi for o in sentence.orgs):
        return sentence
    if investee is not None and lex.regex(r"(?i)<<discourse.startup_descriptions>>").search(m.group("what")):
        topic = investee
    sentence.orgs = [_stand_in(lo, hi, topic), *sentence.orgs]
    return sentence


def _mention_of(doc_sentences: list[Sentence], name: str | None) -> Mention | None:
    """A mention of `name` in the document (the last round's investee as a stand-in source)."""
    if name is None:
        return None
    return next((m for s in doc_sentences for m in s.orgs if m.name == name), None)


def with_described_object(sentence: Sentence, company: Mention | None) -> Sentence:
    """"Nvidia and Amazon are putting $50 million each into the company", "steckt 30 Mio. Euro in das Start-up":
    a description after "in/into" with no organisation of its own stands for the company of the story (the
    investee named before, else the last round's investee, else the main organisation)."""
    if company is None or not sentence.amounts:
        return sentence
    m = sentence.search(sentence.lex.regex(r"<<discourse.described_object>>"))
    if m is None:
        return sentence
    lo, hi = sentence.abs(m.start("what")), sentence.abs(m.end("what"))
    if any(o.start < hi and lo < o.end for o in sentence.orgs) or any(o.start >= hi and o.start - hi < 3 for o in sentence.orgs):
        return sentence  # "into the start-up Scale AI": the company is named right there
    if any(o.name == company.name for o in sentence.orgs):
        return sentence
    sentence.orgs = sorted([*sentence.orgs, _stand_in(lo, hi, company)], key=lambda o: o.start)
    return sentence


def share_owner(sentence: Sentence) -> Mention | None:
    """The company whose shares the sentence names ("die Aktien von SAP", "die Intel-Aktie", "Nvidia's shares",
    "shares of Oracle"): the one a later "Der Kurs stieg ...", "the stock fell ..." is about."""
    lex = sentence.lex
    before = lex.regex(r"\b<<discourse.share_nouns>>\s+(?:von|vom|des|der|of)\s+(?:the\s+)?$")
    after = lex.regex(r"^(?:-|['’]s?\s+|\s+)<<discourse.share_nouns>>\b")
    return next((m for m in sentence.orgs if before.search(sentence.before(m.start, 30)) or after.match(sentence.after(m.end, 20))),
                None)


def with_share_anaphor(sentence: Sentence, topic: Mention | None) -> Sentence:
    """Stand the company named before in for an anaphoric share word with no organisation of its own nearby
    ("SAP senkte die Prognose; die Aktie schloss 2,1 Prozent im Minus", "Its shares fell 4%"): the last
    subject earlier in the sentence, else the previous sentences' main organisation."""
    if not sentence.percents:
        return sentence
    m = sentence.search(sentence.lex.regex(r"<<discourse.share_anaphor>>"))
    if m is None:
        return sentence
    lo, hi = sentence.abs(m.start()), sentence.abs(m.end())
    if any(lo - 40 <= o.end and o.start <= hi + 40 for o in sentence.orgs):
        return sentence  # "Nvidia: die Aktie ...", "the shares of X": the company is named right there
    earlier = [o for o in sentence.orgs if o.end <= lo and not is_object(sentence, o)]
    company = earlier[-1] if earlier else topic
    if company is None:
        return sentence
    sentence.orgs = sorted([*sentence.orgs, _stand_in(lo, hi, company)], key=lambda o: o.start)
    return sentence


def follow_up_round(round_fact: RawFact, sentence: Sentence, raws: list[RawFact]) -> list[RawFact]:
    """A sentence after a round that adds to it: investors and lead ("Angeführt wurde die Runde von X"),
    the valuation ("The deal values Mistral at ..."), the round type ("Die Series-C-Runde ..."), and a
    participant's own amount ("Größter Geldgeber ist ASML, der sich mit 1,3 Mrd. Euro beteiligt"),
    which is also an investment."""
    investee = round_fact["investee"]
    follows = refers_to_round(sentence)
    kept: list[RawFact] = []
    for raw in raws:
        if raw.type == "valuation" and (raw.get("company") in (None, investee) or follows):
            if round_fact.get("valuation") is None:
                round_fact["valuation"] = plain_number(raw["amount"])
            raw = RawFact(raw.type, {**raw.values, "company": investee}, raw.anchor, raw.roles, raw.sentence)
        kept.append(raw)
    for raw in kept:  # "On top of that, Nvidia and Intel are putting $50 million each into the company"
        if raw.type == "investment" and raw.get("investee") == investee and raw.get("amount") is not None:
            round_fact["investors"] = unique_list([*round_fact["investors"], raw["investor"]])
    if not follows:
        return kept + _contribution(round_fact, sentence, kept)
    if _fills_missing_amount(round_fact, sentence, kept):
        return kept
    return kept + _round_details(round_fact, sentence, kept)


def _fills_missing_amount(round_fact: RawFact, sentence: Sentence, kept: list[RawFact]) -> bool:
    """"Laut FT sollen demnach bis zu einer Milliarde Dollar zusammenkommen": the round's missing amount, from a
    sentence about the round that names no one but its parties."""
    found = deals(sentence)
    parties = {round_fact["investee"], *round_fact["investors"]}
    if round_fact.get("amount") is not None or len(found) != 1 or kept or any(m.name not in parties for m in sentence.orgs):
        return False
    round_fact["amount"] = plain_number(found[0].value)
    round_fact["currency"] = found[0].currency
    return True


def _round_details(round_fact: RawFact, sentence: Sentence, kept: list[RawFact]) -> list[RawFact]:
    """The round type, investors and lead a follow-up sentence names, and the one named investor's own amount
    (an investment beside the round)."""
    investee = round_fact["investee"]
    if round_fact.get("round") == "unknown":
        kind = round_type(sentence)
        if kind != "unknown":
            round_fact["round"] = kind
    investors, lead = round_participants(sentence, investee)
    round_fact["investors"] = unique_list([*round_fact["investors"], *investors])
    if lead and "lead" not in round_fact.values:
        round_fact["lead"] = lead
    found = deals(sentence)
    if len(investors) != 1 or not found or any(f.type in ("investment", "funding_round") for f in kept):
        return []
    roles = [m for m in sentence.orgs if m.name == investors[0]]
    return [RawFact("investment", {"investor": investors[0], "investee": investee, "amount": found[0].value,
                                   "currency": found[0].currency, "cumulative_amount": None},
                    found[0].start, roles, sentence)]


def _contribution(round_fact: RawFact, sentence: Sentence, kept: list[RawFact]) -> list[RawFact]:
    """"ASML contributed EUR 1.3 billion", "X has committed $100 million, and Microsoft $95 million", "Nvidia and
    Amazon are putting $50 million each into the company": investors of the round, as subjects, each with its
    own amount (and participants of the round from then on)."""
    if kept or not sentence.orgs:
        return []
    subject = first_subject(sentence)
    if subject is None or subject.start != sentence.orgs[0].start or subject.name == round_fact["investee"]:
        return []
    found = [a for a in deals(sentence) if a.start > subject.end]
    contributes = sentence.lex.regex(r"\b<<discourse.contribution_verbs>>\b")
    if not found or not contributes.search(sentence.text[subject.end - sentence.start:found[0].start - sentence.start]):
        return []
    group = list_around(sentence, subject, found[0].start, {round_fact["investee"]})
    each = sentence.lex.regex(r"^\s*<<investment.each>>\b").match(sentence.after(found[0].end, 20)) is not None
    if len(group) > 1 and not each:
        return []  # a shared amount of several investors is no per-investor contribution
    pairs = [(m, found[0]) for m in group]
    # gapped pairs: "..., and Microsoft $95 million", "..., und Nvidia 10 Milliarden Dollar"
    for later in found[1:]:
        owner = next((m for m in reversed(sentence.orgs) if m.end <= later.start), None)
        if owner is None or owner.name in {m.name for m, _ in pairs} or owner.name == round_fact["investee"]:
            continue
        glue = sentence.between(owner.end, later.start)
        if len(glue) <= 25 and re.match(r"^\s*(?:(?:has|have|will|would|also|mit|with)\s+)*\S*\s*$", glue) and re.search(
                r"(?:,\s*|\s)(?:and|und|while|während)\s+(?:\w+\s+){0,2}$", sentence.before(owner.start, 30)):
            pairs.append((owner, later))
    if len(pairs) == 1 and subject.name not in round_fact["investors"] and len({m.name for m in sentence.orgs}) > 1:
        return []  # a new name is a participant only when the sentence names no one else ("ASML invested ...")
    facts = []
    for investor, amount in pairs:
        if investor.name not in round_fact["investors"]:
            round_fact["investors"].append(investor.name)
        facts.append(RawFact("investment", {"investor": investor.name, "investee": round_fact["investee"],
                                            "amount": amount.value, "currency": amount.currency, "cumulative_amount": None},
                             amount.start, [investor], sentence))
    return facts


def follow_up_total(investment: RawFact, sentence: Sentence, raws: list[RawFact]) -> None:
    """"Damit steigt die Gesamtinvestition ... auf acht Milliarden Dollar": the previous investment's total."""
    if investment.get("cumulative_amount") is not None or raws:
        return
    found = totals(sentence)
    if found and found[0].currency == investment["currency"]:
        investment["cumulative_amount"] = plain_number(found[0].value)


def follow_up_price(deal: RawFact, sentence: Sentence, raws: list[RawFact]) -> bool:
    """An investment or takeover named without an amount, priced in the next sentence with one amount and
    no other organisation ("Der Kaufpreis liegt bei ...", "The deal is valued at ...", "Insgesamt fließen
    mehr als 500 Millionen Dollar an das Unternehmen"); returns True when it filled the amount."""
    if len(sentence.amounts) != 1 or any(r.type != "valuation" or r.get("company") for r in raws):
        return False  # an ownerless valuation ("The deal is valued at ...") is this sentence's only reading
    parties = {deal.get("investor"), deal.get("investee"), deal.get("acquirer"), deal.get("target")}
    if any(m.name not in parties for m in sentence.orgs) or is_forecast(sentence):
        return False
    lex = sentence.lex
    price_cue = lex.regex(r"<<discourse.price_cues>>" if lex.lang == "de" else r"(?i)<<discourse.price_cues>>")
    if not price_cue.search(sentence.text):
        return False
    # "The deal is valued at ...": here a valuation wording prices the deal, not a company
    deal_valued = lex.regex(r"(?i)\b<<discourse.deal_nouns>>\b").search(sentence.text) is not None
    amounts = [a for a in deal_amounts(sentence) if deal_valued or amount_role(sentence, a) not in ("valuation", "market")]
    if not amounts:
        return False
    deal["amount"] = plain_number(amounts[0].value)
    deal["currency"] = amounts[0].currency
    return True


_PARTY = {"funding_round": "investee", "investment": "investee", "acquisition": "target"}
_OTHER_PARTY = {"investment": "investor", "acquisition": "acquirer"}
TITLE_FACTOR = 0.8


def merge_title_facts(facts: list[dict], title_facts: list[dict], doc_sentences: list[Sentence]) -> list[dict]:
    """Deals whose amount only the headline states ("Acme raises $50m" over "Acme has closed a round led
    by X"): a title deal fills the missing amount of the same deal in the text, or is added when a text
    sentence names its party (evidence: that sentence, lower confidence). Never invents a party.

    Works on finished facts: the headline is a document of its own, read by the same pipeline."""
    for tf in title_facts:
        party_key = _PARTY.get(tf["type"])
        if party_key is None or tf.get("amount") is None:
            continue
        party, other_key = tf[party_key], _OTHER_PARTY.get(tf["type"])
        same = [f for f in facts if f["type"] == tf["type"] and f.get(party_key) == party
                and (other_key is None or f.get(other_key) == tf.get(other_key))]
        if same:
            for f in same:
                if f.get("amount") is None:
                    f["amount"], f["currency"] = tf["amount"], tf["currency"]
            continue
        if tf["type"] == "funding_round" and any(f["type"] == "funding_round" for f in facts):
            continue  # the text reports a round of its own: do not add a second one
        sentence = next((s for s in doc_sentences if any(m.name == party for m in s.orgs)
                         and (other_key is None or any(m.name == tf.get(other_key) for m in s.orgs))), None)
        if sentence is None:
            continue
        fact = {**tf, "evidence": {"sentence": sentence.text, "start": sentence.start, "end": sentence.end},
                "confidence": round(tf["confidence"] * TITLE_FACTOR, 3)}
        fact.pop("date", None)
        if fact["type"] == "funding_round":  # the text sentence knows the investors and the round type
            investors, lead = round_participants(sentence, party)
            fact["investors"] = unique_list([*fact["investors"], *investors])
            if lead and "lead" not in fact:
                fact["lead"] = lead
            if fact["round"] == "unknown":
                fact["round"] = round_type(sentence)
        facts.append(fact)
    return facts
