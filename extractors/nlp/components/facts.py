"""`newsmon_facts`: typed facts per sentence, written to `doc._.facts` in the spec's format.

Each sentence goes through the rule modules (acquisition, investment, funding/valuation, stock move,
model release). Sentence-level decisions live here:

- a forecast or hypothetical sentence ("could cost", "will invest ... by 2030") yields no money fact;
- an acquisition in a sentence wins over investment, which wins over a funding round (one deal per
  sentence, the most specific reading), while valuations, stock moves and model releases stand alone;
- `status: "talks"` when the sentence is hedged ("in talks", "reportedly", "soll", "Insidern zufolge");
  a completed or agreed deal carries no `status` (absent means completed, as in the dev-set gold);
- `confidence` starts at 0.9 and drops for discovered organisations, hedges and roles far apart;
- `evidence` is the sentence with its offsets into the input text; `date` (extra field) is added when the
  sentence states a date, resolved against `doc._.published`.
Facts that repeat an earlier fact of the same text (same type and fields) are dropped.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.nlp.components.extensions import ensure_extensions
from extractors.nlp.components.fact_acquisition import find_acquisitions
from extractors.nlp.components.fact_context import Mention, Sentence, sentences
from extractors.nlp.components.fact_funding import (
    amount_role,
    find_funding,
    refers_to_round,
    round_participants,
    round_type,
)
from extractors.nlp.components.fact_investment import find_investments
from extractors.nlp.components.fact_roles import is_object
from extractors.nlp.components.fact_model_release import find_model_releases
from extractors.nlp.components.fact_stock import find_stock_moves
from extractors.nlp.components.hedges import has_strong_hedge, is_hedged
from extractors.nlp.components.traps import deal_amounts, is_forecast
from extractors.nlp.dates import DATE_PATTERN, resolve_date
from extractors.nlp.doc_text import doc_text
from extractors.nlp.numbers import plain_number

BASE_CONFIDENCE = 0.9
HEDGE_FACTOR = 0.75
FAR_ROLES_CHARS = 120
FAR_FACTOR = 0.85
_MONEY_TYPES = {"funding_round", "investment", "acquisition", "valuation"}


# Stems of every cue the rule modules use without an amount (amountless deals, releases): a sentence
# with neither an amount nor a percentage nor one of these stems cannot yield a fact, so it is skipped
# after one cheap search. Keep in step with the cue lexicons when adding amountless cues.
_ANY_CUE = {
    "en": re.compile(r"(?i)invest|stake|acqui|buy|bought|purchas|takeover|take over|took over|merg|bid for|offer for|snap|absorb|sold|sell|"
                     r"releas|launch|unveil|introduc|debut|roll|announc|ship|open-sourc|open sourc|availab|present|showcas|"
                     r"new model|round|valu|part of"),
    "de": re.compile(r"(?i)investi|beteilig|steigt|stieg|einstieg|übernimm|übernahm|übernehm|übernomm|übernahme|kauf|erwerb|erwirb|"
                     r"erwarb|schluck|stellt|vorgestellt|veröffentlich|präsentier|lanciert|auf den markt|führt|eingeführt|"
                     r"enthüll|kündigt|angekündigt|startet|modell|gibt|freigegeben|verfügbar|runde|bewert|anteil|teil de|teil von"),
}


# Where one sentence reports two deals, each in its own clause ("X led a $110m round in Y, and it also
# joined the $135m round of Z"; "X bought Y for $700m, while Z raised $500m"; "A sammelte 1,7 Mrd. Euro ein,
# das Start-up B 200 Mio. Dollar"). Only tried when the sentence holds two or more deal amounts.
_CLAUSE_BREAK: dict[str, re.Pattern[str]] = {
    "en": re.compile(r",\s+(?:while|whereas|and|but)\s+|;\s+|,\s+(?=(?:the|a|an)\s+(?:[\w-]+\s+){0,3}(?:startup|start-up|company|lab|firm)\b)"),
    "de": re.compile(r",\s+(?:während|und|wobei)\s+|;\s+|,\s+(?=(?:das|die|der)\s+(?:[\w-]+\s+){0,3}[\w-]*(?:Start-up|Startup|Unternehmen|Firma|Anbieter|Entwickler|Labor)\b)"),
}
_PRONOUN_SUBJECT: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^\s*(?:it|the company|the firm)\b"),
    "de": re.compile(r"^\s*(?:es|das Unternehmen|der Konzern)\b"),
}


def _clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence cut at clause breaks that fall between deal amounts (one piece when none does)."""
    deals = [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "deal"]
    cuts: list[tuple[int, int]] = []
    for m in _CLAUSE_BREAK.get(sentence.lang, _CLAUSE_BREAK["en"]).finditer(sentence.text):
        at = sentence.abs(m.start())
        previous_cut = cuts[-1][1] if cuts else sentence.start
        if any(previous_cut <= a.start < at for a in deals) and any(a.start >= sentence.abs(m.end()) for a in deals):
            cuts.append((at, sentence.abs(m.end())))
    if not cuts:
        return [sentence]
    pieces: list[Sentence] = []
    lo = sentence.start
    for cut_start, cut_end in [*cuts, (sentence.end, sentence.end)]:
        pieces.append(_sub_sentence(sentence, lo, cut_start))
        lo = cut_end
    return pieces


def _sub_sentence(sentence: Sentence, lo: int, hi: int) -> Sentence:
    def inside(items: list) -> list:
        return [x for x in items if lo <= x.start and x.end <= hi]

    return Sentence(lo, hi, sentence.text[lo - sentence.start:hi - sentence.start], sentence.lang,
                    orgs=inside(sentence.orgs), amounts=inside(sentence.amounts), percents=inside(sentence.percents))


def _with_pronoun_subject(clause: Sentence, subject: Mention | None) -> Sentence:
    """"..., and it also joined ...": the pronoun stands for the previous clause's subject."""
    m = _PRONOUN_SUBJECT.get(clause.lang, _PRONOUN_SUBJECT["en"]).match(clause.text)
    if subject is None or m is None:
        return clause
    at = clause.abs(m.start() + len(m.group(0)) - len(m.group(0).lstrip()))
    stand_in = Mention(at, clause.abs(m.end()), subject.name, subject.confidence, subject.discovered)
    clause.orgs = [stand_in, *clause.orgs]
    return clause


# A sentence whose subject is a definite description of the company named before ("Helsing hat sich Kapital
# gesichert. Das Münchner Rüstungs-Start-up sammelte ... ein"; "The San Francisco company raised ...").
_DESCRIPTOR_SUBJECT: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^(?:(?:The|the)\s+(?:[\w.-]+\s+){0,3}?(?:startup|start-up|company|firm|lab|developer|maker|group|business)\b"
                     r"|It(?=\s+(?:(?:also|then|now|recently|previously|has|had|have|is|was)\s+){0,2}(?:raised|raising|secured"
                     r"|securing|closed|closing|landed|received|acquired|bought|bagged|pulled in|agreed)\b))"),
    "de": re.compile(r"^(?:(?:Das|Der|Die)\s+(?:[\w.-]+\s+){0,3}?[\w-]*(?:Start-up|Startup|Unternehmen|Konzern|Firma|Anbieter"
                     r"|Entwickler|Hersteller|Spezialist)\b"
                     # a pronoun only before a deal verb: expletive "Es geht um ..." / "Es ist ..." stays out
                     r"|Es(?=\s+(?:hat|hatte|sammelte|sammelt|erhielt|erhält|holte|holt|sicherte|sichert|übernimmt|übernahm"
                     r"|kaufte|kauft|bekam|bekommt)\b))"),
}
# "The seed round brought in $2 billion ...", "Die neue Finanzierungsrunde bringt 500 Millionen Euro": the round
# of the company named before, when no round of it has been read yet.
_ROUND_SUBJECT_START: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"^(?:The|the)\s+(?:[\w.-]+\s+){0,2}?(?:round|financing|raise)\b"),
    "de": re.compile(r"^(?:Die|Das)\s+(?:[\w.-]+\s+){0,2}?[\w-]*(?:[Rr]unde|Finanzierung)\b"),
}


# A description that fits a young AI company rather than the bank or fund that just invested in it.
_STARTUP_DESCRIPTOR = re.compile(r"(?i)start-?up|\bKI-|\bAI\b|\blab\b|Labor|Entwickler|developer|\bmaker\b")


def _with_descriptor_subject(sentence: Sentence, topic: Mention | None,
                             investee: Mention | None = None, round_open: bool = False) -> Sentence:
    """Stand the previous sentences' main organisation in for a descriptive subject at the sentence start,
    when no organisation precedes the first deal amount (so the description is the subject).

    After "Die Deutsche Bank beteiligt sich an Aleph Alpha", the main organisation is the bank, but "Das
    Heidelberger KI-Unternehmen erhielt ..." means the company invested in: a start-up-like description
    stands for the previous sentence's investee when there is one."""
    if topic is None or not sentence.amounts or not sentence.text.startswith(("The ", "the ", "Das ", "Der ", "Die ", "It ", "Es ")):
        return sentence  # only deals with an amount; the cheap checks keep ordinary sentences fast
    m = _DESCRIPTOR_SUBJECT.get(sentence.lang, _DESCRIPTOR_SUBJECT["en"]).match(sentence.text)
    if m is None and round_open:
        m = _ROUND_SUBJECT_START.get(sentence.lang, _ROUND_SUBJECT_START["en"]).match(sentence.text)
    if m is None or any(o.start < sentence.abs(m.end()) for o in sentence.orgs):
        return sentence
    if investee is not None and _STARTUP_DESCRIPTOR.search(m.group(0)):
        topic = investee
    first_amount = sentence.amounts[0].start if sentence.amounts else sentence.end
    if any(o.start < first_amount and not is_object(sentence, o) for o in sentence.orgs):
        return sentence  # an organisation of its own is the subject
    stand_in = Mention(sentence.abs(m.start()), sentence.abs(m.end()), topic.name, topic.confidence, topic.discovered)
    sentence.orgs = [stand_in, *sentence.orgs]
    return sentence


# A share word that refers back to the company named before ("SAP senkte die Prognose; die Aktie schloss 2,1
# Prozent im Minus", "Am Dienstag verloren die Papiere 7,9 Prozent", "Its shares fell 4%").
_SHARE_ANAPHOR: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?:\b(?:[Tt]he|[Ii]ts|[Tt]heir) (?:shares|stock|share price|stock price)|^Shares)\b(?!\s+(?:of|in)\b)"),
    "de": re.compile(r"\b(?:[Dd]ie|[Ss]eine|[Ii]hre) (?:Aktie|Aktien|Papiere|Titel|Anteilsscheine)\b(?!\s+(?:von|des|der)\b)"),
}


def _with_share_anaphor(sentence: Sentence, topic: Mention | None) -> Sentence:
    """Stand the company named before in for an anaphoric share word with no organisation of its own nearby:
    the last subject earlier in the sentence, else the previous sentences' main organisation."""
    if not sentence.percents:
        return sentence
    m = sentence.search(_SHARE_ANAPHOR.get(sentence.lang, _SHARE_ANAPHOR["en"]))
    if m is None:
        return sentence
    lo, hi = sentence.abs(m.start()), sentence.abs(m.end())
    if any(lo - 40 <= o.end and o.start <= hi + 40 for o in sentence.orgs):
        return sentence  # "Nvidia: die Aktie ...", "the shares of X": the company is named right there
    earlier = [o for o in sentence.orgs if o.end <= lo and not is_object(sentence, o)]
    company = earlier[-1] if earlier else topic
    if company is None:
        return sentence
    stand_in = Mention(lo, hi, company.name, company.confidence, company.discovered)
    sentence.orgs = sorted([*sentence.orgs, stand_in], key=lambda o: o.start)
    return sentence


def _gapped_round(clause: Sentence, previous: list[dict]) -> list[dict]:
    """German gapping: "A sammelte 1,7 Mrd. Euro ein, das Start-up B 200 Mio. Dollar" -> B's own round."""
    if not any(f["type"] == "funding_round" for f in previous) or not clause.orgs:
        return []
    deals = [a for a in deal_amounts(clause) if a.start > clause.orgs[0].end]
    if len(deals) != 1 or any(m.start > deals[0].end for m in clause.orgs):
        return []
    company = clause.orgs[-1]
    return [{"type": "funding_round", "investee": company.name, "investors": [], "amount": deals[0].value,
             "currency": deals[0].currency, "valuation": None, "round": round_type(clause.text),
             "_anchor": deals[0].start, "_roles": [company]}]


def sentence_facts(sentence: Sentence, knowledge_path: str | None = None) -> list[dict]:
    """Raw facts of one sentence (with private `_anchor`/`_roles` keys), clause by clause."""
    whole = clause_facts(sentence, knowledge_path)
    if len(sentence.amounts) < 2 or len(deal_amounts(sentence)) < 2:
        return whole
    clauses = _clauses(sentence)
    if len(clauses) == 1:
        return whole
    facts: list[dict] = []
    subject: Mention | None = None
    for clause in clauses:
        clause = _with_pronoun_subject(clause, subject)
        found = clause_facts(clause, knowledge_path) or _gapped_round(clause, facts)
        facts.extend(found)
        if subject is None:
            subject = next((m for m in clause.orgs if not is_object(clause, m)), None)
    # the clause reading wins only when it finds more deals than the sentence read as a whole
    return facts if _deal_count(facts) > _deal_count(whole) else whole


def _deal_count(facts: list[dict]) -> int:
    return sum(1 for f in facts if f["type"] in ("funding_round", "investment", "acquisition"))


def clause_facts(sentence: Sentence, knowledge_path: str | None = None) -> list[dict]:
    """Raw facts of one sentence or clause (with private `_anchor`/`_roles` keys)."""
    if not sentence.amounts and not sentence.percents:
        if not _ANY_CUE.get(sentence.lang, _ANY_CUE["en"]).search(sentence.text):
            return []
    facts: list[dict] = []
    forecast = is_forecast(sentence)
    if not sentence.orgs:
        return find_funding(sentence) if not forecast else []
    if not forecast and sentence.amounts:
        deal = find_acquisitions(sentence)
        if not deal:
            deal = find_investments(sentence)
        if deal:
            facts.extend(deal)
            facts.extend(f for f in find_funding(sentence) if f["type"] == "valuation")
        else:
            facts.extend(find_funding(sentence))
    elif not forecast:
        facts.extend(find_acquisitions(sentence) or find_investments(sentence))
    facts.extend(find_stock_moves(sentence))
    facts.extend(find_model_releases(sentence, knowledge_path))
    return facts


def _confidence(fact: dict, hedged: bool) -> float:
    conf = BASE_CONFIDENCE
    roles = fact.get("_roles") or []
    if roles:
        conf *= min(1.0, min(r.confidence for r in roles) / 0.95)
        span = max(r.end for r in roles) - min(r.start for r in roles)
        if span > FAR_ROLES_CHARS:
            conf *= FAR_FACTOR
    if hedged:
        conf *= HEDGE_FACTOR
    return round(max(0.0, min(1.0, conf)), 3)


def _hedged(fact: dict, sentence: Sentence) -> bool:
    """Hedge cues count in the stretch from the fact's first role to just after its anchor amount."""
    if fact["type"] == "stock_move":
        return False
    roles = fact.get("_roles") or []
    lo = min([r.start for r in roles] + [fact.get("_anchor", sentence.start)]) - sentence.start
    hi = max([r.end for r in roles] + [fact.get("_anchor", sentence.start)]) - sentence.start + 25
    strong = sentence.cache.get("strong_hedge")
    if strong is None:
        strong = sentence.cache["strong_hedge"] = has_strong_hedge(sentence.text, sentence.lang)
    return is_hedged(sentence.text, sentence.lang, lo, hi, strong=strong)


def finish(fact: dict, sentence: Sentence, published: str | None) -> dict:
    """Public form of a raw fact: status, evidence, confidence, date; private keys removed."""
    hedged = _hedged(fact, sentence)
    out = {k: v for k, v in fact.items() if not k.startswith("_")}
    for key in ("amount", "valuation", "cumulative_amount"):
        if isinstance(out.get(key), float):
            out[key] = plain_number(out[key])
    if hedged:
        out["status"] = "talks"
    if "date" not in sentence.cache:
        sentence.cache["date"] = (resolve_date(sentence.text, published),) if DATE_PATTERN.search(sentence.text) else None
    if sentence.cache["date"] is not None:
        out["date"] = sentence.cache["date"][0]
    out["evidence"] = {"sentence": sentence.text, "start": sentence.start, "end": sentence.end}
    out["confidence"] = _confidence(fact, hedged)
    return out


def _key(fact: dict) -> tuple:
    return tuple((k, str(v)) for k, v in sorted(fact.items()) if k not in ("evidence", "confidence", "date", "status"))


def doc_facts(doc: Doc, knowledge_path: str | None = None) -> list[dict]:
    facts: list[dict] = []
    seen: set[tuple] = set()
    last_round: dict | None = None
    last_investment: dict | None = None
    last_priceless: dict | None = None
    topic: Mention | None = None
    investee: Mention | None = None
    for sentence in sentences(doc):
        sentence = _with_descriptor_subject(sentence, topic, investee,
                                            round_open=last_round is None or last_round.get("amount") is None)
        sentence = _with_share_anaphor(sentence, topic)
        raws = sentence_facts(sentence, knowledge_path) if sentence.orgs or sentence.amounts else []
        if sentence.orgs:
            topic = next((m for m in sentence.orgs if not is_object(sentence, m)), topic)
            investee = next((r["_roles"][1] for r in raws if r["type"] == "investment"), None)
        has_round = any(f["type"] == "funding_round" for f in raws)
        if last_round is not None and not has_round:
            raws = _follow_up_round(last_round, sentence, raws)
        if last_investment is not None:
            _follow_up_total(last_investment, sentence, raws)
        if last_priceless is not None and _follow_up_price(last_priceless, sentence, raws):
            last_priceless = None
        for raw in raws:
            if raw.get("company", "") is None:
                continue
            fact = finish(raw, sentence, doc._.published)
            key = _key(fact)
            if key in seen:
                continue
            seen.add(key)
            facts.append(fact)
            if fact["type"] == "funding_round":
                last_round = fact
            elif fact["type"] == "investment":
                last_investment = fact
            if fact["type"] in ("investment", "acquisition"):
                last_priceless = fact if fact.get("amount") is None else None
    return facts


def _follow_up_round(round_fact: dict, sentence: Sentence, raws: list[dict]) -> list[dict]:
    """A sentence after a round that adds to it: investors and lead ("Angeführt wurde die Runde von X"),
    the valuation ("The deal values Mistral at ..."), the round type ("Die Series-C-Runde ..."), and a
    participant's own amount ("Größter Geldgeber ist ASML, der sich mit 1,3 Mrd. Euro beteiligt"),
    which is also an investment."""
    investee = round_fact["investee"]
    kept: list[dict] = []
    follows = refers_to_round(sentence)
    for raw in raws:
        if raw["type"] == "valuation" and (raw.get("company") in (None, investee) or follows):
            if round_fact.get("valuation") is None:
                round_fact["valuation"] = plain_number(raw["amount"])
            raw = {**raw, "company": investee}
        kept.append(raw)
    if not follows:
        return kept + _contribution(round_fact, sentence, kept)
    if round_fact.get("round") == "unknown":
        kind = round_type(sentence.text)
        if kind != "unknown":
            round_fact["round"] = kind
    investors, lead = round_participants(sentence, investee)
    for name in investors:
        if name not in round_fact["investors"]:
            round_fact["investors"].append(name)
    if lead and "lead" not in round_fact:
        round_fact["lead"] = lead
    deals = [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "deal"]
    if len(investors) == 1 and deals and not any(f["type"] in ("investment", "funding_round") for f in kept):
        roles = [m for m in sentence.orgs if m.name == investors[0]]
        kept.append({"type": "investment", "investor": investors[0], "investee": investee, "amount": deals[0].value,
                     "currency": deals[0].currency, "cumulative_amount": None, "_anchor": deals[0].start, "_roles": roles})
    return kept


_CONTRIBUTION: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:contribut(?:ed|es|ing)|put in|puts in|invested|invests|provided|provides|committed|commits"
                     r"|chipped in|accounted for)\b"),
    "de": re.compile(r"\b(?:steuerte|steuert|beigesteuert|investierte|investiert|gab|gibt|brachte|bringt|zahlte|zahlt)\b"),
}


def _contribution(round_fact: dict, sentence: Sentence, kept: list[dict]) -> list[dict]:
    """"ASML contributed EUR 1.3 billion": an investor of the round, as subject, with its own amount (and a
    participant of the round from then on, when the sentence names no one else)."""
    if kept or not sentence.orgs:
        return []
    subject = next((m for m in sentence.orgs if not is_object(sentence, m)), None)
    if subject is None or subject.start != sentence.orgs[0].start or subject.name == round_fact["investee"]:
        return []
    if subject.name not in round_fact["investors"] and len({m.name for m in sentence.orgs}) > 1:
        return []  # a new name is a participant only when the sentence names no one else ("ASML invested ...")
    deals = [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "deal" and a.start > subject.end]
    if len(deals) != 1 or not _CONTRIBUTION.get(sentence.lang, _CONTRIBUTION["en"]).search(
            sentence.text[subject.end - sentence.start:deals[0].start - sentence.start]):
        return []
    if subject.name not in round_fact["investors"]:
        round_fact["investors"].append(subject.name)
    return [{"type": "investment", "investor": subject.name, "investee": round_fact["investee"],
             "amount": deals[0].value, "currency": deals[0].currency, "cumulative_amount": None,
             "_anchor": deals[0].start, "_roles": [subject]}]


def _follow_up_total(investment: dict, sentence: Sentence, raws: list[dict]) -> None:
    """"Damit steigt die Gesamtinvestition ... auf acht Milliarden Dollar": the previous investment's total."""
    if investment.get("cumulative_amount") is not None or raws:
        return
    totals = [a for a in deal_amounts(sentence) if amount_role(sentence, a) == "cumulative"]
    if totals and totals[0].currency == investment["currency"]:
        investment["cumulative_amount"] = plain_number(totals[0].value)


# A sentence that prices the deal just named: "Der Kaufpreis liegt bei ...", "The deal is valued at ...",
# "Insgesamt fließen mehr als 500 Millionen Dollar an das Unternehmen".
_PRICE_CUE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?i)\b(?:the (?:deal|transaction|purchase|acquisition|takeover|investment|stake)\b[^.]{0,40}"
                     r"\b(?:valued at|worth|for|totals?|amounts? to|is|was)|purchase price|price tag|paid)\b"),
    "de": re.compile(r"\b(?:Kaufpreis|Preis|Volumen|fließen|fliessen|flossen|beläuft|belief|Transaktion|Deal"
                     r"|Investition|Beteiligung|Übernahme)\w*"),
}


def _follow_up_price(deal: dict, sentence: Sentence, raws: list[dict]) -> bool:
    """An investment or takeover named without an amount, priced in the next sentence with one amount and
    no other organisation; returns True when it filled the amount."""
    if len(sentence.amounts) != 1 or any(r["type"] != "valuation" or r.get("company") for r in raws):
        return False  # an ownerless valuation ("The deal is valued at ...") is this sentence's only reading
    parties = {deal.get("investor"), deal.get("investee"), deal.get("acquirer"), deal.get("target")}
    if any(m.name not in parties for m in sentence.orgs) or is_forecast(sentence):
        return False
    if not _PRICE_CUE.get(sentence.lang, _PRICE_CUE["en"]).search(sentence.text):
        return False
    # "The deal is valued at ...": here a valuation wording prices the deal, not a company
    deal_valued = re.search(r"(?i)\b(?:deal|transaction|Transaktion|Kaufpreis)\b", sentence.text) is not None
    amounts = [a for a in deal_amounts(sentence) if deal_valued or amount_role(sentence, a) != "valuation"]
    if not amounts:
        return False
    deal["amount"] = plain_number(amounts[0].value)
    deal["currency"] = amounts[0].currency
    return True


_PARTY = {"funding_round": "investee", "investment": "investee", "acquisition": "target"}
_OTHER_PARTY = {"investment": "investor", "acquisition": "acquirer"}
TITLE_FACTOR = 0.8


def unique_list(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def merge_title_facts(facts: list[dict], title_facts: list[dict], doc_sentences: list[Sentence]) -> list[dict]:
    """Deals whose amount only the headline states ("Acme raises $50m" over "Acme has closed a round led
    by X"): a title deal fills the missing amount of the same deal in the text, or is added when a text
    sentence names its party (evidence: that sentence, lower confidence). Never invents a party."""
    for tf in title_facts:
        party_key = _PARTY.get(tf["type"])
        if party_key is None or tf.get("amount") is None:
            continue
        party, other_key = tf[party_key], _OTHER_PARTY.get(tf["type"])
        same = [f for f in facts if f["type"] == tf["type"] and f.get(party_key) == party
                and (other_key is None or f.get(other_key) == tf.get(other_key))]
        if same:
            for f in same:
                if f.get("amount") is None:
                    f["amount"], f["currency"] = tf["amount"], tf["currency"]
            continue
        if tf["type"] == "funding_round" and any(f["type"] == "funding_round" for f in facts):
            continue  # the text reports a round of its own: do not add a second one
        sentence = next((s for s in doc_sentences if any(m.name == party for m in s.orgs)
                         and (other_key is None or any(m.name == tf.get(other_key) for m in s.orgs))), None)
        if sentence is None:
            continue
        fact = {**tf, "evidence": {"sentence": sentence.text, "start": sentence.start, "end": sentence.end},
                "confidence": round(tf["confidence"] * TITLE_FACTOR, 3)}
        fact.pop("date", None)
        if fact["type"] == "funding_round":  # the text sentence knows the investors and the round type
            investors, lead = round_participants(sentence, party)
            fact["investors"] = unique_list([*fact["investors"], *investors])
            if lead and "lead" not in fact:
                fact["lead"] = lead
            if fact["round"] == "unknown":
                fact["round"] = round_type(sentence.text)
        facts.append(fact)
    return facts


class FactExtractor:
    def __init__(self, knowledge_path: str | None = None, nlp: Language | None = None) -> None:
        ensure_extensions()
        self.knowledge_path = knowledge_path
        self.nlp = nlp  # runs the headline through the same pipeline (see `merge_title_facts`)

    def __call__(self, doc: Doc) -> Doc:
        facts = doc_facts(doc, self.knowledge_path)
        title = doc._.title
        if title and self.nlp is not None and title.strip() and title.strip() not in doc_text(doc)[:len(title) + 5]:
            title_doc = self.nlp(title)  # its own `title` is None, so this does not recurse
            if title_doc._.facts:
                facts = merge_title_facts(facts, title_doc._.facts, sentences(doc))
        doc._.facts = facts
        return doc


@Language.factory("newsmon_facts", default_config={"knowledge_path": None})
def make_fact_extractor(nlp: Language, name: str, knowledge_path: str | None) -> FactExtractor:
    return FactExtractor(knowledge_path, nlp)
