"""Funding rounds and valuations.

A funding sentence has a funding cue ("raised", "Series B", "sammelt ... ein", "Finanzierungsrunde"), an
amount that is not a trap, a valuation or a running total, and an investee: the subject before the cue,
or the organisation after "in"/"into" when investors are the subject ("Sequoia led a $50m round in X").
A valuation amount ("valued at", "Bewertung von", "mit ... bewertet") becomes the round's `valuation`
and a `valuation` fact of its own; a running total ("bringing its total to", "insgesamt") is never the
round amount.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.components.fact_context import Amount, Sentence
from extractors.nlp.components.fact_roles import (
    DESCRIPTOR_WORD,
    INVESTOR_CUES,
    LEAD_CUES,
    lang_of,
    org_list_after,
    orgs_between,
    subject_before,
    unique_names,
)
from extractors.nlp.components.hedges import is_hedged
from extractors.nlp.components.traps import deal_amounts

FUNDING_CUES: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:rais(?:e|es|ed|ing)|secur(?:e|es|ed|ing)|clos(?:e|es|ed|ing)|land(?:s|ed)?|bag(?:s|ged)?|nab(?:s|bed)?"
        r"|(?:funding|financing|investment|seed|venture|growth|equity|extension|fundraising) round|round of (?:funding|financing)"
        r"|(?:million|billion|[mb]n?) round"
        r"|Series [A-F]\b|pre-seed|seed (?:funding|financing|capital)|fundrais\w*|funding|financing|debt facility|credit facility"
        r"|gets?|got|receiv(?:e|es|ed)|pull(?:s|ed)? in|brings? in|brought in|haul)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\b(?:sammelt|sammelte|sammeln|eingesammelt|einsammeln|erhält|erhielt|erhalten|holt|holte|geholt|bekommt|bekam"
        r"|sichert sich|sicherte sich|gesichert|Finanzierungsrunde\w*|Finanzierung|Serie[- ][A-F]|Series[- ][A-F]"
        r"|Kapitalspritze|frisches Kapital|Risikokapital|Wagniskapital|Wachstumsfinanzierung|Kapitalrunde|Investitionsrunde"
        r"|Kreditlinie|Fremdkapital|Seed-\w+|Pre-Seed\w*|Runde|Kapitalerhöhung|Finanzspritze|Kredit)\b|\w+runde\b)",
    ),
}
_IN_TARGET: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:in|into|round of)\s+(?:the\s+)?(?:(?!(?:round|led|by|a|an|its)\b)[\w-]+\s+){0,4}$", re.IGNORECASE),
    "de": re.compile(r"\b(?:in|bei|an)\s+(?:das|die|den|dem|der)?\s*(?:(?!(?:Runde|von)\b)[\w-]+\s+){0,3}$"),
}
_VALUATION_BEFORE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"(?:valu(?:ed|ing|ation|es|e)(?: [\w'’-]+){0,5}? (?:at|of|to)|valuation(?: of)?|post-money|pre-money|(?:own |its )?value (?:at|of)"
        r"|puts? [\w'’ ]{0,30}value at)\s*(?:about|around|roughly|nearly|more than|over|above|north of|in excess of|upwards of|some|an estimated|approximately|up to|as much as|at least)?\s*$",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:Bewertung(?: \w+){0,5}? (?:von|mit|auf|bei|in Höhe von)|bewertet(?: \w+){0,3}? mit|bewerten(?: \w+){0,3}? mit|Unternehmenswert(?: von)?"
        r"|Bewertung:?|(?:das|die|den) (?:Unternehmen|Start-?up|Firma) mit)\s*(?:rund|etwa|knapp|über|mehr als|fast|gut|ca\.|bis zu|mindestens)?\s*$",
    ),
}
_VALUATION_AFTER: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^\s*(?:valuation|post-money|pre-money)", re.IGNORECASE),
    "de": re.compile(r"^\s*(?:bewertet|Bewertung|wert\b|bewerten)"),
}
_CUMULATIVE_BEFORE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"(?:\bsince (?:its|their|the company's) (?:founding|inception|launch|creation)\b[^.;$€£]{0,80}?|total(?: [\w-]+){0,6} (?:to|of)|bringing (?:its|the|their)(?: [\w-]+){0,7} to|raised(?: a total of)?(?: \w+){0,2}? to date|a total of|in total|cumulative(?: \w+){0,2})\s*(?:about|around|roughly|nearly|more than|over|some)?\s*$",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:\bseit (?:der|seiner|ihrer) Gründung\b[^.;$€£]{0,80}?|insgesamt(?: \w+){0,3}|Gesamt\w+(?: [\w-]+){0,8}? auf|(?:auf )?(?:nun |jetzt )?insgesamt |bislang|bisher|summiert sich(?: \w+){0,3} auf|Gesamtsumme(?: \w+){0,2})\s*(?:rund|etwa|knapp|über|mehr als|fast)?\s*$",
    ),
}
_CUMULATIVE_AFTER: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^\s*(?:in total|to date|so far|in all|overall|total)\b", re.IGNORECASE),
    "de": re.compile(r"^\s*(?:insgesamt|bislang|bisher|zusammen)\b"),
}
_ROUND_TYPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:pre-?seed|seed)\b|\bSeed\w*|Pre-Seed", re.IGNORECASE), "seed"),
    (re.compile(r"\bSerie[sn]?[- ]([A-F])(?:\d|\b|-)"), "series"),
    (re.compile(r"\b(?:growth|Wachstums\w*|late-stage|Late-Stage)", re.IGNORECASE), "growth"),
    (re.compile(r"\b(?:debt|credit|loan|Kredit\w*|Fremdkapital\w*|Darlehen|Anleihe|convertible note|Wandelanleihe)", re.IGNORECASE), "debt"),
]


@lru_cache(maxsize=4096)
def round_type(text: str) -> str:
    """"seed", "series_a".."series_f", "growth", "debt" or "unknown" from the words of the sentence
    (memoised: the funding rules and the follow-up check ask for the same sentence several times)."""
    for pattern, kind in _ROUND_TYPES:
        m = pattern.search(text)
        if m:
            return f"series_{m.group(1).lower()}" if kind == "series" else kind
    return "unknown"


def amount_role(sentence: Sentence, amount: Amount) -> str:
    """"valuation", "cumulative" or "deal" from the words around the amount (memoised per sentence)."""
    key = ("role", amount.start)
    role = sentence.cache.get(key)
    if role is None:
        role = sentence.cache[key] = _amount_role(sentence, amount)
    return role


def _amount_role(sentence: Sentence, amount: Amount) -> str:
    lang = lang_of(sentence)
    before = sentence.before(amount.start, 100)
    after = sentence.after(amount.end, 30)
    if _VALUATION_BEFORE[lang].search(before) or _VALUATION_AFTER[lang].search(after):
        return "valuation"
    if _CUMULATIVE_BEFORE[lang].search(before) or _CUMULATIVE_AFTER[lang].search(after):
        return "cumulative"
    return "deal"


@lru_cache(maxsize=1)
def _listed_companies() -> frozenset[str]:
    from extractors.nlp.knowledge_base import load_companies

    return frozenset(c.name for c in load_companies() if c.ticker)


def find_valuations(sentence: Sentence, company: str | None) -> list[dict]:
    """`valuation` facts: a valuation amount with the (private) company it belongs to.

    A listed company's value is its market capitalisation, which is not a valuation fact.
    """
    facts: list[dict] = []
    for amount in deal_amounts(sentence):
        if amount_role(sentence, amount) != "valuation":
            continue
        owner = company
        if owner is None:
            subject = subject_before(sentence, amount.start)
            owner = subject.name if subject else (sentence.orgs[0].name if len(sentence.orgs) == 1 else None)
        if owner in _listed_companies():
            continue
        roles = [m for m in sentence.orgs if m.name == owner][:1]
        # owner None: the follow-up sentence of a round ("The deal values it at ..."), resolved in facts.py
        facts.append({"type": "valuation", "company": owner, "amount": amount.value, "currency": amount.currency,
                      "_anchor": amount.start, "_roles": roles})
    return facts


_ROUND_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:funding|financing|round|raise|raising|fundrais\w*)\b", re.IGNORECASE),
    "de": re.compile(r"(?:Finanzierung\w*|Kapitalerhöhung|\w*[Rr]unde|einsammeln|Kapital)"),
}


def find_funding(sentence: Sentence) -> list[dict]:
    """At most one `funding_round` per sentence (plus the valuation stated with it).

    Without a deal amount, a hedged round with a stated valuation ("in talks to raise at a $60bn
    valuation") is still a round, with `amount: null`.
    """
    lang = lang_of(sentence)
    cue = sentence.search(FUNDING_CUES[lang])
    amounts = deal_amounts(sentence)
    if cue is None:
        return find_valuations(sentence, None) if amounts else []
    cue_pos = sentence.abs(cue.start())
    deals = [a for a in amounts if amount_role(sentence, a) == "deal"]
    # the valuation the round is at, not an earlier one named in a relative clause ("X, which was valued at
    # $6 billion last year, is now seeking funding at a $14 billion valuation")
    valuations = [a for a in amounts if amount_role(sentence, a) == "valuation"]
    valuation = next((a for a in valuations if a.start > cue_pos), valuations[0] if valuations else None)
    if not deals and (valuation is None or not _ROUND_WORDS[lang].search(sentence.text) or not is_hedged(sentence.text, lang)):
        return find_valuations(sentence, None)
    investee = _investee(sentence, cue_pos)
    if investee is None:
        return find_valuations(sentence, None)
    # The round's amount follows its investee when it can: "Naver will invest $1 billion in data centres,
    # while Upstage raised $100 million", "Nach 20 Millionen im Vorjahr sammelt X nun 50 Millionen ein".
    amount = next((a for a in deals if a.start > investee.start), deals[0] if deals else None)
    investors, lead = participants(sentence, exclude={investee.name}, start=min(cue_pos, investee.end))
    before_subject = _investors_as_subject(sentence, cue_pos, investee)
    if before_subject:
        investors = unique_names([*before_subject, *[m for m in sentence.orgs if m.name in investors]])
        if lead is None and len(before_subject) == 1 and re.search(r"\b(?:led|leads|anführte|führte)\b", sentence.text):
            lead = before_subject[0].name
    fact = {
        "type": "funding_round",
        "investee": investee.name,
        "investors": investors,
        "amount": amount.value if amount else None,
        "currency": (amount or valuation).currency,
        "valuation": valuation.value if valuation else None,
        "round": round_type(sentence.text),
        "_anchor": (amount or valuation).start,
        "_roles": [investee],
    }
    if lead:
        fact["lead"] = lead
    facts = [fact]
    if valuation is not None:
        facts.append({"type": "valuation", "company": investee.name, "amount": valuation.value,
                      "currency": valuation.currency, "_anchor": valuation.start, "_roles": [investee]})
    return facts


_WITH_ROLE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"^\s*(?:(?P<lead>leading|set to lead|expected to lead|to lead|as (?:the )?lead(?: investor)?|led|leads)"
        r"|(?P<co>co-leading|co-led|as co-leads)|(?P<join>joining|participating|participated|joined|also (?:participated|participating|joining|joined|invested|investing)|invested))\b",
        re.IGNORECASE,
    ),
    "de": re.compile(r"^\s*(?:(?P<lead>als Lead-Investor|führte|führt|angeführt)|(?P<co>gemeinsam angeführt)|(?P<join>beteiligt|ist (?:wieder |auch )?dabei|sind (?:wieder |auch )?dabei|beteiligte sich|beteiligten sich))\b"),
}
_ROUND_SUBJECT = re.compile(
    r"\b(?:(?P<lead>led|leads|co-led|co-leads|anführte|führte)|(?P<join>participated|joined|invested|backed|(?:also )?took part"
    r"|beteiligte sich|beteiligten sich|nahmen (?:ebenfalls |auch )?teil|nahm (?:ebenfalls |auch )?teil"
    r"|ist (?:wieder |auch )?dabei|sind (?:wieder |auch )?dabei))\b"
)


_LED_PARTICIPLE = re.compile(r"\s+(?:angeführt|geführt|co-geführt|mitangeführt)(?:en|e|er|es)?\b")


def participants(sentence: Sentence, exclude: set[str], start: int | None = None) -> tuple[list[str], str | None]:
    """Investors named in the sentence (after an investor cue, or as "with X leading"), and the single lead."""
    lang = lang_of(sentence)
    investors: list = []
    lead: str | None = None
    lo = start if start is not None else sentence.start
    for cue in INVESTOR_CUES[lang].finditer(sentence.text):
        listed = org_list_after(sentence, sentence.abs(cue.end()), exclude=exclude)
        if not listed:
            continue
        if cue.start() > 0 and sentence.abs(cue.start()) < lo and not _LED_PARTICIPLE.match(
                sentence.after(listed[-1].end, 30)):
            # before the deal only when fronted ("Mit Unterstützung der Deutschen Bank hat X ...") or in a
            # participle phrase ("In einer von Accel angeführten Finanzierungsrunde hat X ...")
            continue
        investors.extend(listed)
        if lead is None and len(listed) == 1 and _LED_PARTICIPLE.match(sentence.after(listed[-1].end, 30)):
            lead = listed[0].name  # "in einer von Prima Materia angeführten Runde"
        if lead is None and len(listed) == 1 and re.match(
            r"(?:led by|angeführt|unter (?:der )?Führung|Lead-Investor|spearheaded|headed by|federführend|größter Geldgeber|largest investor|biggest backer)", cue.group(0), re.IGNORECASE
        ):
            lead = listed[0].name
    # "with Thrive Capital leading and Microsoft, Nvidia joining", "X and Y co-led the round"
    for m in sentence.orgs:
        if m.name in exclude:
            continue
        after = sentence.after(m.end, 40)
        role = _WITH_ROLE[lang].search(after)
        if role is None:
            continue
        group = _list_ending_at(sentence, m, exclude)
        investors.extend(group)
        if role.group("lead") and len(group) == 1 and lead is None:
            lead = m.name
    names = unique_names(investors)
    return names, lead if lead in names else (lead if lead and not names else None)


_MEMBER_GLUE = re.compile(r"\s*(?:,|and|und|&|sowie|,\s*and|,\s*und)\s*(?:(?:" + DESCRIPTOR_WORD + r")\s+){0,3}")


def _list_ending_at(sentence: Sentence, last, exclude: set[str]) -> list:
    """The list of organisations that ends with `last` ("Radical Ventures and Inovia Capital")."""
    group = [last]
    orgs = [m for m in sentence.orgs if m.end <= last.start and m.name not in exclude]
    for m in reversed(orgs):
        gap = sentence.between(m.end, group[0].start)
        if _MEMBER_GLUE.fullmatch(gap):
            group.insert(0, m)
        else:
            break
    return group


def round_participants(sentence: Sentence, investee: str) -> tuple[list[str], str | None]:
    """Investors named in a follow-up sentence about the round ("Angeführt wurde die Runde von X",
    "Fidelity and Lightspeed co-led the round", "auch Project A beteiligte sich")."""
    lang = lang_of(sentence)
    investors, lead = participants(sentence, exclude={investee})
    for m in _ROUND_SUBJECT.finditer(sentence.text):
        pos = sentence.abs(m.start())
        before = [o for o in sentence.orgs if o.end <= pos and o.name != investee]
        if not before:
            continue
        group = _list_ending_at(sentence, before[-1], {investee})
        if pos - group[-1].end > 40:
            continue
        investors = unique_names([*[o for o in sentence.orgs if o.name in investors], *group])
        if m.group("lead") and len(group) == 1 and not m.group(0).startswith("co-") and lead is None:
            lead = group[0].name
    if lang == "de":
        lead_is = re.search(r"Lead-Investor (?:ist|war|sind) ", sentence.text)
        if lead_is:
            listed = org_list_after(sentence, sentence.abs(lead_is.end()), exclude={investee})
            if listed:
                investors = unique_names([*[o for o in sentence.orgs if o.name in investors], *listed])
                lead = listed[0].name if len(listed) == 1 else lead
    return investors, lead


_ROUND_REFERENCE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:the round|the deal|the financing|the funding|the investment|the raise|round|(?:also )?took part"
                     r"|also participated|also invested|existing (?:backers|investors)|(?:other )?(?:investors|backers|participants) (?:included|include)|the (?:credit|debt|loan) (?:facility|line)|the loan"
                     r"|^It was (?:co-)?led by)\b",
                     re.IGNORECASE),
    "de": re.compile(r"(?:Runde|Finanzierung|Investition|[Bb]eteiligt|dabei|Lead-Investor|Geldgeber|Investoren|Kredit|Darlehen"
                     r"|^Angeführt (?:wurde|wird) sie\b)"),
}


def refers_to_round(sentence: Sentence) -> bool:
    return _ROUND_REFERENCE[lang_of(sentence)].search(sentence.text) is not None


_OWN_ROUND = re.compile(r"^['’]s?\s+(?:(?:latest|new|recent|first|second|\S*\d\S*|[\w.]+ (?:million|billion)|[\w-]+)\s+){0,4}?"
                        r"(?:funding |financing |fundraising |equity |venture |Series [A-K] |seed )?(?:round|raise)\b")


def _investee(sentence: Sentence, cue_pos: int):
    """"Sequoia led a $50m round in X" -> X; else the subject before the cue; else the first org after it."""
    lang = lang_of(sentence)
    for m in sentence.orgs:
        if _IN_TARGET[lang].search(sentence.before(m.start, 60)) and _led_round_before(sentence, m):
            return m
    for m in sentence.orgs:
        if _OWN_ROUND.match(sentence.after(m.end, 60)):
            return m  # "the investors in xAI's $20 billion funding round": the possessive owns the round
    subject = subject_before(sentence, cue_pos + 1)
    if subject is not None:
        return subject
    # a stand-in subject that holds the cue itself ("The seed round brought in ..." standing for the company)
    holder = next((m for m in sentence.orgs if m.start <= cue_pos < m.end), None)
    if holder is not None:
        return holder
    inv_cue = sentence.search(INVESTOR_CUES[lang], lo=cue_pos)
    for m in sentence.orgs:
        if m.start < cue_pos:
            continue
        if inv_cue is not None and m.start >= sentence.abs(inv_cue.start()):
            break
        return m
    return None


_LED_ROUND = re.compile(r"\b(?:led|co-led|leads|anführte|führte|participated|beteiligte sich|invested|joined|joins"
                        r"|(?:is|are|was|were) among the (?:investors|backers) in|gehört zu den (?:Investoren|Geldgebern))\b")


def _led_round_before(sentence: Sentence, mention) -> bool:
    """"Sequoia led a $50m round in X": an investor is the subject, X follows "in"."""
    led = _LED_ROUND.search(sentence.between(sentence.start, mention.start))
    return led is not None and any(o.end <= sentence.abs(led.start()) for o in sentence.orgs)


def _investors_as_subject(sentence: Sentence, cue_pos: int, investee) -> list:
    if not _led_round_before(sentence, investee):
        return []
    m = _LED_ROUND.search(sentence.text)
    return [o for o in sentence.orgs if o.end <= sentence.abs(m.start()) and o.name != investee.name]
