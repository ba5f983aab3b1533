"""What an amount is in its sentence: a deal, a valuation, a running total, or a number that is no deal at all.

Every reading asks the same two questions of a sentence's amounts, so they are answered here once (and
memoised per sentence):

- `deal_amounts`: the amounts that may belong to a deal. A cue word in the stretch just before an amount (up
  to the previous amount) or right after it ("$5bn in annualised revenue", "20 Euro im Monat") marks a trap
  amount (revenue, a price, market value, spending, a fine, a salary ...), which no deal fact may use. A
  leading clause about an earlier deal ("After raising $5m last year, X raised $20m") leaves only the main
  clause's amounts.
- `amount_role`: "valuation" ("valued at", "Bewertung von"), "cumulative" ("bringing its total to",
  "insgesamt"), "market" (a trillion dollars or euros that is no valuation) or "deal".
- `is_forecast`: a forecast or hypothetical sentence ("could cost", "expects to spend", "will invest ... by
  2030") yields no money fact. Design decision: a future commitment to invest over years is not a completed
  investment; a deal under negotiation is reported with `status: "talks"` instead.
"""
from __future__ import annotations

import re

from extractors.nlp.annotations import Amount
from extractors.nlp.lexicon import Lexicon, lexicon
from extractors.nlp.sentences import Sentence


# No round, investment or takeover in this domain is smaller than this many currency units; a smaller figure
# is a share price, a fee or a salary ("₹119.75 a share", "$20 a month"), whatever the words around it say.
MIN_DEAL_AMOUNT = 10_000


# No round, investment or takeover reaches a trillion in these currencies; such a figure is a market value or
# an economy's ("a peak of $3.915 trillion"). (A trillion won or yen is an ordinary deal: ~$700M, ~$7B.)
TRILLION_CURRENCIES = frozenset({"USD", "EUR", "GBP", "CHF"})


def _beyond_any_deal(amount: Amount) -> bool:
    return amount.currency in TRILLION_CURRENCIES and amount.value >= 1e12


def _flags(lex: Lexicon) -> int:
    return 0 if lex.lang == "de" else re.IGNORECASE


def is_trap_amount(sentence: Sentence, amount: Amount, previous_end: int | None) -> bool:
    """True when the words around `amount` say it is revenue, a price, market value or another non-deal number."""
    lex = lexicon(sentence.lang)
    lo = max(sentence.start, amount.start - 45, previous_end or 0)
    before = sentence.text[lo - sentence.start:amount.start - sentence.start]
    clause = None
    for clause in lex.regex(r",\s+<<traps.clause_openers>>\s|;\s").finditer(before):
        pass
    if clause is not None:  # a cue of the clause before belongs to that clause's amount
        before = before[clause.end():]
    after = sentence.text[amount.end - sentence.start:amount.end - sentence.start + 90]
    colon = before.rfind(": ")
    if colon >= 0 and lex.regex(r"^\s*<<investment.words>>\b", _flags(lex)).match(after):
        before = before[colon + 2:]  # "gewaltige Investitionen: 5 Milliarden steckt Microsoft in ...": a new clause
    cue_before = r"<<traps.before>>" if lex.lang == "de" else r"\b<<traps.before>>\b"
    if lex.regex(cue_before, _flags(lex)).search(before):
        return True
    return lex.regex(r"^\W{0,3}<<traps.after>>", _flags(lex)).search(after) is not None


def deal_amounts(sentence: Sentence) -> list[Amount]:
    """The amounts of a sentence that may belong to a deal (traps removed), in text order (memoised)."""
    cached = sentence.cache.get("deal_amounts")
    if cached is not None:
        return cached
    kept: list[Amount] = []
    prev: int | None = None
    if is_priced_listing(sentence):
        sentence.cache["deal_amounts"] = kept
        return kept
    for amount in sentence.amounts:
        if MIN_DEAL_AMOUNT <= amount.value and not is_trap_amount(sentence, amount, prev):
            kept.append(amount)
        prev = amount.end
    # contrastive "While X raised ..., Y ..." holds two deals and is left alone
    earlier = lexicon(sentence.lang).regex(r"^<<traps.earlier_clause>>\b[^,;]*,\s").match(sentence.text)
    if earlier is not None:
        main = [a for a in kept if a.start >= sentence.abs(earlier.end())]
        if main:
            kept = main
    sentence.cache["deal_amounts"] = kept
    return kept


def is_priced_listing(sentence: Sentence) -> bool:
    """A sentence about a priced or trading IPO ("pulled in HK$4.35 billion by pricing at HK$116.20", "traded
    3.3% above its offer price"): its money is the listing's (a listing signal), not a deal's; a pre-IPO round
    is still a round."""
    lex = lexicon(sentence.lang)
    return (lex.regex(r"<<traps.listing_priced>>", re.IGNORECASE).search(sentence.text) is not None
            and lex.regex(r"<<traps.listing_exceptions>>", re.IGNORECASE).search(sentence.text) is None)


def is_forecast(sentence: Sentence) -> bool:
    """A forecast or hypothetical sentence ("could cost", "expects to spend"): memoised per sentence."""
    if not sentence.amounts:
        return False
    cached = sentence.cache.get("forecast")
    if cached is None:
        lex = lexicon(sentence.lang)
        pattern = r"<<traps.forecast>>" if lex.lang == "de" else r"\b<<traps.forecast>>\b"
        cached = sentence.cache["forecast"] = lex.regex(pattern, _flags(lex)).search(sentence.text) is not None
    return cached


def amount_role(sentence: Sentence, amount: Amount) -> str:
    """"valuation", "cumulative" or "deal" from the words around the amount (memoised per sentence)."""
    key = ("role", amount.start)
    role = sentence.cache.get(key)
    if role is None:
        role = sentence.cache[key] = _amount_role(sentence, amount)
    return role


def _amount_role(sentence: Sentence, amount: Amount) -> str:
    lex = lexicon(sentence.lang)
    flags = _flags(lex)
    before = sentence.before(amount.start, 100)
    after = sentence.after(amount.end, 30)
    if (lex.regex(r"<<amounts.valuation_before>>\s*<<amounts.approximators>>?\s*$", flags).search(before)
            or lex.regex(r"^\s*<<amounts.valuation_after>>", flags).search(after)):
        return "valuation"
    if _beyond_any_deal(amount):
        return "market"  # a trillion dollars is a market value or an economy's, never a deal (a valuation can be)
    if lex.regex(r"<<amounts.round_total_before>>\s*<<amounts.cumulative_approximators>>?\s*$", flags).search(before):
        return "deal"  # "eine Finanzierungsrunde über insgesamt 500 Millionen Dollar": the round's own total
    if (lex.regex(r"<<amounts.cumulative_before>>\s*<<amounts.cumulative_approximators>>?\s*$", flags).search(before)
            or lex.regex(r"^\s*<<amounts.cumulative_after>>\b", flags).search(after)):
        return "cumulative"
    lo, hi = amount.start - sentence.start, amount.end - sentence.start
    clause = sentence.text[sentence.text.rfind(";", 0, lo) + 1:(sentence.text.find(";", hi) + 1 or len(sentence.text) + 1) - 1]
    if lex.regex(r"<<amounts.raised_before_deal>>", flags).search(sentence.text):
        return "cumulative"
    if (lex.regex(r"<<amounts.raised_so_far_before>>\s*$", flags).search(before)
            and not lex.regex(r"<<amounts.round_evidence>>", flags).search(clause)):
        return "cumulative"  # "Anthropic has raised more than $6 billion": a total, not a round
    return "deal"


def deals(sentence: Sentence) -> list[Amount]:
    """The sentence's deal amounts whose role is "deal" (not a valuation or a running total)."""
    return [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "deal"]


def valuations(sentence: Sentence) -> list[Amount]:
    return [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "valuation"]


def totals(sentence: Sentence) -> list[Amount]:
    return [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "cumulative"]
