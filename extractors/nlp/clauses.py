"""One sentence, several deals: cut a sentence into clauses when each clause holds its own deal amount.

"X led a $110m round in Y, and it also joined the $135m round of Z"; "X bought Y for $700m, while Z raised
$500m"; "A sammelte 1,7 Mrd. Euro ein, das Start-up B 200 Mio. Dollar". Only tried when a sentence holds two
or more deal amounts; the dispatcher keeps the clause reading only when it finds more deals than the sentence
read as a whole. Inside the clause pass a leading pronoun stands for the previous clause's subject, and a
German gapped clause ("das Start-up B 200 Mio. Dollar") is a round of its own.
"""
from __future__ import annotations

import re

from extractors.nlp.amount_roles import deal_amounts, deals
from extractors.nlp.annotations import Mention
from extractors.nlp.fact_types import RawFact
from extractors.nlp.readings.funding import round_type
from extractors.nlp.sentences import Sentence


def _breaks(sentence: Sentence) -> re.Pattern[str]:
    lex = sentence.lex
    if lex.lang == "de":
        return lex.regex(r",\s+<<clauses.conjunctions>>\s+|;\s+|,\s+(?=(?:das|die|der)\s+(?:[\w-]+\s+){0,3}[\w-]*"
                         r"<<clauses.company_nouns>>\b)")
    return lex.regex(r",\s+<<clauses.conjunctions>>\s+|;\s+|,\s+(?=(?:the|a|an)\s+(?:[\w-]+\s+){0,3}"
                     r"<<clauses.company_nouns>>\b)")


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence cut at clause breaks that fall between deal amounts (one piece when none does)."""
    found = deals(sentence)
    cuts: list[tuple[int, int]] = []
    for m in _breaks(sentence).finditer(sentence.text):
        at = sentence.abs(m.start())
        previous_cut = cuts[-1][1] if cuts else sentence.start
        if any(previous_cut <= a.start < at for a in found) and any(a.start >= sentence.abs(m.end()) for a in found):
            cuts.append((at, sentence.abs(m.end())))
    if not cuts:
        return [sentence]
    pieces: list[Sentence] = []
    lo = sentence.start
    for cut_start, cut_end in [*cuts, (sentence.end, sentence.end)]:
        pieces.append(sentence.part(lo, cut_start))
        lo = cut_end
    return pieces


def with_pronoun_subject(clause: Sentence, subject: Mention | None) -> Sentence:
    """"..., and it also joined ...": the pronoun stands for the previous clause's subject."""
    lex = clause.lex
    m = lex.regex(r"^\s*<<clauses.pronoun_subjects>>\b").match(clause.text)
    if subject is None or m is None:
        return clause
    at = clause.abs(m.start() + len(m.group(0)) - len(m.group(0).lstrip()))
    clause.orgs = [Mention(at, clause.abs(m.end()), subject.name, subject.confidence, subject.discovered), *clause.orgs]
    return clause


def gapped_round(clause: Sentence, previous: list[RawFact]) -> list[RawFact]:
    """German gapping: "A sammelte 1,7 Mrd. Euro ein, das Start-up B 200 Mio. Dollar" -> B's own round."""
    if not any(f.type == "funding_round" for f in previous) or not clause.orgs:
        return []
    amounts = [a for a in deal_amounts(clause) if a.start > clause.orgs[0].end]
    if len(amounts) != 1 or any(m.start > amounts[0].end for m in clause.orgs):
        return []
    company = clause.orgs[-1]
    return [RawFact("funding_round", {"investee": company.name, "investors": [], "amount": amounts[0].value,
                                      "currency": amounts[0].currency, "valuation": None,
                                      "round": round_type(clause)}, amounts[0].start, [company])]
