"""Amounts that are not deals: revenue, prices, market value, spending plans, fines, salaries, forecasts.

The decision is local to each amount: a cue word in the stretch of text just before it (up to the
previous amount) or right after it ("$5bn in annualised revenue", "20 Euro im Monat") marks it as a
trap amount, which no deal fact may use. A few cues mark the whole sentence as a forecast or
hypothetical ("could cost", "expects to spend", "will invest ... by 2030"): no deal fact comes from it.
Design decision: a future commitment to invest (over years, by a target year) is not a completed
investment and produces no fact; a deal under negotiation is reported with `status: "talks"` instead.
"""
from __future__ import annotations

import re

from extractors.nlp.components.fact_context import Amount, Sentence

# Cue words in the text before an amount (window clipped at the previous amount).
_BEFORE: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:revenue|revenues|sales|ARR|annuali[sz]ed|run[- ]rate|turnover|recurring|income|profit|profits|loss|losses"
        r"|earnings|EBITDA|burn|market (?:value|cap|capitali[sz]ation)|market-cap|capex|capital expenditures?|spend|spending"
        r"|spent|costs|costing|charges?|fee|fees|fine|fined|penalty|penalties|settlement|damages"
        r"|salary|salaries|compensation|pay package|bonus|budget|worth of (?:chips|GPUs|compute)|data cent(?:er|re)s?"
        r"|infrastructure|build-?out|contract|subsidies|subsidy|grant|taxes|debt load|forecast|projected|projects|guidance"
        r"|expects?|expected|goal|rent|lease|buybacks?|repurchases?|buy(?:ing)? back|bought back|dividends?"
        r"|price target|target price|price objective)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:Umsatz|Umsätze|Umsatzes|Erlös|Erlöse|Jahresumsatz|Gewinn|Verlust|Verluste|Börsenwert|Marktkapitalisierung"
        r"|Marktwert|Börsenbewertung|Ausgaben|ausgeben|investieren will|Investitionen|Rechenzentr\w*|Infrastruktur"
        r"|Kosten|Gebühr|Strafe|Bußgeld|Geldbuße|Vergleich|Schadenersatz|Gehalt|Gehälter"
        r"|Vergütung|Bonus|Budget|Fördermittel|Förderung|Subvention\w*|Steuer\w*|Prognose|erwartet|rechnet mit|Ziel"
        r"|Auftrag|Vertrag|Miete|Aktienrückkauf\w*|Rückkauf\w*|Dividende\w*|Kursziel\w*)",
    ),
}
# Where a new clause starts: "Naver will invest $1bn in data centres, while Upstage raised $100m".
_CLAUSE_START: dict[str, re.Pattern[str]] = {
    "en": re.compile(r",\s+(?:while|whereas|but|and)\s|;\s"),
    "de": re.compile(r",\s+(?:während|wobei|aber|und)\s|;\s"),
}
# Cue words right after an amount.
_AFTER: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"^\W{0,3}(?:(?:in|of) (?:annual(?:i[sz]ed)? |recurring |quarterly |yearly )?(?:revenue|sales|profit|losses?|market (?:value|cap))"
        r"|(?:a|per|each|every) (?:month|year|user|seat|hour|token|query|license|GPU|chip)|/(?:month|mo|year|yr|user)"
        r"|monthly|annually|a head|apiece|in (?:annual )?(?:revenue|sales|spending|capex)|market (?:value|cap)|revenue|ARR"
        r"|worth of|in (?:chips|GPUs|compute|cloud|infrastructure)|on (?:data|infrastructure|chips|compute|AI infrastructure)"
        r"|in (?:new |AI |its |\w+ )?data cent(?:er|re)s"
        r"|(?:share |stock )?(?:buyback|repurchase)|dividend|(?:mark|milestone|threshold|level|barrier)\b)",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^\W{0,3}(?:(?:pro|im|je|monatlich|jährlich|jedes) ?(?:Monat|Jahr|Nutzer|Kunde|Stunde|Lizenz)?|Umsatz|Jahresumsatz"
        r"|Börsenwert|Marktkapitalisierung|Gewinn|Verlust|(?:an|in|für) (?:Umsatz|Rechenzentr|Infrastruktur|Chips|Ausgaben)"
        r"|monatlich|jährlich|Aktienrückkauf|Rückkauf|Dividende|-?(?:Marke|Schwelle|Grenze)\b)",
    ),
}
# Whole-sentence forecasts and hypotheticals.
_FORECAST: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:could cost|would cost|will cost|(?:could|would|might|may) be worth|expects? to (?:spend|invest|raise capital expenditure)|plans? to spend"
        r"|per year through|forecasts?"
        r"|projections?|projected|estimates? (?:that|it)|hypothetical|if (?:it|they|the company) (?:were|raised)"
        r"|annual(?:ly)? capex|capital expenditures?"
        # a valuation in a listing that has not happened: "could be valued at more than $300bn in an IPO"
        r"|(?:could|would|might|may)\b[^.;]{0,80}\b(?:in|at|through|via) (?:an|its|a) (?:potential |possible |eventual |future )?"
        r"(?:IPO|initial public offering|listing|stock market debut))\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:könnte .{0,40} kosten|würde .{0,40} kosten|könnten .{0,60} steigen|(?:könnte|könnten|dürfte|dürften|würde|würden) .{0,60} wert sein"
        r"|\bPrognose|\bprognostiz\w*|\bausgeben|Investitionsplan|Investitionsprogramm|\bjährlich\b|pro Jahr"
        r"|\b(?:[Bb]ei|[Ii]m Falle) (?:einem|eines) (?:möglichen |etwaigen |künftigen |späteren )?Börsengang"
        r"|\b(?:könnte|könnten|würde|würden)\b[^.;]{0,80}\bBörsengang)",
    ),
}


def is_trap_amount(sentence: Sentence, amount: Amount, previous_end: int | None) -> bool:
    """True when the words around `amount` say it is revenue, a price, market value or another non-deal number."""
    lang = sentence.lang if sentence.lang in _BEFORE else "en"
    lo = max(sentence.start, amount.start - 45, previous_end or 0)
    before = sentence.text[lo - sentence.start:amount.start - sentence.start]
    clause = None
    for clause in _CLAUSE_START[lang].finditer(before):
        pass
    if clause is not None:  # a cue of the clause before belongs to that clause's amount
        before = before[clause.end():]
    if _BEFORE[lang].search(before):
        return True
    after = sentence.text[amount.end - sentence.start:amount.end - sentence.start + 40]
    return _AFTER[lang].search(after) is not None


# A leading clause about an earlier deal: "Nachdem das Start-up zuvor 5 Millionen Euro eingesammelt hatte,
# investiert nun Lakestar 20 Millionen Euro", "After raising $5m last year, X raised $20m". Its amount is
# history; the main clause's amount is the news. (Contrastive "While X raised ..., Y ..." holds two deals
# and is left alone.)
_EARLIER_CLAUSE = re.compile(r"^(?:After|Following|Having|Nachdem|Nach)\b[^,;]*,\s")


def deal_amounts(sentence: Sentence) -> list[Amount]:
    """The amounts of a sentence that may belong to a deal (traps removed), in text order (memoised)."""
    cached = sentence.cache.get("deal_amounts")
    if cached is not None:
        return cached
    kept: list[Amount] = []
    prev: int | None = None
    for amount in sentence.amounts:
        if not is_trap_amount(sentence, amount, prev):
            kept.append(amount)
        prev = amount.end
    earlier = _EARLIER_CLAUSE.match(sentence.text)
    if earlier is not None:
        main = [a for a in kept if a.start >= sentence.abs(earlier.end())]
        if main:
            kept = main
    sentence.cache["deal_amounts"] = kept
    return kept


def is_forecast(sentence: Sentence) -> bool:
    """A forecast or hypothetical sentence ("could cost", "expects to spend"): memoised per sentence."""
    if not sentence.amounts:
        return False
    cached = sentence.cache.get("forecast")
    if cached is None:
        lang = sentence.lang if sentence.lang in _FORECAST else "en"
        cached = sentence.cache["forecast"] = _FORECAST[lang].search(sentence.text) is not None
    return cached
