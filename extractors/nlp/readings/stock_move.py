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
from extractors.nlp.roles import list_around, subject_before
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


@reading("stock_move", priority=490, group="stock_move", min_orgs=1)
def companies_with_their_moves(sentence: Sentence) -> list[RawFact]:
    """Market-report lists: "Comet mit einem Plus von 3,3 Prozent, Inficon mit 5,5 Prozent", "SAP (-2,5 Prozent)",
    "Voestalpine verdoppelte ihren Wert (+103%)": each company with the percentage attached to it; the direction
    from the sign, the Plus/Minus word, or the sentence's winners/losers word."""
    if not sentence.percents:
        return []
    lex = sentence.lex
    attached = lex.regex(r"^\s*(?:<<stock.attached_percent>>)\s*$")
    not_price = lex.regex(r"<<stock.not_price>>" if lex.lang == "de" else r"\b<<stock.not_price>>\b", _flags(sentence))
    sentence_dir = _list_direction(sentence)
    facts: list[RawFact] = []
    for p in sentence.percents:
        company = next((m for m in reversed(sentence.orgs) if m.end <= p.start), None)
        if company is None:
            continue
        gap = sentence.between(company.end, p.start)
        sign = sentence.text[p.start - sentence.start]
        signed = sign in "+-−" and re.search(r"\(\s*$", gap) is not None
        words = attached.match(gap)
        if not (signed or words) or not_price.search(sentence.between(company.start - 40, p.end + 15)):
            continue
        if signed:
            direction = "up" if sign == "+" else "down"
        else:
            direction = _word_direction(words.group(0)) or sentence_dir
        if direction is None:
            continue
        facts.append(RawFact("stock_move", {"company": company.name, "percent": abs(p.value), "direction": direction,
                                            "period": None}, p.start, [company]))
    return facts if len(facts) >= 2 or any(sentence.text[f.anchor - sentence.start] in "+-−" for f in facts) else []


def _word_direction(text: str) -> str | None:
    if re.search(r"(?i)\b(?:Plus|Aufschlag|Kursplus|up|higher)\b", text):
        return "up"
    if re.search(r"(?i)\b(?:Minus|Abschlag|Kursminus|down|lower)\b", text):
        return "down"
    return None


def _list_direction(sentence: Sentence) -> str | None:
    """The direction a ranking sentence gives all its members ("Zu den grössten Gewinnern gehören ...")."""
    up = re.search(r"(?i)\b(?:Gewinner\w*|Spitzenreiter|gainers?|winners?)\b", sentence.text)
    down = re.search(r"(?i)\b(?:Verlierer\w*|Schlusslicht\w*|losers?|decliners?)\b", sentence.text)
    return "up" if up and not down else "down" if down and not up else None


@reading("stock_move", priority=500, group="stock_move", min_orgs=1)
def shares_moved(sentence: Sentence) -> list[RawFact]:
    """One move per clause (see `_clauses`)."""
    if not sentence.percents:
        return []
    return [fact for clause in _clauses(sentence) for fact in _clause_move(clause)]


def _company(sentence: Sentence, move_pos: int):
    """"Nvidia shares", "shares of Nvidia", "Nvidia-Aktie", "Aktie von Nvidia": the org nearest the share
    word; without a share word, the org right before the move ("Nvidia fell 4%"), or the subject before it
    across an apposition ("Samsung, the company's rival in DRAM, was changing hands 4% higher") when no other
    organisation stands between."""
    share = sentence.search(sentence.lex.regex(
        r"<<stock.share_words>>\b" if sentence.lex.lang == "de" else r"\b<<stock.share_words>>\b", _flags(sentence)))
    if share is not None:
        share_pos = sentence.abs(share.start())
        return min(sentence.orgs, key=lambda m: abs(m.start - share_pos) + (0 if m.start <= share_pos + 40 else 1000))
    before = [m for m in sentence.orgs if m.end <= move_pos and move_pos - m.end <= 25]
    if before:
        return before[-1]
    if sentence.lex.lang == "de":
        return _german_company_after_verb(sentence, move_pos)
    subject = subject_before(sentence, move_pos)
    if subject is not None and move_pos - subject.end <= 90 and not any(
            subject.end <= m.start < move_pos and m.name != subject.name for m in sentence.orgs):
        return subject
    return None


def _german_company_after_verb(sentence: Sentence, move_pos: int):
    """German verb-second without a share word: "An der Dax-Spitze gewannen SAP 3,5 Prozent" (the company right
    after the move verb), "Für Nvidia ging es um 6,2 Prozent bergab" (after "Für", before "ging es")."""
    lex = sentence.lex
    verb = lex.regex(r"^\S+\s+(?:(?:die|der|das)\s+)?$")
    after = next((m for m in sentence.orgs if m.start > move_pos and verb.match(sentence.between(move_pos, m.start))), None)
    percent = next((p for p in sentence.percents if after is not None and p.start >= after.end), None)
    if percent is not None and re.fullmatch(r"\s*(?:[a-zäöüß]+\s+){0,4}", sentence.between(after.end, percent.start)):
        return after  # only adverbs between ("gewannen SAP zuletzt 3,5 Prozent"), no object ("gewann X einen Auftrag")
    impersonal = lex.regex(r"^\s+<<stock.impersonal_verbs>>\b")
    return next((m for m in sentence.orgs if lex.regex(r"\b<<stock.impersonal_for>>\s+(?:die\s+|den\s+)?$").search(
        sentence.before(m.start, 12)) and impersonal.match(sentence.after(m.end, 15))), None)


def _clause_move(sentence: Sentence) -> list[RawFact]:
    if not sentence.percents or not sentence.orgs:
        return []
    lex = sentence.lex
    moves = list(_move(sentence).finditer(sentence.text))
    if not moves:
        return []
    # a move inside a relative clause ("Shares of X, which have climbed almost 50% so far this year, traded 3%
    # higher") is background: the main clause's move comes first when there is one
    relative = [(m.start(), m.end()) for m in re.finditer(r",\s*(?:which|that|die|der|das)\b[^,;]*,", sentence.text)]
    moves = [m for m in moves if not any(lo <= m.start() < hi for lo, hi in relative)] or moves
    move_pos = sentence.abs(moves[0].start())
    # the percentage after the move word; in German also one fronted before it ("Um bis zu neun Prozent schnellt
    # die Broadcom-Aktie in die Höhe")
    reach = 60 if lex.lang == "de" else 40
    percents = [p for p in sentence.percents if p.start >= move_pos - reach]
    first_percent = min((p.start for p in percents), default=move_pos)
    company = _company(sentence, min(move_pos, max(first_percent, sentence.start)))
    if company is None or not percents:
        return []
    percent = min(percents, key=lambda p: abs(p.start - move_pos))
    # the move word nearest the percentage decides the direction ("eased a little, ... a gain of 1.8%")
    move = min(moves, key=lambda m: min(abs(sentence.abs(m.start()) - percent.end), abs(sentence.abs(m.end()) - percent.start)))
    if _not_a_share_price_move(sentence, company, move_pos, move, percent):
        return []
    direction = "up" if move.group("up") else "down"
    companies = [company]
    if lex.regex(r"^\s*<<investment.each>>\b").match(sentence.after(company.end, 12)):
        companies = list_around(sentence, company, move_pos, set())  # "Qualcomm, Broadcom and TSMC each traded ..."
    period = _period(sentence, percent)
    return [RawFact("stock_move", {"company": c.name, "percent": abs(percent.value), "direction": direction,
                                   "period": period}, percent.start, [c]) for c in companies]


def _not_a_share_price_move(sentence: Sentence, company, move_pos: int, move: re.Match[str], percent) -> bool:
    """A revenue, stake or user figure in the move's own clause ("5 Prozent der Anteile"), or a forecast
    between the company and the verb ("shares could rise another 20%")."""
    lex = sentence.lex
    lo, hi = min(company.start, move_pos, percent.start), max(company.end, sentence.abs(move.end()), percent.end)
    not_price = r"<<stock.not_price>>" if lex.lang == "de" else r"\b<<stock.not_price>>\b"
    attached = re.match(r"\s+(?:of|der|des|an|am|in)\s+\S+(?:\s+\S+){0,2}", sentence.after(hi, 40))  # "5 Prozent der Anteile"
    # the words of the move's own clause: "Die Umsatzprognose hob Nvidia an, die Aktie stieg um 5 Prozent" is a move
    core = min(sentence.abs(move.start()), percent.start)
    breaks = [b.end() for b in re.finditer(r"[,;:]\s", sentence.text[:core - sentence.start])]
    window_lo = max(lo - 40, sentence.abs(breaks[-1]) if breaks else sentence.start)
    if lex.regex(not_price, _flags(sentence)).search(sentence.between(window_lo, hi) + (attached.group(0) if attached else "")):
        return True
    # a relative clause before the verb ("Nvidia, which will report next week, rose 3%") does not count: only the
    # stretch after its last comma
    stretch = sentence.between(company.end, sentence.abs(move.end()) + 1).rsplit(",", 1)[-1]
    return lex.regex(r"\b<<stock.forecast>>\b", _flags(sentence)).search(stretch) is not None


def _period(sentence: Sentence, percent) -> str | None:
    """The period word nearest the percentage, as written ("im frühen Handel"; English without "on": "Friday")."""
    lex = sentence.lex
    periods = list(lex.regex(r"<<stock.periods>>" if lex.lang == "de" else r"\b<<stock.periods>>\b",
                             re.IGNORECASE).finditer(sentence.text))  # "Seit Jahresbeginn" opens a sentence too
    period = min(periods, key=lambda p: abs(sentence.abs(p.start()) - percent.end)) if periods else None
    text = period.group(0) if period else None
    return re.sub(r"^(?:on|in)\s+", "", text) if text and lex.lang != "de" else text
