"""Acquisitions: "X acquires Y for $N", "Y was acquired by X", "X übernimmt Y", "Y wird von X übernommen",
"die Übernahme von Y durch X". The amount is optional (many deals are undisclosed).

Buying chips, shares or a stake is not an acquisition: a target followed by a product or stake word is
skipped (a stake is an investment). Nor is buying a part of a company (its browser, unit or business line):
the organisation named is not what changes hands, and the part is not an organisation of the landscape.
"""
from __future__ import annotations

import re

from extractors.nlp.components.fact_context import Mention, Sentence
from extractors.nlp.components.fact_funding import amount_role
from extractors.nlp.components.fact_roles import is_object, lang_of, subject_after, subject_before
from extractors.nlp.components.traps import deal_amounts

ACTIVE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:acquir(?:e|es|ed|ing)|buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|snap(?:s|ped) up|snapping up"
        r"|take(?:s)? over|took over|acquisition of|takeover of|purchase of|merg(?:e|es|ed|ing) with|absorb(?:s|ed)?"
        r"|bid for|offer for|takeover bid for)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:übernimmt|übernahm|übernehmen|übernommen|kauft|kaufte|kaufen|gekauft|erwirbt|erwarb|erwerben|erworben|schluckt"
        r"|schluckte|Übernahme|Kauf|Erwerb|Zukauf)\b",
    ),
}
_PART_OF: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:become|becomes|became|becoming) (?:a )?part of\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:wird|wurde|werden|soll|sollen)\s+(?:damit |nun |künftig |bald )?(?:ein )?Teil (?:der|des|von|vom)\b"),
}
PASSIVE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:acquired by|bought by|purchased by|taken over by|sold to|sells itself to|acquisition by|takeover by)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:durch|an)\b"),
}
_DE_PASSIVE_VERB = re.compile(r"\b(?:übernommen|gekauft|erworben|geschluckt|verkauft)\b")
_NOT_COMPANY_TARGET = re.compile(
    r"^['’s]*\s*(?:chips?|GPUs?|shares?|stock|stakes?|servers?|hardware|Chips|Aktien|Anteile|Prozessoren|Grafikkarten"
    r"|Rechenzeit|compute|cloud|capacity|Kapazität|Server|Lizenzen|licen[cs]es?|ads|Werbung|products?|Produkte)\b"
)


# "in an all-stock deal valued at about $9 billion": the deal's value is its price, not a company valuation.
_DEAL_VALUE = re.compile(r"(?i)\b(?:deal|transaction|acquisition|takeover|purchase|Transaktion|Übernahme|Deal)"
                         r"\s+(?:valued|worth|im Wert)\b[^.;]{0,25}$")
_DE_FINITE = {"übernimmt", "übernahm", "kauft", "kaufte", "erwirbt", "erwarb", "schluckt", "schluckte"}
_DE_INFINITIVE = {"übernehmen", "kaufen", "erwerben", "schlucken"}
# Perfect tense, verb-final ("Laut Unternehmensangaben hat Nvidia die Firma Run:ai ... übernommen"): the same
# order as the infinitive (acquirer, then target, then the verb) once "hat/haben" shows the voice is active.
_DE_PARTICIPLE = {"übernommen", "gekauft", "erworben", "geschluckt"}
_DE_ACTIVE_AUX = re.compile(r"\b(?:hat|haben|hatte|hatten)\b")
_DE_PASSIVE_AUX = re.compile(r"\b(?:wurde|wurden|wird|werden|worden)\b")
_BUY_AMOUNT_OF = re.compile(r"\b(?:buy|buys|bought|purchase|purchases|kauft|kaufen)\s+(?:up to |about |around )?[$€£]?\s?[\d.,]+\s*\w*\s+(?:of|an|worth)\b", re.IGNORECASE)


# A part of the named company changes hands, not the company: "Google's Chrome browser", "Marvell's automotive
# Ethernet business", "das Ethernet-Geschäft von Marvell", "die KI-Sparte des Konzerns X".
_PART_AFTER = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,3}?(?:browser|app|apps|unit|units|division|business|businesses"
                         r"|assets|team|product|products|platform|brand|operations|arm|segment|chip business)\b")
_PART_BEFORE = re.compile(r"(?:[Gg]eschäft\w*|[Ss]parte|[Ee]inheit|[Gg]eschäftsbereich\w*|business|unit|division|assets)"
                          r"\s+(?:of|von|vom|des|der)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")


_STAKE_BEFORE = re.compile(r"(?i)\b(?:stake|shares|share|interest|Anteil\w*|Beteiligung|Aktien)\s+(?:in|of|an|am|von|bei)"
                           r"\s+(?:the\s+|der\s+|dem\s+|den\s+)?(?:[\w-]+\s+){0,2}$")


def _target_ok(sentence: Sentence, mention: Mention, noun_cue: bool = False) -> bool:
    """A plausible takeover target: not a compound modifier, not the seller ("buy X from Y"), not a product,
    not a part of the company (its browser, unit or business)."""
    if mention.is_compound_modifier:
        return False
    if _PART_AFTER.search(sentence.after(mention.end, 60)) or _PART_BEFORE.search(sentence.before(mention.start, 60)):
        return False
    if _STAKE_BEFORE.search(sentence.before(mention.start, 40)):
        return False  # "to acquire a stake in Scale AI": an investment
    if not noun_cue and re.search(r"\b(?:from|von)\s+$", sentence.before(mention.start, 8)):
        return False
    return _NOT_COMPANY_TARGET.search(sentence.after(mention.end, 20)) is None


def find_acquisitions(sentence: Sentence) -> list[dict]:
    lang = lang_of(sentence)
    if len(sentence.orgs) < 2:
        return []
    acquirer = target = None
    passive = sentence.search(PASSIVE["en"]) if lang == "en" else None
    part_of = sentence.search(_PART_OF[lang]) if passive is None else None
    if part_of is not None:
        # "Aleph Alpha wird Teil der Schwarz-Gruppe", "X will become part of Y": only when Y follows at once
        # ("wird Teil der Partnerschaft mit SAP" is no takeover)
        pos = sentence.abs(part_of.end())
        after = [m for m in sentence.orgs if 0 <= m.start - pos <= 12]
        before = subject_before(sentence, sentence.abs(part_of.start()))
        if after and before and before.name != after[0].name:
            acquirer, target = after[0], before
    de_passive = _DE_PASSIVE_VERB.search(sentence.text) if lang == "de" else None
    if passive is not None:
        pos = sentence.abs(passive.end())
        after = [m for m in sentence.orgs if m.start >= pos]
        before = subject_before(sentence, sentence.abs(passive.start()))
        if after and before and before.name != after[0].name:
            acquirer, target = after[0], before
            if passive.group(0).lower().startswith(("acquisition by", "takeover by")):
                prior = [m for m in sentence.orgs if m.end <= sentence.abs(passive.start())]
                target = prior[-1] if prior else None
    elif de_passive is not None and re.search(r"\b(?:von|vom)\s", sentence.text):
        by = re.search(r"\b(?:von|vom)\s+(?:dem |der |den )?(?:[\w-]+\s+){0,3}?", sentence.text)
        cue_by = [m for m in sentence.orgs if by and m.start >= sentence.abs(by.start())]
        rest = [m for m in sentence.orgs if not cue_by or m.start < cue_by[0].start]
        if cue_by and rest and cue_by[0].name != rest[0].name and not re.search(r"\bverkauft\b", de_passive.group(0)):
            acquirer, target = cue_by[0], rest[-1]
    if acquirer is None:
        if _BUY_AMOUNT_OF.search(sentence.text):
            return []  # "to buy $300 billion of computing power from Oracle": a purchase, not a takeover
        cue = sentence.search(ACTIVE[lang])
        if cue is None:
            return []
        cue_pos = sentence.abs(cue.start())
        word = cue.group(0)
        noun_cue = word in ("Übernahme", "Kauf", "Erwerb", "Zukauf") or word.lower().endswith((" of", " for"))
        after = [m for m in sentence.orgs if m.start >= sentence.abs(cue.end()) and _target_ok(sentence, m, noun_cue)]
        by_right_after = re.match(r"\s+(?:durch|by)\s+", sentence.text[cue.end():])
        if by_right_after is not None and after:
            # "über eine Übernahme durch die Schwarz-Gruppe": the acquirer follows, the target is the subject
            subject = subject_before(sentence, cue_pos + 1)
            if subject is not None and subject.name != after[0].name:
                acquirer, target = after[0], subject
        elif lang == "de" and (word in _DE_INFINITIVE or (
                word in _DE_PARTICIPLE and _DE_ACTIVE_AUX.search(sentence.text[:cue.start()])
                and not _DE_PASSIVE_AUX.search(sentence.text))):
            before = [m for m in sentence.orgs if m.end <= cue_pos]
            subjects = [m for m in before if not is_object(sentence, m)]
            if subjects:
                tgt = [m for m in before if m.start > subjects[0].start and _target_ok(sentence, m)]
                if tgt:
                    acquirer, target = subjects[0], tgt[-1]
        elif word in ("Übernahme", "Kauf", "Erwerb", "Zukauf") or word.lower().endswith(" of"):
            # noun form: "X's acquisition of Y", "Übernahme von Y durch X", "die X-Übernahme"
            by = re.search(r"\b(?:durch|by)\s", sentence.text[cue.end():])
            if by is not None:
                by_pos = sentence.abs(cue.end() + by.end())
                acq = [m for m in sentence.orgs if m.start >= by_pos]
                tgt = [m for m in after if m.start < by_pos]
                if acq and tgt:
                    acquirer, target = acq[0], tgt[0]
            if acquirer is None:
                subject = subject_before(sentence, cue_pos + 1)
                if subject is not None and after and after[0].name != subject.name:
                    acquirer, target = subject, after[0]
                elif subject is None and after:
                    # fronted: "Mit dem Kauf von Run:ai ... stärkt Nvidia ...", "With its purchase of Y, X ..."
                    acquirer = next((m for m in sentence.orgs if m.start > after[0].end and m.name != after[0].name
                                     and not m.is_compound_modifier and not is_object(sentence, m)), None)
                    target = after[0] if acquirer is not None else None
        else:
            subject = subject_before(sentence, cue_pos + 1)
            if subject is None and lang == "de" and word in _DE_FINITE:
                # verb-second after a fronted phrase: "Für 6,5 Milliarden Dollar kauft OpenAI das Start-up io"
                subject = subject_after(sentence, sentence.abs(cue.end()))
                if subject is not None:
                    cands = [m for m in after if m.start > subject.end and m.name != subject.name
                             and _target_ok(sentence, m)]
                    if cands:
                        acquirer, target = subject, cands[0]
            elif (subject is not None and lang == "de" and word in _DE_FINITE and sentence.text.startswith("Den ")
                  and (actual := subject_after(sentence, sentence.abs(cue.end()))) is not None
                  and actual.name != subject.name):
                # fronted accusative: "Den Münchner Softwarehersteller Celonis kauft SAP": "den" marks the
                # object, the subject follows the verb
                acquirer, target = actual, subject
            elif subject is not None:
                cands = [m for m in after if m.name != subject.name and _object_of_verb(sentence, cue, m)]
                if cands:
                    acquirer, target = subject, cands[0]
    if acquirer is None or target is None or acquirer.name == target.name or not _target_ok(sentence, target, True):
        return []
    amounts = [a for a in deal_amounts(sentence)
               if (amount_role(sentence, a) == "deal" or _DEAL_VALUE.search(sentence.before(a.start, 60)))
               and not _in_other_clause(sentence, a, acquirer, target)]
    amount = amounts[0] if amounts else None
    return [{
        "type": "acquisition",
        "acquirer": acquirer.name,
        "target": target.name,
        "amount": amount.value if amount else None,
        "currency": amount.currency if amount else None,
        "_anchor": amount.start if amount else min(acquirer.start, target.start),
        "_roles": [acquirer, target],
    }]


def _in_other_clause(sentence: Sentence, amount, acquirer: Mention, target: Mention) -> bool:
    """"Cognition will acquire Windsurf, days after Google hired its CEO in a $2.4 billion deal": an amount
    after a third organisation that is a subject of its own belongs to that organisation's clause."""
    last_role = max(acquirer.end, target.end)
    return any(last_role <= m.start < amount.start and m.name not in (acquirer.name, target.name)
               and not is_object(sentence, m) for m in sentence.orgs)


def _object_of_verb(sentence: Sentence, cue: re.Match[str], mention: Mention) -> bool:
    """The target follows the verb closely, in the same clause ("buy more Nvidia chips, people told The
    Wall Street Journal" has no target)."""
    gap = sentence.between(sentence.abs(cue.end()), mention.start)
    return len(gap) <= 60 and not re.search(r"[,;:]", gap)
