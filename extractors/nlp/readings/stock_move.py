"""Stock moves: "Nvidia shares rose 5% on Tuesday", "Die Nvidia-Aktie verlor im vorbörslichen Handel 4 Prozent".

Needs a share word (shares, stock, Aktie, Papiere) or a listed company directly followed by a move verb,
a percentage after the move verb, and a direction from the verb. Percentages about revenue, market share
or stakes are ignored because the move must be about the share price; a modal or forecast word between the
company and the verb means the move has not happened.
"""
from __future__ import annotations

import re

from extractors.nlp.fact_types import RawFact
from extractors.nlp.readings import reading
from extractors.nlp.sentences import Sentence


def _flags(sentence: Sentence) -> int:
    return 0 if sentence.lex.lang == "de" else re.IGNORECASE


def _move(sentence: Sentence) -> re.Pattern[str]:
    return sentence.lex.regex(r"\b(?:(?P<up><<stock.up>>)|(?P<down><<stock.down>>))\b", _flags(sentence))


def _clauses(sentence: Sentence) -> list[Sentence]:
    """"Shares of AMD rose 4% while Nvidia slipped 1.2%", "... rose 2% and Microsoft's fell 1%", "..., AMD
    gewann 2 Prozent": a clause break, or "and"/a comma before an organisation with a move verb of its own once
    the first move has its percentage, starts a second move."""
    lex = sentence.lex
    move = _move(sentence)
    joins = [m.start() for m in lex.regex(r",?\s<<lists.and_words>>\s(?:(?:the|die|der|das)\s)?|,\s(?:(?:the|die|der|das)\s)?")
             .finditer(sentence.text)
             if any(p.end <= sentence.abs(m.start()) for p in sentence.percents)
             and any(0 <= o.start - sentence.abs(m.end()) <= 4 for o in sentence.orgs)
             and move.search(sentence.text, m.end())]
    breaks = (m.start() for m in lex.regex(r";|,?\s\b<<stock.contrast_words>>\b").finditer(sentence.text))
    cuts = sorted({0, *breaks, *joins, len(sentence.text)})
    if len(cuts) == 2:
        return [sentence]
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        a, b = sentence.abs(lo), sentence.abs(hi)
        out.append(Sentence(start=a, end=b, text=sentence.text[lo:hi], lang=sentence.lang, kb=sentence.kb,
                            orgs=[m for m in sentence.orgs if a <= m.start < b], amounts=[],
                            percents=[p for p in sentence.percents if a <= p.start < b]))
    return out


@reading("stock_move", priority=500, group="stock_move", min_orgs=1)
def shares_moved(sentence: Sentence) -> list[RawFact]:
    """One move per clause (see `_clauses`)."""
    if not sentence.percents:
        return []
    return [fact for clause in _clauses(sentence) for fact in _clause_move(clause)]


def _company(sentence: Sentence, move_pos: int):
    """"Nvidia shares", "shares of Nvidia", "Nvidia-Aktie", "Aktie von Nvidia": the org nearest the share
    word; without a share word, the org right before the move verb ("Nvidia fell 4%")."""
    share = sentence.search(sentence.lex.regex(
        r"<<stock.share_words>>\b" if sentence.lex.lang == "de" else r"\b<<stock.share_words>>\b", _flags(sentence)))
    if share is not None:
        share_pos = sentence.abs(share.start())
        return min(sentence.orgs, key=lambda m: abs(m.start - share_pos) + (0 if m.start <= share_pos + 40 else 1000))
    before = [m for m in sentence.orgs if m.end <= move_pos and move_pos - m.end <= 25]
    return before[-1] if before else None


def _clause_move(sentence: Sentence) -> list[RawFact]:
    if not sentence.percents or not sentence.orgs:
        return []
    lex = sentence.lex
    move = sentence.search(_move(sentence))
    if move is None:
        return []
    move_pos = sentence.abs(move.start())
    company = _company(sentence, move_pos)
    percents = [p for p in sentence.percents if p.start >= move_pos - 40]
    if company is None or not percents:
        return []
    percent = min(percents, key=lambda p: abs(p.start - move_pos))
    lo, hi = min(company.start, move_pos, percent.start), max(company.end, move.end(), percent.end)
    not_price = r"<<stock.not_price>>" if lex.lang == "de" else r"\b<<stock.not_price>>\b"
    if lex.regex(not_price, _flags(sentence)).search(sentence.between(lo - 40, hi)):
        return []
    # "shares could rise another 20%": a forecast (a relative clause before the verb, "Nvidia, which will
    # report next week, rose 3%", does not count: only the stretch after its last comma)
    stretch = sentence.between(company.end, sentence.abs(move.end()) + 1).rsplit(",", 1)[-1]
    if lex.regex(r"\b<<stock.forecast>>\b", _flags(sentence)).search(stretch):
        return []
    periods = list(lex.regex(r"<<stock.periods>>" if lex.lang == "de" else r"\b<<stock.periods>>\b",
                             _flags(sentence)).finditer(sentence.text))
    period = min(periods, key=lambda p: abs(sentence.abs(p.start()) - percent.end)) if periods else None
    period_text = period.group(0) if period else None
    if period_text and lex.lang != "de":
        period_text = re.sub(r"^(?:on|in)\s+", "", period_text)  # "on Friday" -> "Friday"
    return [RawFact("stock_move", {"company": company.name, "percent": abs(percent.value),
                                   "direction": "up" if move.group("up") else "down", "period": period_text},
                    percent.start, [company])]
