"""Acquisitions: "X acquires Y for $N", "Y was acquired by X", "X übernimmt Y", "Y wird von X übernommen",
"die Übernahme von Y durch X". The amount is optional (many deals are undisclosed).

Buying chips, shares or a stake is not an acquisition: a target followed by a product or stake word is
skipped (a stake is an investment). Nor is buying a part of a company (its browser, unit or business line):
the organisation named is not what changes hands, and the part is not an organisation of the landscape.
Each reading below is one sentence shape; `_acquisition` checks the pair and picks the price for all of them.
"""
from __future__ import annotations

import re

from extractors.nlp.amount_roles import amount_role, deal_amounts
from extractors.nlp.annotations import Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.lexicon import Lexicon
from extractors.nlp.readings import reading
from extractors.nlp.roles import is_object, subject_after, subject_before
from extractors.nlp.sentences import Sentence

CUES = ("acquisition.active", "acquisition.passive", "acquisition.part_of", "acquisition.passive_participles")


def _active(lex: Lexicon) -> re.Pattern[str]:
    return lex.regex(r"\b<<acquisition.active>>\b", 0 if lex.lang == "de" else re.IGNORECASE)


def _cue(sentence: Sentence) -> tuple[re.Match[str], str, bool] | None:
    """The first active takeover word of the sentence, and whether it is a noun ("Übernahme", "purchase of")."""
    if "acquisition_cue" in sentence.cache:
        return sentence.cache["acquisition_cue"]
    lex = sentence.lex
    cue = sentence.search(_active(lex))
    found = None
    if cue is not None:
        word = cue.group(0)
        found = cue, word, word in lex.wordset("acquisition.nouns") or word.lower().endswith((" of", " for"))
    sentence.cache["acquisition_cue"] = found
    return found


def _target_ok(sentence: Sentence, mention: Mention, noun_cue: bool = False) -> bool:
    """A plausible takeover target: not a compound modifier, not the seller ("buy X from Y"), not a product,
    not a part of the company (its browser, unit or business), not a stake ("a stake in Scale AI")."""
    lex = sentence.lex
    if mention.is_compound_modifier:
        return False
    if (lex.regex(r"^['’]s?\s+(?:[\w-]+\s+){0,3}?<<acquisition.parts>>\b").search(sentence.after(mention.end, 60))
            or lex.regex(r"<<acquisition.parts_before>>\s+(?:of|von|vom|des|der)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
            .search(sentence.before(mention.start, 60))):
        return False
    if lex.regex(r"(?i)\b<<acquisition.stake_words>>\s+(?:in|of|an|am|von|bei)\s+(?:the\s+|der\s+|dem\s+|den\s+)?"
                 r"(?:[\w-]+\s+){0,2}$").search(sentence.before(mention.start, 40)):
        return False
    if not noun_cue and re.search(r"\b(?:from|von)\s+$", sentence.before(mention.start, 8)):
        return False
    return lex.regex(r"^['’s]*\s*<<acquisition.not_company_targets>>\b").search(sentence.after(mention.end, 20)) is None


def _in_other_clause(sentence: Sentence, start: int, acquirer: Mention, target: Mention) -> bool:
    """"Cognition will acquire Windsurf, days after Google hired its CEO in a $2.4 billion deal": an amount
    after a third organisation that is a subject of its own belongs to that organisation's clause."""
    last_role = max(acquirer.end, target.end)
    return any(last_role <= m.start < start and m.name not in (acquirer.name, target.name)
               and not is_object(sentence, m) for m in sentence.orgs)


def _acquisition(sentence: Sentence, acquirer: Mention | None, target: Mention | None) -> list[RawFact]:
    """The facts for an acquirer/target pair a reading found, with the price its sentence states: one per target
    when the target is the first of a coordinated list ("buying Mistral, the French start-up, and Perplexity")."""
    if acquirer is None or target is None or acquirer.name == target.name or not _target_ok(sentence, target, True):
        return []
    if sentence.lex.regex(r"(?i)\b\d[\d,.]*\s*(?:%|Prozent|per ?cent)\s+(?:an|am|der|des|of|in)\b").search(
            sentence.between(min(acquirer.end, target.end), max(acquirer.start, target.start) + 200)[:200]):
        return []  # "die Chance erhält, rund 10 Prozent am Chiphersteller zu übernehmen": a stake, no takeover
    targets = [target]
    if target.start > acquirer.end:
        for m in sentence.orgs:  # "Mistral, <apposition>, and Perplexity", "die KI-Startups Mistral und Perplexity"
            if m.start <= targets[-1].end or m.name in (acquirer.name, *(t.name for t in targets)):
                continue
            gap = sentence.between(targets[-1].end, m.start)
            if re.fullmatch(r"\s*(?:,\s*(?:the|a|an|der|die|das|ein|eine)\s[^,;]{0,60},)?\s*(?:,\s*)?(?:and|und|sowie|or|oder)\s+", gap):
                targets.append(m)
            else:
                break
    if len(targets) > 1:
        return [fact for t in targets for fact in _one_acquisition(sentence, acquirer, t, priced=False)]
    return _one_acquisition(sentence, acquirer, target)


def _one_acquisition(sentence: Sentence, acquirer: Mention, target: Mention, priced: bool = True) -> list[RawFact]:
    considered = sentence.lex.regex(r"(?i)\b<<acquisition.considered>>\s+(?:[\w-]+\s+){0,2}$")
    if considered.search(sentence.before(target.start, 60)):
        # "OpenAI, which at one point considered buying Figure, is now putting $5 million into the start-up": the
        # idea is talks (realset gold), and the sentence's amount belongs to its main clause, not to the idea
        return _offered([RawFact("acquisition", {"acquirer": acquirer.name, "target": target.name, "amount": None,
                                                 "currency": None}, target.start, [acquirer, target])])
    deal_value = sentence.lex.regex(r"(?i)\b<<acquisition.deal_nouns>>\s+(?:valued|worth|im Wert)\b[^.;]{0,25}$")
    amounts = [a for a in deal_amounts(sentence)
               if (amount_role(sentence, a) == "deal" or deal_value.search(sentence.before(a.start, 60)))
               and not _in_other_clause(sentence, a.start, acquirer, target)]
    amount = amounts[0] if amounts and priced else None
    return [RawFact("acquisition", {"acquirer": acquirer.name, "target": target.name,
                                    "amount": amount.value if amount else None,
                                    "currency": amount.currency if amount else None},
                    amount.start if amount else min(acquirer.start, target.start), [acquirer, target])]


@reading("acquisition", priority=100, min_orgs=2, cues=CUES)
def passive_by(sentence: Sentence) -> list[RawFact]:
    """"Wiz was acquired by Google", "the takeover by X of Y" (English)."""
    if sentence.lang == "de":
        return []
    passive = sentence.search(sentence.lex.regex(r"\b<<acquisition.passive>>\b", re.IGNORECASE))
    if passive is None:
        return []
    after = [m for m in sentence.orgs if m.start >= sentence.abs(passive.end())]
    before = subject_before(sentence, sentence.abs(passive.start()))
    if not (after and before and before.name != after[0].name):
        return []
    target: Mention | None = before
    if passive.group(0).lower().startswith(("acquisition by", "takeover by")):
        prior = [m for m in sentence.orgs if m.end <= sentence.abs(passive.start())]
        target = prior[-1] if prior else None
    return _acquisition(sentence, after[0], target)


@reading("acquisition", priority=110, min_orgs=2, cues=CUES)
def german_passive_von(sentence: Sentence) -> list[RawFact]:
    """"Y wird von X übernommen", "Y wurde vom Konzern X gekauft"."""
    if sentence.lang != "de":
        return []
    lex = sentence.lex
    participle = sentence.search(lex.regex(r"\b<<acquisition.passive_participles>>\b"))
    if participle is None or participle.group(0) == "verkauft" or not re.search(r"\b(?:von|vom)\s", sentence.text):
        return []
    by = re.search(r"\b(?:von|vom)\s+(?:dem |der |den )?(?:[\w-]+\s+){0,3}?", sentence.text)
    by_orgs = [m for m in sentence.orgs if by and m.start >= sentence.abs(by.start())]
    rest = [m for m in sentence.orgs if not by_orgs or m.start < by_orgs[0].start]
    if by_orgs and rest and by_orgs[0].name != rest[0].name:
        return _acquisition(sentence, by_orgs[0], rest[-1])
    if len(by_orgs) > 1 and not rest and participle.start() < (by.start() if by else 0):
        return _acquisition(sentence, by_orgs[0], by_orgs[1])  # "Übernommen wird von AMD die US-Firma ZT Systems"
    return []


@reading("acquisition", priority=105, min_orgs=2, cues=CUES)
def parenthetical_passive(sentence: Sentence) -> list[RawFact]:
    """"MPT von MosaicML (jüngst von Databricks für 1,3 Mrd. Dollar übernommen)", "MosaicML (bought by Databricks
    for $1.3 billion in 2023)": the company before the parenthesis is the target, the one after von/by buys it,
    and only the parenthesis' amount is the price."""
    lex = sentence.lex
    flags = 0 if lex.lang == "de" else re.IGNORECASE
    inner = lex.regex(r"\((?:[\w-]+\s+){0,2}?(?:von|vom|by)\s+(?P<rest>[^()]{0,120}?\b<<acquisition.passive_participles>>"
                      r"(?:\s+[^()]{0,40})?)\)" if lex.lang == "de" else
                      r"\((?:[\w-]+\s+){0,2}?(?:acquired|bought|purchased|taken over)\s+by\s+(?P<rest>[^()]{0,120})\)", flags)
    for m in inner.finditer(sentence.text):
        lo, hi = sentence.abs(m.start()), sentence.abs(m.end())
        target = next((o for o in reversed(sentence.orgs) if o.end <= lo and not sentence.between(o.end, lo).strip()), None)
        buyer = next((o for o in sentence.orgs if lo < o.start < hi), None)
        if target is None or buyer is None or buyer.name == target.name:
            continue
        price = next((a for a in sentence.amounts if lo < a.start < hi), None)
        return [RawFact("acquisition", {"acquirer": buyer.name, "target": target.name,
                                        "amount": price.value if price else None,
                                        "currency": price.currency if price else None}, buyer.start, [buyer, target])]
    return []


@reading("acquisition", priority=120, min_orgs=2, cues=CUES)
def becomes_part_of(sentence: Sentence) -> list[RawFact]:
    """"Aleph Alpha wird Teil der Schwarz-Gruppe", "X will become part of Y": only when Y follows at once
    ("wird Teil der Partnerschaft mit SAP" is no takeover)."""
    lex = sentence.lex
    part_of = sentence.search(lex.regex("<<acquisition.part_of>>", 0 if lex.lang == "de" else re.IGNORECASE))
    if part_of is None:
        return []
    pos = sentence.abs(part_of.end())
    after = [m for m in sentence.orgs if 0 <= m.start - pos <= 12]
    before = subject_before(sentence, sentence.abs(part_of.start()))
    if after and before and before.name != after[0].name:
        return _acquisition(sentence, after[0], before)
    return []


@reading("acquisition", priority=130, min_orgs=2, guard=True)
def buying_an_amount_of_something(sentence: Sentence) -> bool:
    """"to buy $300 billion of computing power from Oracle": a purchase, not a takeover (guard)."""
    return sentence.lex.regex(
        r"\b<<acquisition.buy_amount>>\s+(?:up to |about |around )?[$€£]?\s?[\d.,]+\s*\w*\s+(?:of|an|worth)\b",
        re.IGNORECASE).search(sentence.text) is not None


def _targets_after(sentence: Sentence, cue: re.Match[str], noun_cue: bool) -> list[Mention]:
    return [m for m in sentence.orgs if m.start >= sentence.abs(cue.end()) and _target_ok(sentence, m, noun_cue)]


@reading("acquisition", priority=140, min_orgs=2, cues=CUES)
def noun_then_by(sentence: Sentence) -> list[RawFact]:
    """"über eine Übernahme durch die Schwarz-Gruppe", "a takeover by X": the acquirer follows, the target
    is the subject."""
    found = _cue(sentence)
    if found is None:
        return []
    cue, _, noun_cue = found
    after = _targets_after(sentence, cue, noun_cue)
    if not after or not re.match(r"\s+(?:durch|by)\s+", sentence.text[cue.end():]):
        return []
    subject = subject_before(sentence, sentence.abs(cue.start()) + 1)
    if subject is not None and subject.name != after[0].name:
        return _acquisition(sentence, after[0], subject)
    return []


@reading("acquisition", priority=150, min_orgs=2, cues=CUES)
def german_verb_final(sentence: Sentence) -> list[RawFact]:
    """"... dass X Y übernehmen will", perfect tense "hat Nvidia die Firma Run:ai ... übernommen": acquirer,
    then target, then the verb."""
    found = _cue(sentence)
    if found is None or sentence.lang != "de":
        return []
    cue, word, _ = found
    lex = sentence.lex
    perfect = (word in lex.wordset("acquisition.participles")
               and lex.regex(r"\b<<acquisition.active_auxiliaries>>\b").search(sentence.text[:cue.start()])
               and not lex.regex(r"\b<<acquisition.passive_auxiliaries>>\b").search(sentence.text))
    if word not in lex.wordset("acquisition.infinitives") and not perfect:
        return []
    before = [m for m in sentence.orgs if m.end <= sentence.abs(cue.start())]
    subjects = [m for m in before if not is_object(sentence, m)]
    if not subjects:
        return []
    targets = [m for m in before if m.start > subjects[0].start and _target_ok(sentence, m)]
    return _acquisition(sentence, subjects[0], targets[-1]) if targets else []


@reading("acquisition", priority=160, min_orgs=2, cues=CUES)
def noun_of_by(sentence: Sentence) -> list[RawFact]:
    """Noun form with both parties: "the acquisition of Y by X", "die Übernahme von Y durch X"."""
    found = _cue(sentence)
    if found is None or not found[2] or found[1].lower().endswith(" for"):
        return []
    cue, _, noun_cue = found
    by = re.search(r"\b(?:durch|by)\s", sentence.text[cue.end():])
    if by is None:
        return []
    by_pos = sentence.abs(cue.end() + by.end())
    acquirers = [m for m in sentence.orgs if m.start >= by_pos]
    targets = [m for m in _targets_after(sentence, cue, noun_cue) if m.start < by_pos]
    return _acquisition(sentence, acquirers[0], targets[0]) if acquirers and targets else []


@reading("acquisition", priority=170, min_orgs=2, cues=CUES)
def owner_noun_of(sentence: Sentence) -> list[RawFact]:
    """"X's acquisition of Y", "X kündigte die Übernahme von Y an"; fronted "Mit dem Kauf von Run:ai ... stärkt
    Nvidia ...", "With its purchase of Y, X ...": the acquirer is the subject, before or after the phrase."""
    found = _cue(sentence)
    if found is None or not found[2] or found[1].lower().endswith(" for"):
        return []
    cue, _, noun_cue = found
    after = _targets_after(sentence, cue, noun_cue)
    if not after:
        return []
    subject = subject_before(sentence, sentence.abs(cue.start()) + 1)
    if subject is not None:
        return _acquisition(sentence, subject, after[0]) if after[0].name != subject.name else []
    acquirer = next((m for m in sentence.orgs if m.start > after[0].end and m.name != after[0].name
                     and not m.is_compound_modifier and not is_object(sentence, m)), None)
    return _acquisition(sentence, acquirer, after[0]) if acquirer is not None else []


def _verb_cue(sentence: Sentence) -> tuple[re.Match[str], str, bool] | None:
    """The first takeover word when it is a verb or "bid/offer for" (the noun shapes have readings of their own)."""
    found = _cue(sentence)
    if found is None or (found[2] and not found[1].lower().endswith(" for")):
        return None
    return found


@reading("acquisition", priority=180, min_orgs=2, cues=CUES)
def german_verb_second(sentence: Sentence) -> list[RawFact]:
    """Verb-second after a fronted phrase: "Für 6,5 Milliarden Dollar kauft OpenAI das Start-up io"."""
    found = _verb_cue(sentence)
    if found is None or sentence.lang != "de" or found[1] not in sentence.lex.wordset("acquisition.finite"):
        return []
    cue, _, _ = found
    if subject_before(sentence, sentence.abs(cue.start()) + 1) is not None:
        return []
    subject = subject_after(sentence, sentence.abs(cue.end()))
    if subject is None:
        return []
    targets = [m for m in _targets_after(sentence, cue, False)
               if m.start > subject.end and m.name != subject.name and _target_ok(sentence, m)
               and not re.search(r"[,;:]", sentence.between(subject.end, m.start))]
    return _acquisition(sentence, subject, targets[0]) if targets else []


@reading("acquisition", priority=190, min_orgs=2, cues=CUES)
def german_fronted_object(sentence: Sentence) -> list[RawFact]:
    """Fronted accusative: "Den Münchner Softwarehersteller Celonis kauft SAP": "den" marks the object, the
    subject follows the verb."""
    found = _verb_cue(sentence)
    if found is None or sentence.lang != "de" or not sentence.text.startswith("Den "):
        return []
    cue, word, _ = found
    if word not in sentence.lex.wordset("acquisition.finite"):
        return []
    fronted = subject_before(sentence, sentence.abs(cue.start()) + 1)
    actual = subject_after(sentence, sentence.abs(cue.end()))
    if fronted is None or actual is None or actual.name == fronted.name:
        return []
    return _acquisition(sentence, actual, fronted)


@reading("acquisition", priority=195, min_orgs=2, cues=CUES)
def subject_verb_object(sentence: Sentence) -> list[RawFact]:
    """"X acquires Y", "X übernimmt Y": the subject before the verb, the target right after it in the same
    clause ("buy more Nvidia chips, people told The Wall Street Journal" has no target)."""
    found = _verb_cue(sentence)
    if found is None:
        return []
    cue, _, noun_cue = found
    subject = subject_before(sentence, sentence.abs(cue.start()) + 1)
    if subject is None:
        return []
    for m in _targets_after(sentence, cue, noun_cue):
        gap = sentence.between(sentence.abs(cue.end()), m.start)
        if m.name != subject.name and len(gap) <= 60 and not re.search(r"[,;:]", gap):
            return _acquisition(sentence, subject, m)
    return []


@reading("acquisition", priority=175, min_orgs=2, cues=("acquisition.offer_nouns",))
def offer_from_a_bidder(sentence: Sentence) -> list[RawFact]:
    """"FuriosaAI has declined an $800 million takeover offer from Meta", "X held talks with software leader Adobe
    over a possible $3 billion takeover", "Qualcomm hat Intel einen Vorschlag für eine Übernahme unterbreitet":
    the bidder after "from"/"with", or the subject of the proposal, buys the company whose offer it is (talks)."""
    lex = sentence.lex
    offer = sentence.search(lex.regex(r"\b<<acquisition.offer_nouns>>\b", 0 if lex.lang == "de" else re.IGNORECASE))
    if offer is None:
        return []
    pos = sentence.abs(offer.start())
    bidder = next((m for m in sentence.orgs if m.start >= sentence.abs(offer.end())
                   and re.search(r"\b(?:from|by|von|vom)\s+(?:the\s+|dem\s+|der\s+)?(?:[\w-]+\s+){0,3}$",
                                 sentence.before(m.start, 40))), None)
    if bidder is not None:
        # the company the offer is for: "Eine Übernahmeofferte für Northern Data ... wird vom US-Videodienst Rumble
        # geprüft", else the subject before the offer ("FuriosaAI has declined an offer from Meta")
        target = next((m for m in sentence.orgs if m.start >= sentence.abs(offer.end()) and m.start < bidder.start
                       and re.fullmatch(r"\s*(?:for|für)\s+(?:the\s+)?", sentence.between(sentence.abs(offer.end()), m.start))), None)
        return _offered(_acquisition(sentence, bidder, target or subject_before(sentence, pos, exclude={bidder.name})))
    talks = lex.regex(r"(?i)\b(?:talks|discussions|negotiations|Gespräche\w*|Verhandlungen)\s+(?:\w+\s+){0,2}(?:with|mit)\s+"
                      r"(?:the\s+|dem\s+|der\s+)?(?:[\w-]+\s+){0,3}$")
    partner = next((m for m in sentence.orgs if m.end <= pos and talks.search(sentence.before(m.start, 60))), None)
    if partner is not None:
        return _offered(_acquisition(sentence, partner, subject_before(sentence, partner.start, exclude={partner.name})))
    # German: "X hat Y einen Vorschlag für eine Übernahme unterbreitet" (subject, then the dative target)
    if lex.lang == "de":
        before = [m for m in sentence.orgs if m.end <= pos]
        if len(before) >= 2 and not is_object(sentence, before[-2]):
            return _offered(_acquisition(sentence, before[-2], before[-1]))
    return []


def _offered(facts: list[RawFact]) -> list[RawFact]:
    """An offer is a proposed deal, declined or not: realset guide decision on rejected bids (status talks)."""
    for fact in facts:
        fact.offered = True
    return facts
