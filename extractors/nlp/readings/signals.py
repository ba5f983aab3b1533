"""Landscape signals (docs/signals.md): revenue, customer counts, prices, listings and compute or commercial
agreements, in English and German.

Every reading of the `signal` group runs on a sentence (a sentence can state a revenue and a customer count);
each reads one kind of figure by the words around it, from the lexicons' `signals.*` lists:

- revenue: an amount with a revenue word just before or after it ("annualised revenue of $5 billion", "$2bn in
  ARR", "Der Umsatz stieg auf 18 Millionen Euro"); the metric from the words (run-rate, ARR, bookings), the
  status `forecast` when a forecast word is in its clause;
- customer_count: a number with a user or customer noun ("800 million weekly users", "mehr als eine Million
  Geschäftskunden"); the unit as written;
- price: an amount with a unit of time or use after it ("$20 a month", "25 Euro im Monat", "$3 per million
  tokens"), the product named before "costs"/"kostet"/"for";
- listing: a sentence about an IPO, a direct listing or a SPAC, with what it raised, its valuation and the
  exchange;
- agreement: a deal, contract or partnership word with a compute, cloud, chip, data-centre or licensing word
  and a stated amount or capacity ("a $300 billion computing deal", "6 Gigawatt").

The company is the organisation the figure belongs to: a possessive or compound ("Anthropic's revenue",
"OpenAI-Umsatz"), "of/von X", the subject before it, else the sentence's only organisation. Without one the
figure is no signal. The deal readings never take these figures (they are their traps), and `facts.finish`
drops a signal whose amount a deal fact of the sentence already uses.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp.annotations import Amount, Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.hedges import is_hedged
from extractors.nlp.numbers import DIGITS_PATTERN, number_words_pattern, parse_number, scale_pattern, scale_value
from extractors.nlp.periods import PERIOD_PATTERN
from extractors.nlp.readings import reading
from extractors.nlp.roles import subject_before
from extractors.nlp.sentences import Sentence


def _flags(sentence: Sentence) -> int:
    return 0 if sentence.lang == "de" else re.IGNORECASE


def _owner(sentence: Sentence, pos: int) -> Mention | None:
    """The organisation a figure at `pos` belongs to (see the module docstring)."""
    lex = sentence.lex
    for m in sentence.orgs:
        if m.end <= pos and pos - m.end <= 40 and lex.regex(r"^(?:['’]s?|-)\s*(?:[\w-]+\s+){0,3}$").match(sentence.between(m.end, pos)):
            return m  # "Anthropic's annualised revenue", "der OpenAI-Umsatz"
    of = next((m for m in sentence.orgs if m.end <= pos + 60 and m.start >= pos - 60 and lex.regex(
        r"\b(?:of|at|von|vom|bei)\s+(?:the\s+|dem\s+|der\s+)?(?:[\w-]+\s+){0,2}$").search(sentence.before(m.start, 30))
        and abs(m.start - pos) <= 60), None)
    subject = subject_before(sentence, pos)
    if subject is not None and pos - subject.end <= 120:
        return subject
    if of is not None:
        return of
    return sentence.orgs[0] if len({m.name for m in sentence.orgs}) == 1 else None


def _period_text(sentence: Sentence, start: int, end: int) -> str | None:
    """The period of the figure at [start, end): in its own clause, outside the figure itself ("2000
    Geschäftskunden" has no period 2000)."""
    text = sentence.text
    lo, hi = start - sentence.start, end - sentence.start
    clause_lo = max(text.rfind(", ", 0, lo), text.rfind("; ", 0, lo)) + 1
    stops = [i for i in (text.find(", ", hi), text.find("; ", hi)) if i >= 0]
    clause_hi = min(stops) if stops else len(text)
    found = [m for m in PERIOD_PATTERN.finditer(text, clause_lo, clause_hi) if m.end() <= lo or m.start() >= hi]
    return min(found, key=lambda m: min(abs(m.start() - hi), abs(m.end() - lo))).group(0).strip() if found else None


def _clause(sentence: Sentence, pos: int) -> str:
    """The stretch of the sentence around `pos` up to the nearest commas or semicolons."""
    text, rel = sentence.text, pos - sentence.start
    lo = max(text.rfind(", ", 0, rel), text.rfind("; ", 0, rel)) + 1  # "1,13 Billionen" holds no clause break
    hi = min([i for i in (text.find(", ", rel), text.find("; ", rel)) if i >= 0] or [len(text)])
    return text[lo:hi]


@reading("revenue", priority=700, group="signal", min_orgs=1, cues=("signals.revenue_words",))
def revenue_figure(sentence: Sentence) -> list[RawFact]:
    lex = sentence.lex
    flags = _flags(sentence)
    before = lex.regex(r"(?:<<signals.revenue_words>>)(?:\s+[\w%,.-]+){0,10}?\s+(?:of|at|to|von|auf|bei|um|in Höhe von|mit)?\s*"
                       r"(?:<<signals.approximators>>\s+)?$", flags)
    after = lex.regex(r"^\s*(?:\([^)]*\)\s*)?(?:in|of|an|im)?\s*(?:<<signals.revenue_words>>)", flags)
    facts = []
    for amount in sentence.amounts:
        window = sentence.before(amount.start, 110)
        if not (before.search(window) or after.match(sentence.after(amount.end, 45))):
            continue
        company = _owner(sentence, amount.start)
        if company is None:
            continue
        words = window + " " + sentence.after(amount.end, 40)
        metric = ("arr" if lex.regex(r"<<signals.arr_words>>", flags).search(words) else
                  "run_rate" if lex.regex(r"<<signals.run_rate_words>>", flags).search(words) else
                  "bookings" if lex.regex(r"<<signals.bookings_words>>", flags).search(words) else "revenue")
        forecast = lex.regex(r"<<signals.forecast_words>>", flags).search(_clause(sentence, amount.start)) is not None
        facts.append(RawFact("revenue", {"company": company.name, "amount": amount.value, "currency": amount.currency,
                                         "metric": metric, "period": _period_text(sentence, amount.start, amount.end),
                                         "status": "forecast" if forecast else "reported"},
                             amount.start, [company]))
        facts += _earlier_revenue(sentence, amount, facts[-1])
    return facts


def _earlier_revenue(sentence: Sentence, amount: Amount, fact: RawFact) -> list[RawFact]:
    """"revenue of $5 billion, up from $1 billion in January": the compared figure is the company's earlier
    revenue, with its own period."""
    compared = sentence.lex.regex(r"\b<<amounts.comparison_before>>\s*$", _flags(sentence))
    other = next((a for a in sentence.amounts if 0 < a.start - amount.end <= 60 and compared.search(sentence.before(a.start, 30))), None)
    if other is None:
        return []
    return [RawFact("revenue", {**fact.values, "amount": other.value, "currency": other.currency,
                                "period": _period_text(sentence, other.start, other.end), "status": "reported"},
                    other.start, fact.roles)]


@lru_cache(maxsize=4)
def _count_pattern(lang: str) -> re.Pattern[str]:
    from extractors.nlp.lexicon import lexicon

    lex = lexicon(lang)
    return lex.regex(
        rf"(?<![\w.,$€£])(?P<num>{DIGITS_PATTERN}|{number_words_pattern(lang, with_articles=True)})"
        rf"(?:\s*(?P<scale>{scale_pattern(glued=True)}))?\s+(?P<unit>(?:<<signals.count_adjectives>>\s+){{0,2}}"
        r"<<signals.count_nouns>>)\b", 0 if lang == "de" else re.IGNORECASE)


@reading("customer_count", priority=710, group="signal", min_orgs=1, cues=("signals.count_nouns",))
def customer_count(sentence: Sentence) -> list[RawFact]:
    facts = []
    for m in _count_pattern(sentence.lang).finditer(sentence.text):
        number = parse_number(m.group("num"), sentence.lang)
        if number is None:
            continue
        if m.group("scale"):
            scale = scale_value(m.group("scale"), sentence.lang)
            if scale is None:
                continue
            number *= scale
        if number < 100:  # "two customers", "10 Nutzer": no landscape signal
            continue
        pos = sentence.abs(m.start())
        company = _owner(sentence, pos)
        if company is None:
            continue
        facts.append(RawFact("customer_count", {"company": company.name, "count": round(number), "unit": m.group("unit"),
                                                "period": _period_text(sentence, pos, sentence.abs(m.end()))},
                             pos, [company]))
    return facts


@reading("price", priority=720, group="signal", min_orgs=0, cues=("signals.price_units",))
def product_price(sentence: Sentence) -> list[RawFact]:
    lex = sentence.lex
    flags = _flags(sentence)
    unit = lex.regex(r"^\s*(?P<per><<signals.price_units>>)", flags)
    facts = []
    for amount in sentence.amounts:
        per = unit.match(sentence.after(amount.end, 40))
        if per is None or amount.value >= 100_000:
            continue
        product = _product(sentence, amount)
        company = _owner(sentence, amount.start) if sentence.orgs else _product_owner(sentence, product)
        if company is None:
            continue
        facts.append(RawFact("price", {"company": company.name,
                                       "product": product.group("product") if product else None,  # as written
                                       "amount": amount.value, "currency": amount.currency,
                                       "per": _per(per.group("per"))}, amount.start, [company]))
    return facts


def _product(sentence: Sentence, amount: Amount) -> re.Match[str] | None:
    """The product a price is for: a plan noun ("Das Pro-Abo von X kostet", "its Max plan for"), else the name
    right before "costs"/"kostet"/"for" that is not the company's own ("ChatGPT Pro costs $200 a month")."""
    lex = sentence.lex
    before = sentence.before(amount.start, 90)
    plan = lex.regex(r"(?:\b(?:[Dd]as|[Dd]er|[Dd]ie|[Tt]he|[Ii]ts|[Ss]ein|[Ii]hr)|['’]s)\s+(?:(?:new|neue[ns]?|cheapest|top)\s+)?"
                     r"(?P<product>(?:[A-Z][\w+-]*\s+)?[\w+-]*<<signals.plan_nouns>>\w*)\b", 0)
    found = list(plan.finditer(before))
    if found:
        return found[-1]
    named = lex.regex(r"(?P<product>(?:[A-Z][\w.+-]*\s+){0,3}[A-Z][\w.+-]*)\s+(?:<<signals.costs_words>>)\s+"
                      r"(?:[a-zäöü]+\s+)?(?:<<signals.approximators>>\s+)?$", 0)
    m = named.search(before)
    if m is None or any(o.name == m.group("product") for o in sentence.orgs):
        return None
    return m


def _product_owner(sentence: Sentence, product: re.Match[str] | None) -> Mention | None:
    """The company behind a product named after one of its model families ("ChatGPT Pro" -> OpenAI)."""
    if product is None:
        return None
    from extractors.nlp.readings.model_release import model_pattern

    pattern, owners = model_pattern(sentence.kb)
    family = pattern.match(product.group("product"))
    owner = owners.get(family.group("family")) if family else None
    if owner is None:
        return None
    at = sentence.abs(product.start())
    return Mention(at, at + len(product.group("product")), owner, 0.8, False)


def _per(words: str) -> str:
    text = words.lower()
    if "token" in text:
        return "million_tokens"
    if re.search(r"user|nutzer|seat|platz", text) and re.search(r"month|monat", text):
        return "user_month"
    if re.search(r"month|monat|/mo", text):
        return "month"
    if re.search(r"year|jahr|annual", text):
        return "year"
    if re.search(r"einmal|one-time|once", text):
        return "one_time"
    return words.strip()


@reading("listing", priority=730, group="signal", min_orgs=1, cues=("signals.listing_words",))
def listing(sentence: Sentence) -> list[RawFact]:
    lex = sentence.lex
    flags = _flags(sentence)
    cue = lex.regex(r"<<signals.listing_words>>", flags).search(sentence.text)
    if cue is None or lex.regex(r"<<signals.listing_not>>", flags).search(sentence.text):
        return []
    company = _listed_company(sentence, cue)
    if company is None:
        return []
    kind = ("spac" if lex.regex(r"<<signals.spac_words>>", flags).search(sentence.text) else
            "direct_listing" if lex.regex(r"<<signals.direct_listing_words>>", flags).search(sentence.text) else "ipo")
    valued = lex.regex(r"(?:<<signals.listing_valuation_before>>)\s*(?:<<signals.approximators>>\s+)?$", flags)
    valuation = next((a for a in sentence.amounts if valued.search(sentence.before(a.start, 50))), None)
    raised = next((a for a in sentence.amounts if a is not valuation and a.value >= 1_000_000), None)
    exchange = lex.regex(r"\b(?P<x><<signals.exchanges>>)\b", 0).search(sentence.text)
    done = lex.regex(r"<<signals.listing_done>>", flags).search(sentence.text) is not None
    planned = lex.regex(r"<<signals.listing_planned>>", flags).search(sentence.text) is not None
    anchor = (raised or valuation).start if (raised or valuation) else sentence.abs(cue.start())
    return [RawFact("listing", {"company": company.name, "kind": kind,
                                "valuation": valuation.value if valuation else None,
                                "amount": raised.value if raised else None,
                                "currency": (raised or valuation).currency if (raised or valuation) else None,
                                "exchange": exchange.group("x") if exchange else None,
                                "status": "completed" if done or not planned else "talks"}, anchor, [company])]


def _listed_company(sentence: Sentence, cue: re.Match[str]) -> Mention | None:
    """The company a listing word is about: right before it ("A MiniMax listing", "Arm's IPO"), after "of/by/von"
    right after it ("the initial public offering of Fractal Analytics", "listing by Midea Group"), else the
    subject before it ("Cerebras ... muss seinen geplanten Börsengang aufschieben"), else the only company."""
    lo, hi = sentence.abs(cue.start()), sentence.abs(cue.end())
    for m in sentence.orgs:
        if m.end <= lo and re.fullmatch(r"(?:['’]s?\s+(?:[\w-]+\s+){0,4}|\s*(?:(?:planned|potential|upcoming|geplante[nr]?|Hong Kong|U\.S\.)\s+)?)",
                                        sentence.between(m.end, lo)):
            return m
        if m.start >= hi and re.fullmatch(r"\s*(?:\([^)]*\)\s*)?(?:of|by|von|vom|der|des)\s+(?:the\s+|dem\s+)?(?:[\w-]+\s+){0,3}",
                                          sentence.between(hi, m.start)):
            return m
    subject = subject_before(sentence, lo + 1)
    if subject is not None:
        return subject
    return sentence.orgs[0] if len({m.name for m in sentence.orgs}) == 1 else None


_CAPACITY = re.compile(r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<scale>million|Millionen|thousand|Tausend)?\s*"
                       r"(?P<unit>GW|MW|[Gg]igawatts?|[Mm]egawatts?|Gigawatt|Megawatt|GPUs|Grafikprozessoren|chips|Chips)\b")


@reading("agreement", priority=740, group="signal", min_orgs=2, cues=("signals.agreement_words",))
def agreement(sentence: Sentence) -> list[RawFact]:
    lex = sentence.lex
    flags = _flags(sentence)
    cue = lex.regex(r"<<signals.agreement_words>>", flags).search(sentence.text)
    if cue is None:
        return []
    plain = _without_names(sentence)  # "AME Cloud Ventures" says nothing about a cloud deal
    kind = next((k for k in ("data_centre", "chips", "cloud", "licensing")
                 if lex.regex(rf"<<signals.kind_{k}>>", flags).search(plain)), None)
    if kind is None:
        return []
    capacity = _CAPACITY.search(sentence.text)
    cue_pos = sentence.abs(cue.start())
    valued = lex.regex(r"(?:<<signals.listing_valuation_before>>|valuation|market value|Börsenwert|Bewertung)\s*(?:topped|of|von|über)?\s*"
                       r"(?:<<signals.approximators>>\s+)?$", flags)
    amount = next((a for a in sentence.amounts if a.value >= 10_000_000 and abs(a.start - cue_pos) <= 80
                   and not valued.search(sentence.before(a.start, 40))), None)
    if amount is None and capacity is None:
        return []  # only with a stated amount or capacity (docs/signals.md)
    buyer, seller = _agreement_parties(sentence, sentence.abs(cue.start()))
    if buyer is None or seller is None:
        return []
    duration = lex.regex(r"<<signals.duration>>", flags).search(sentence.text)
    cap = None
    if capacity:
        value = float(capacity.group("value").replace(",", "."))
        value *= {"million": 1e6, "millionen": 1e6, "thousand": 1e3, "tausend": 1e3}.get((capacity.group("scale") or "").lower(), 1)
        cap = {"value": int(value) if value.is_integer() else value, "unit": capacity.group("unit")}
    hedged = is_hedged(sentence.text, sentence.lang)
    anchor = amount.start if amount else sentence.abs(capacity.start())
    return [RawFact("agreement", {"buyer": buyer.name, "seller": seller.name, "kind": kind,
                                  "amount": amount.value if amount else None,
                                  "currency": amount.currency if amount else None, "capacity": cap,
                                  "duration": duration.group(0) if duration else None,
                                  "status": "talks" if hedged else "agreed"}, anchor, [buyer, seller])]


def _without_names(sentence: Sentence) -> str:
    """The sentence text with its organisation names blanked (their words are names, not content)."""
    text = sentence.text
    for m in reversed(sentence.orgs):
        lo, hi = m.start - sentence.start, m.end - sentence.start
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return text


_PROVIDERS = frozenset({"cloud", "chipmaker", "bigtech"})


def _agreement_parties(sentence: Sentence, cue_pos: int) -> tuple[Mention | None, Mention | None]:
    """(buyer, seller): the subject and the party after "with/mit" (or the other organisation); a cloud, chip
    or big-tech company provides when the other is a lab or start-up ("OpenAI signed a deal with Oracle")."""
    subject = subject_before(sentence, cue_pos + 1) or sentence.orgs[0]
    with_party = next((m for m in sentence.orgs if m.name != subject.name and re.search(
        r"\b(?:with|mit|from|von|to|an)\s+(?:the\s+|dem\s+|der\s+)?(?:[\w-]+\s+){0,3}$", sentence.before(m.start, 40))), None)
    other = with_party or next((m for m in sentence.orgs if m.name != subject.name), None)
    if other is None:
        return None, None
    kinds = sentence.kb.kinds
    if kinds.get(subject.name) in _PROVIDERS and kinds.get(other.name) not in _PROVIDERS:
        return other, subject
    return subject, other


__all__ = ["Amount"]
