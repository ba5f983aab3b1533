"""Words per second of the blank tokenizer plus `newsmon_money` and `newsmon_percent`, per language.

Why: the whole `extract` path must run >= 50,000 words/s on one core, so the number components must
cost a small fraction of that. Two generated texts of ~1 MB per language:
- "dense": every sentence holds amounts, percentages or distractors (years, counts, model names),
  about one amount per 15 words, far denser than news, so its figure is a floor;
- "news": one such sentence in eight, the rest plain prose, closer to real articles.
Times are CPU seconds of this process (`time.process_time`), best of three runs, so a busy machine
does not distort the figures much.
"""
from __future__ import annotations

import random
import time

import spacy

import extractors.nlp.components.money  # noqa: F401  (registers the factory)
import extractors.nlp.components.percent  # noqa: F401
from extractors.nlp.doc_text import keep_text

TARGET_BYTES = 1_000_000

_TEMPLATES = {
    "en": [
        "{org} raised ${n}.{d}bn in a Series {r} round led by {org2}, valuing the startup at about ${n2} billion.",
        "The {org} deal, worth between $1bn and $2bn, closed in {year} after regulators approved it.",
        "Shares of {org} rose {n}.{d}% on Tuesday while {org2} fell {d} percent in early trading.",
        "{org} said it will buy {count},000 GPUs this year and train GPT-{d}o successors on them.",
        "Revenue reached {n} million dollars, up {n2} per cent from a year earlier, the company said.",
        "Analysts expect spending of $60-65 billion, more than the {n2} billion euros planned in {year}.",
        "The lab employs {count} people in {n} offices and plans to hire {n2} more engineers next year.",
        "Investors including {org2} committed up to £{n}bn, and {org} added EUR {n2}m of its own.",
    ],
    "de": [
        "{org} sammelte {n},{d} Milliarden Dollar in einer Finanzierungsrunde unter Führung von {org2} ein.",
        "Die Bewertung liegt nun bei rund {n2} Mrd. Euro, nach {n} Mrd. Euro im Jahr {year}.",
        "Die {org}-Aktie stieg um {n},{d} Prozent, während {org2} {d} % verlor.",
        "{org} kauft {count}.000 GPUs und will bis {year} eine halbe Milliarde Dollar investieren.",
        "Der Umsatz wuchs auf {n} Millionen Euro, ein Plus von {n2} Prozent gegenüber dem Vorjahr.",
        "Geplant sind Investitionen von 60 bis 65 Milliarden Dollar, knapp {n2} Mrd. mehr als bisher.",
        "Das Berliner Start-up beschäftigt {count} Mitarbeitende an {d} Standorten in Europa.",
        "Insgesamt flossen €{n}00 Mio. an {org}, dazu kamen CHF {n2} Mio. von {org2}.",
    ],
}
_PROSE = {
    "en": [
        "The company said the new model would be available to developers through its cloud platform soon.",
        "Researchers at the lab have focused on safety evaluations and on reducing the cost of inference.",
        "Critics argue that the pace of releases leaves regulators little time to understand the risks.",
        "The startup was founded by former engineers of a large search company and is based in London.",
        "Executives declined to comment on the talks, which people familiar with the matter described.",
    ],
    "de": [
        "Das Unternehmen kündigte an, das neue Modell zunächst Geschäftskunden in Europa anzubieten.",
        "Die Forscherinnen und Forscher arbeiten vor allem an der Sicherheit und an effizienterer Hardware.",
        "Kritiker bemängeln, dass die Regulierung mit dem Tempo der Entwicklung kaum Schritt halten kann.",
        "Das Start-up wurde von ehemaligen Mitarbeitern eines großen Softwarekonzerns in München gegründet.",
        "Zu den laufenden Gesprächen wollte sich die Sprecherin am Dienstag nicht äußern.",
    ],
}
_ORGS = ["OpenAI", "Anthropic", "Mistral AI", "Aleph Alpha", "Nvidia", "Microsoft", "SoftBank", "xAI", "DeepL"]


def generate_text(lang: str, target_bytes: int = TARGET_BYTES, seed: int = 7, prose_share: float = 0.0) -> str:
    """Deterministic news-like text of about `target_bytes` UTF-8 bytes, in paragraphs of 8 sentences.

    `prose_share` is the fraction of sentences drawn from number-free prose.
    """
    rng = random.Random(seed)
    sentences: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < prose_share:
            sentence = rng.choice(_PROSE[lang])
            sentences.append(sentence)
            size += len(sentence.encode()) + 1
            continue
        sentence = rng.choice(_TEMPLATES[lang]).format(
            org=rng.choice(_ORGS), org2=rng.choice(_ORGS), n=rng.randint(1, 99), n2=rng.randint(1, 300),
            d=rng.randint(1, 9), r=rng.choice("ABCDE"), year=rng.randint(2019, 2027), count=rng.randint(2, 900),
        )
        sentences.append(sentence)
        size += len(sentence.encode()) + 1
    paragraphs = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    return "\n\n".join(paragraphs)


def _pipeline(lang: str, components: bool, kept_text: bool) -> spacy.Language:
    nlp = spacy.blank(lang)
    if kept_text:
        keep_text(nlp)
    if components:
        nlp.add_pipe("newsmon_money")
        nlp.add_pipe("newsmon_percent")
    return nlp


def _cpu_seconds(lang: str, paragraphs: list[str], components: bool, kept_text: bool = False) -> tuple[float, int, int]:
    """Best-of-three CPU time over the paragraphs (a fresh pipeline each time, so the tokenizer's cache
    does not carry over), and the money/percent spans found."""
    best = float("inf")
    money = percent = 0
    for _ in range(3):
        nlp = _pipeline(lang, components, kept_text)
        money = percent = 0
        t0 = time.process_time()
        for doc in nlp.pipe(paragraphs, batch_size=256):
            if components:
                money += len(doc.spans["money"])
                percent += len(doc.spans["percent"])
        best = min(best, time.process_time() - t0)
    return best, money, percent


def main() -> None:
    print("CPU time, best of 3. 'text kept' = with extractors.nlp.doc_text.keep_text (no doc.text join).")
    for kind, prose_share in (("dense", 0.0), ("news", 7 / 8)):
        for lang in ("en", "de"):
            text = generate_text(lang, prose_share=prose_share)
            paragraphs = text.split("\n\n")
            words = len(text.split())
            mb = len(text.encode()) / 1e6
            tok_s, _, _ = _cpu_seconds(lang, paragraphs, components=False)
            full_s, money, percent = _cpu_seconds(lang, paragraphs, components=True)
            kept_s, _, _ = _cpu_seconds(lang, paragraphs, components=True, kept_text=True)
            print(
                f"{kind:5} {lang}: {mb:.2f} MB, {words:,} words"
                f" | tokenizer only {words / tok_s:,.0f} words/s"
                f" | tokenizer + money + percent {words / full_s:,.0f} words/s"
                f" ({words / kept_s:,.0f} with text kept)"
                f" | components {(full_s - tok_s) * 1000 / mb:,.0f} ms/MB ({(kept_s - tok_s) * 1000 / mb:,.0f} kept)"
                f" | {money:,} money, {percent:,} percent spans"
            )


if __name__ == "__main__":
    main()
