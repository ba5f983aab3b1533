"""Stock moves: "Nvidia shares rose 5% on Tuesday", "Die Nvidia-Aktie verlor im vorbörslichen Handel 4 Prozent".

Needs a share word (shares, stock, Aktie, Papiere) or a listed company directly followed by a move verb,
a percentage after the move verb, and a direction from the verb. Percentages about revenue, market share
or stakes are ignored because the move must be about the share price.
"""
from __future__ import annotations

import re

from extractors.nlp.components.fact_context import Sentence
from extractors.nlp.components.fact_roles import lang_of

_UP_EN = r"rose|rise|rises|rising|jumped|jump|jumps|jumping|climbed|climbs|climbing|gained|gains|gaining|surged|surges|surging|soared|soars|soaring|rallied|rallies|advanced|advances|added|adds|spiked|spikes|rocketed|popped|pops|up|higher|leapt|leaped|leaps|edged up|ticked up|shot up|closed up"
_DOWN_EN = r"fell|fall|falls|falling|dropped|drop|drops|dropping|slid|slides|sliding|slumped|slumps|tumbled|tumbles|tumbling|plunged|plunges|plunging|sank|sinks|sinking|declined|declines|lost|loses|losing|down|lower|slipped|slips|dipped|dips|retreated|shed|sheds|sheds|cratered|tanked|eased|closed down|skidded"
_UP_DE = r"stieg|steigt|steigen|stiegen|gestiegen|legte|legt|legten|legen|zugelegt|gewann|gewinnt|gewannen|gewinnen|kletterte|klettert|kletterten|sprang|springt|sprangen|zog|zieht|zogen|verteuerte|verteuert|verteuerten|schoss|schießt|schossen|nach oben|in die Höhe|Plus|Kursplus|Kurssprung|Kursgewinn\w*|höher|haussierte|erholte"
_DOWN_DE = r"fiel|fällt|fielen|fallen|gefallen|sank|sinkt|sanken|gesunken|verlor|verliert|verloren|verlieren|brach|bricht|brachen|eingebrochen|rutschte|rutscht|rutschten|abgerutscht|gab|gibt|gaben|nachgegeben|stürzte|stürzt|stürzten|abgestürzt|büßte|büßt|büßten|eingebüßt|büsste|büsst|büssten|eingebüsst|knickte|knickten|eingeknickt|nach unten|Minus|Kurssturz|Kursrutsch|Kurseinbruch|Kursverlust\w*|tiefer|sackte|sackt|sackten|abgesackt|verbilligte|verbilligt|verbilligten"

_MOVE: dict[str, re.Pattern[str]] = {
    "en": re.compile(rf"\b(?:(?P<up>{_UP_EN})|(?P<down>{_DOWN_EN}))\b", re.IGNORECASE),
    "de": re.compile(rf"\b(?:(?P<up>{_UP_DE})|(?P<down>{_DOWN_DE}))\b"),
}
_SHARE_WORD: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:shares?|stock|stocks|share price|stock price|ADRs?|American depositary (?:receipts|shares)|depositary receipts)\b", re.IGNORECASE),
    "de": re.compile(r"(?:Aktie|Aktien|Papiere|Papier|Titel|Anteilsscheine|Aktienkurs|Kurs)\b"),
}
_NOT_PRICE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:revenue|sales|market share|stake|profit|earnings|users|customers|of its shares|of the shares|share of|workforce|jobs|staff|headcount)\b", re.IGNORECASE),
    "de": re.compile(r"(?:Umsatz|Erlös|Marktanteil|Anteil an|Prozent der Anteile|Prozent an|Gewinn|Nutzer|Kunden|Stellen|Belegschaft|Mitarbeiter)"),
}
# A modal or forecast word between the company and the move verb: the move has not happened.
_FORECAST_MOVE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:could|might|may|would|will|should|expected to|expects? to|forecast|predicts?|projected to"
                     r"|seen to|set to|poised to|likely to|target implies|upside)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:könnte|könnten|dürfte|dürften|soll|sollen|sollte|sollten|würde|würden|wird|werden"
                     r"|Kursziel|erwartet|Prognose)\b"),
}


def _period_text(text: str, lang: str) -> str:
    """"on Friday" -> "Friday", "in premarket trading" -> "premarket trading" (English only)."""
    return re.sub(r"^(?:on|in)\s+", "", text) if lang == "en" else text


_PERIOD: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:(?:last|on) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|in (?:premarket|pre-market|after-hours|extended|early|late|midday|afternoon|morning|overnight|Asian|European|U\.S\.|US|New York|Frankfurt) trading"
        r"|(?:this|last|the past|the previous) (?:week|month|year|session)|so far this (?:year|month|week)|year[- ]to[- ]date|since the start of the year"
        r"|since (?:January|the beginning of the year)|yesterday|today|on the day|after hours|premarket|at the close|in \d{4}|over the past \w+ (?:days|weeks|months))\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"(?:an einem (?:einzigen )?(?:Tag|Handelstag)|am (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)|im (?:vorbörslichen |nachbörslichen |frühen |späten |außerbörslichen |US-|New Yorker |Frankfurter )?Handel"
        r"|vorbörslich|nachbörslich|seit Jahresbeginn|seit Jahresanfang|seit Anfang des Jahres|in dieser Woche|diese Woche|auf Wochensicht|in der vergangenen Woche|vergangene Woche|letzte Woche"
        r"|zum Handelsschluss|zum Handelsstart|zur Eröffnung|gestern|heute|im Tagesverlauf|bis zum Mittag|am Vormittag|am Nachmittag|im Xetra-Handel|an der Wall Street|an der Nasdaq)",
    ),
}


_CLAUSE_SPLIT = re.compile(r";|,?\s\b(?:while|whereas|während|wohingegen)\b")
_AND_ORG = re.compile(r",?\s(?:and|und|sowie)\s(?:(?:the|die|der|das)\s)?|,\s(?:(?:the|die|der|das)\s)?")


def find_stock_moves(sentence: Sentence) -> list[dict]:
    """One move per clause: "Shares of AMD rose 4% while Nvidia slipped 1.2%" holds two."""
    if not sentence.percents or not sentence.orgs:
        return []
    # "... rose 2% and Microsoft's fell 1%", "..., und SAP verlor 1 Prozent", "..., AMD gewann 2 Prozent":
    # "and" or a comma before an organisation
    # that has a move verb of its own starts a second move, once the first move has its percentage
    joins = [m.start() for m in _AND_ORG.finditer(sentence.text)
             if any(p.end <= sentence.abs(m.start()) for p in sentence.percents)
             and any(0 <= o.start - sentence.abs(m.end()) <= 4 for o in sentence.orgs)
             and _MOVE[lang_of(sentence)].search(sentence.text, m.end())]
    cuts = sorted({0, *(m.start() for m in _CLAUSE_SPLIT.finditer(sentence.text)), *joins, len(sentence.text)})
    if len(cuts) == 2:
        return _clause_move(sentence)
    facts: list[dict] = []
    for lo, hi in zip(cuts, cuts[1:]):
        a, b = sentence.abs(lo), sentence.abs(hi)
        clause = Sentence(start=a, end=b, text=sentence.text[lo:hi], lang=sentence.lang,
                          orgs=[m for m in sentence.orgs if a <= m.start < b], amounts=[],
                          percents=[p for p in sentence.percents if a <= p.start < b])
        facts.extend(_clause_move(clause))
    return facts


def _clause_move(sentence: Sentence) -> list[dict]:
    lang = lang_of(sentence)
    if not sentence.percents or not sentence.orgs:
        return []
    move = sentence.search(_MOVE[lang])
    if move is None:
        return []
    share = sentence.search(_SHARE_WORD[lang])
    move_pos = sentence.abs(move.start())
    company = None
    if share is not None:
        share_pos = sentence.abs(share.start())
        # "Nvidia shares", "shares of Nvidia", "Nvidia-Aktie", "Aktie von Nvidia": nearest org to the share word
        company = min(sentence.orgs, key=lambda m: abs(m.start - share_pos) + (0 if m.start <= share_pos + 40 else 1000))
    else:
        # "Nvidia fell 4%": the org right before the move verb.
        before = [m for m in sentence.orgs if m.end <= move_pos and move_pos - m.end <= 25]
        if not before:
            return []
        company = before[-1]
    percents = [p for p in sentence.percents if p.start >= move_pos - 40]
    if not percents:
        return []
    percent = min(percents, key=lambda p: abs(p.start - move_pos))
    lo, hi = min(company.start, move_pos, percent.start), max(company.end, move.end(), percent.end)
    if _NOT_PRICE[lang].search(sentence.between(lo - 40, hi)):
        return []
    # "shares could rise another 20%": a forecast, not a move (a relative clause before the verb, "Nvidia,
    # which will report next week, rose 3%", does not count: only the stretch after its last comma)
    if _FORECAST_MOVE[lang].search(sentence.between(company.end, sentence.abs(move.end()) + 1).rsplit(",", 1)[-1]):
        return []
    direction = "up" if move.group("up") else "down"
    periods = list(_PERIOD[lang].finditer(sentence.text))
    period = min(periods, key=lambda p: abs(sentence.abs(p.start()) - percent.end)) if periods else None
    return [{
        "type": "stock_move",
        "company": company.name,
        "percent": abs(percent.value),
        "direction": direction,
        "period": _period_text(period.group(0), lang) if period else None,
        "_anchor": percent.start,
        "_roles": [company],
    }]
