"""Abbreviations that end in a period but do not end a sentence, kept as single tokens.

The `sentencizer` splits after a token that *is* a period. The blank tokenizers split some abbreviations
("Mio." in English, "rd." in both) into word + ".", which would cut "5 Mio. Euro" in two. Adding them as
tokenizer special cases keeps the period inside the token, so the sentencizer leaves them alone; this is
cheaper than a statistical sentence splitter and keeps the pipeline at tokenizer speed.
"""
from __future__ import annotations

from spacy.language import Language

# Written as they appear in news text; each is added in its capitalised form as well.
ABBREVIATIONS: tuple[str, ...] = (
    "Mio.", "Mrd.", "Bio.", "Tsd.", "Inc.", "Corp.", "Ltd.", "Co.", "Dr.", "Prof.", "Mr.", "Mrs.", "Ms.",
    "rd.", "ca.", "bzw.", "evtl.", "inkl.", "zzgl.", "vgl.", "usw.", "etc.", "Nr.", "St.", "Jr.", "Sr.",
    "vs.", "Abs.", "Hr.", "Fr.", "u.a.", "z.B.", "d.h.", "mind.", "max.", "min.", "Mill.", "Mrd", "bn.",
    "mn.", "approx.", "est.", "No.", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Sept.", "Okt.",
    "Oct.", "Nov.", "Dez.", "Dec.", "U.S.", "U.K.", "S.A.", "N.V.", "B.V.",
    # legal forms of Malaysian, Singaporean, Australian, Indonesian and Italian companies ("YTL Power Bhd.")
    "Bhd.", "Pte.", "Pty.", "Plc.", "Tbk.", "S.p.A.", "Cos.",
)


def protect_abbreviations(nlp: Language) -> None:
    """Add each abbreviation (and its capitalised form) as a one-token special case."""
    for abbr in ABBREVIATIONS:
        if not abbr.endswith("."):
            continue
        for form in {abbr, abbr[:1].upper() + abbr[1:]}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])
