"""Funding rounds and valuations in English and German: investee, investors, lead, amount, valuation, round type."""
from __future__ import annotations

import pytest

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str | None = None) -> list[dict]:
    out = extract_text(text, lang=lang)["facts"]
    return [f for f in out if kind is None or f["type"] == kind]


def test_english_round_with_lead_valuation_and_series():
    [fact] = facts("Anthropic raised $13 billion in a Series F round led by Iconiq, valuing the company at "
                   "$183 billion.", "en", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"], fact["valuation"], fact["round"]) == (
        "Anthropic", 13_000_000_000, "USD", 183_000_000_000, "series_f")
    assert fact["investors"] == ["Iconiq"] and fact["lead"] == "Iconiq"
    assert "status" not in fact  # completed deals carry no status


def test_round_valuation_is_also_a_valuation_fact():
    out = facts("Anthropic raised $13 billion, valuing the company at $183 billion.", "en")
    assert {"type": "valuation", "company": "Anthropic", "amount": 183_000_000_000} .items() <= next(
        f for f in out if f["type"] == "valuation").items()


def test_german_round_with_separable_verb_and_follow_up_lead():
    text = ("Das Berliner KI-Startup Nelvo hat in einer Seed-Runde 8 Millionen Euro eingesammelt. "
            "Angeführt wurde die Finanzierung von Cherry Ventures, auch Project A beteiligte sich.")
    [fact] = facts(text, "de", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"], fact["round"]) == ("Nelvo", 8_000_000, "EUR", "seed")
    assert fact["investors"] == ["Cherry Ventures", "Project A"] and fact["lead"] == "Cherry Ventures"


@pytest.mark.parametrize(("text", "amount"), [
    ("Das Münchner KI-Start-up Helsing hat eine Milliarde Euro eingesammelt.", 1_000_000_000),
    ("Das Berliner Start-up Parloa hat eine Viertelmilliarde Euro eingesammelt.", 250_000_000),
])
def test_german_amount_before_the_participle_is_not_the_investee(text, amount):
    [fact] = facts(text, "de", "funding_round")
    assert (fact["investee"], fact["amount"], fact["currency"]) == (text.split()[3], amount, "EUR")


def test_apposition_between_subject_and_verb_is_skipped():
    [fact] = facts("Thinking Machines Lab, founded by former OpenAI technology chief Mira Murati, raised $2 billion "
                   "in a seed round led by Andreessen Horowitz.", "en", "funding_round")
    assert fact["investee"] == "Thinking Machines Lab"
    assert fact["investors"] == ["Andreessen Horowitz"]


def test_investor_as_subject_and_investee_after_in():
    [fact] = facts("Sequoia led a $50 million Series B in Brightloom, a New York startup.", "en", "funding_round")
    assert (fact["investee"], fact["investors"], fact["round"]) == ("Brightloom", ["Sequoia Capital"], "series_b")


def test_debt_round_and_german_valuation_after_amount():
    [fact] = facts("Helsing hat 600 Mio. Euro eingesammelt und wird nun mit rund 12 Mrd. Euro bewertet.", "de",
                   "funding_round")
    assert fact["amount"] == 600_000_000 and fact["valuation"] == 12_000_000_000
    [debt] = facts("CoreWeave secured $7.5 billion in debt financing led by Blackstone.", "en", "funding_round")
    assert debt["round"] == "debt" and debt["investee"] == "CoreWeave"


def test_running_total_is_not_the_round_amount():
    [fact] = facts("Mistral AI raised €600 million, bringing its total funding to €1.1 billion.", "en", "funding_round")
    assert fact["amount"] == 600_000_000


def test_listed_company_value_is_not_a_valuation():
    assert facts("Der Chipentwickler Broadcom ist erstmals mehr als eine Billion Dollar wert.", "de") == []


def test_evidence_points_into_the_input_text():
    text = "Markets were calm. Anthropic raised $13 billion from Iconiq."
    [fact] = facts(text, "en", "funding_round")
    ev = fact["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["sentence"] == "Anthropic raised $13 billion from Iconiq."
    assert 0 < fact["confidence"] <= 1


# ---------------------------------------------------------------- generalisation patterns (issue 3 follow-up)


def test_second_round_in_the_same_sentence_with_a_pronoun_subject():
    out = facts("NVentures led a $110 million Series B in Lumora Labs, and it also joined the $135 million "
                "round of Sakana AI.", "en", "funding_round")
    by_investee = {f["investee"]: f for f in out}
    assert set(by_investee) == {"Lumora Labs", "Sakana AI"}
    assert by_investee["Sakana AI"]["amount"] == 135_000_000 and by_investee["Sakana AI"]["investors"] == ["NVentures"]
    assert by_investee["Lumora Labs"]["amount"] == 110_000_000 and by_investee["Lumora Labs"]["round"] == "series_b"


def test_deal_and_round_in_two_clauses_joined_by_while():
    out = facts("Nvidia agreed to buy Run:ai for about $700 million, while Cohere raised $500 million from "
                "investors led by Radical Ventures and Inovia Capital.", "en")
    assert {(f["type"], f.get("target") or f.get("investee")) for f in out} == {("acquisition", "Run:ai"), ("funding_round", "Cohere")}
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["investors"] == ["Radical Ventures", "Inovia Capital"] and round_["amount"] == 500_000_000


def test_german_gapping_gives_the_second_company_its_own_round():
    out = facts("Mistral AI sammelte 1,7 Milliarden Euro ein, das schwedische Start-up Lovable 200 Millionen Dollar.",
                "de", "funding_round")
    assert {(f["investee"], f["amount"], f["currency"]) for f in out} == {
        ("Mistral AI", 1_700_000_000, "EUR"), ("Lovable", 200_000_000, "USD")}


def test_german_clause_split_keeps_a_running_total_with_its_investment():
    [fact] = facts("Amazon hat weitere 4 Milliarden Dollar in Anthropic investiert und seine Beteiligung an dem "
                   "OpenAI-Rivalen damit auf insgesamt 8 Milliarden Dollar aufgestockt.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"], fact["cumulative_amount"]) == (
        "Amazon", "Anthropic", 4_000_000_000, 8_000_000_000)


@pytest.mark.parametrize(
    ("lang", "text", "investors"),
    [
        ("en", "Lumora Labs raised $42 million in a Series B led by Index Ventures. Existing backers Accel and "
               "Conviction also took part.", ["Index Ventures", "Accel", "Conviction"]),
        ("en", "Lumora Labs raised $180m in a Series D led by NEA. GV, Balderton Capital and existing investor "
               "Kleiner Perkins joined the round.", ["NEA", "GV", "Balderton Capital", "Kleiner Perkins"]),
        ("de", "Das Start-up Vektorwerk hat 160 Millionen Euro eingesammelt. Angeführt wurde die Runde von Balderton "
               "Capital; beteiligt waren zudem der Rüstungskonzern Hensoldt und der bisherige Geldgeber Project A.",
         ["Balderton Capital", "Hensoldt", "Project A"]),
        ("de", "Langdock hat in einer Series-A-Runde 25 Millionen Euro eingesammelt. Beteiligt waren der High-Tech "
               "Gründerfonds, der Freistaat Sachsen und der Bestandsinvestor Earlybird.",
         ["High-Tech Gründerfonds", "Earlybird"]),
    ],
)
def test_investor_lists_with_descriptors_and_follow_up_sentences(lang, text, investors):
    [fact] = facts(text, lang, "funding_round")
    assert fact["investors"] == investors


def test_a_list_does_not_run_into_a_purpose_clause():
    [fact] = facts("CoreWeave secured $7.5 billion in debt financing led by Blackstone and Magnetar to buy more "
                   "Nvidia chips.", "en", "funding_round")
    assert fact["investors"] == ["Blackstone", "Magnetar"]


def test_subject_before_an_apposition_and_said_it_had():
    [fact] = facts("Poolside, the coding startup founded by a former GitHub chief technology officer, said it had "
                   "raised $500 million in a round led by Nvidia.", "en", "funding_round")
    assert (fact["investee"], fact["investors"], fact["amount"]) == ("Poolside", ["Nvidia"], 500_000_000)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Helsing raised €600 million in a round led by Prima Materia, the investment firm of Spotify founder "
               "Daniel Ek, valuing it at €12 billion."),
        ("de", "Helsing hat 600 Mio. Euro eingesammelt. Angeführt wurde die Runde von Prima Materia, der "
               "Investmentfirma von Spotify-Gründer Daniel Ek."),
    ],
)
def test_an_org_that_describes_a_person_plays_no_role(lang, text):
    out = extract_text(text, lang=lang)
    assert "Spotify" in out["orgs"]  # still a mention
    [fact] = [f for f in out["facts"] if f["type"] in ("funding_round", "investment")]
    assert fact["type"] == "funding_round" and fact["investors"] == ["Prima Materia"]


def test_amount_only_in_the_headline_fills_the_round():
    out = extract_text("Lumora Labs, a Berlin startup, has closed a Series A round led by Index Ventures.", lang="en",
                       title="Lumora Labs raises $50 million")
    [fact] = [f for f in out["facts"] if f["type"] == "funding_round"]
    assert (fact["investee"], fact["amount"], fact["currency"], fact["round"], fact["investors"]) == (
        "Lumora Labs", 50_000_000, "USD", "series_a", ["Index Ventures"])
    assert fact["evidence"]["start"] == 0 and fact["confidence"] < 0.9  # evidence is the text sentence


def test_german_headline_amount_fills_an_amountless_acquisition():
    out = extract_text("SAP übernimmt das Berliner Start-up Langdock, wie der Konzern mitteilte.", lang="de",
                       title="SAP kauft Langdock für 100 Mio. Euro")
    [fact] = [f for f in out["facts"] if f["type"] == "acquisition"]
    assert (fact["acquirer"], fact["target"], fact["amount"], fact["currency"]) == ("SAP", "Langdock", 100_000_000, "EUR")


def test_headline_deal_without_its_party_in_the_text_is_not_added():
    out = extract_text("The market for AI chips keeps growing, analysts said.", lang="en",
                       title="Lumora Labs raises $50 million")
    assert out["facts"] == []


@pytest.mark.parametrize(
    ("lang", "text", "investee", "lead"),
    [
        ("de", "Quantum Systems hat sich frisches Kapital gesichert. Das Münchner Drohnen-Start-up sammelte in einer von "
               "Balderton Capital angeführten Runde 160 Millionen Euro ein.", "Quantum Systems", "Balderton Capital"),
        ("en", "Lovable is growing fast. The Swedish startup raised $200 million in a round led by Accel.", "Lovable", "Accel"),
    ],
)
def test_a_descriptive_subject_refers_to_the_company_named_before(lang, text, investee, lead):
    [fact] = facts(text, lang, "funding_round")
    assert (fact["investee"], fact["investors"], fact.get("lead")) == (investee, [lead], lead)


def test_a_descriptive_subject_does_not_override_a_named_one():
    [fact] = facts("Nvidia reported record revenue. The company said Microsoft invested $5 billion in Anthropic.", "en",
                   "investment")
    assert (fact["investor"], fact["investee"]) == ("Microsoft", "Anthropic")


def test_is_raising_is_pending_and_a_valuation_above_counts():
    out = extract_text("Databricks is raising more than $1 billion in a Series K round at a valuation above "
                       "$100 billion.", lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["amount"], round_["valuation"], round_["status"]) == (1_000_000_000, 100_000_000_000, "talks")


def test_investors_included_in_the_next_sentence_join_the_round():
    out = extract_text("Figure AI raised $1 billion at a $39 billion post-money valuation, the robotics startup said. "
                       "Investors included Nvidia, Brookfield and Intel Capital.", lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["investors"] == ["Nvidia", "Brookfield", "Intel Capital"]


def test_german_investor_phrasings_before_and_after_the_round():
    cases = [
        ("Mit Unterstützung der Deutschen Bank hat das Münchner Start-up Tacto 50 Millionen Euro eingesammelt.",
         "Tacto", ["Deutsche Bank"]),
        ("Das Start-up Langdock aus Berlin hat eine Seed-Finanzierung über 3 Millionen Euro abgeschlossen. "
         "Investoren sind General Catalyst und La Famiglia.", "Langdock", ["General Catalyst", "La Famiglia"]),
        ("Zu den Geldgebern der neuen Runde über 600 Millionen Euro zählen Helsings Bestandsinvestoren General "
         "Catalyst und Lakestar.", "Helsing", ["General Catalyst", "Lakestar"]),
    ]
    for text, investee, investors in cases:
        [round_] = [f for f in extract_text(text, lang="de")["facts"] if f["type"] == "funding_round"]
        assert (round_["investee"], round_["investors"]) == (investee, investors), text


def test_german_valuation_named_several_words_after_bewertung_is_an_integer():
    out = extract_text("Quantum Systems sammelt 160 Millionen Euro ein. Die Bewertung des Drohnenherstellers "
                       "verdreifacht sich damit auf über drei Milliarden Euro.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["valuation"] == 3_000_000_000 and isinstance(round_["valuation"], int)


def test_the_round_as_subject_of_the_next_sentence_belongs_to_the_company_named_before():
    out = extract_text("Aleph Alpha hat eine neue Finanzierung abgeschlossen. Die Finanzierungsrunde über 500 Millionen "
                       "Dollar wurde von der Schwarz-Gruppe angeführt.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["investee"], round_["amount"], round_["investors"]) == ("Aleph Alpha", 500_000_000, ["Schwarz Group"])
    out = extract_text("Poolside has completed a new raise. The Series B round brought in $500 million and was led by "
                       "Bain Capital Ventures, with Nvidia and Samsung also participating.", lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["investee"], round_["round"], round_["investors"]) == (
        "Poolside", "series_b", ["Bain Capital Ventures", "Nvidia", "Samsung"])


def test_an_investor_of_the_round_contributing_its_own_amount_is_an_investment():
    out = extract_text("Helsing raised EUR 600 million in a round led by General Catalyst. General Catalyst contributed "
                       "EUR 200 million of it.", lang="en")["facts"]
    [inv] = [f for f in out if f["type"] == "investment"]
    assert (inv["investor"], inv["investee"], inv["amount"], inv["currency"]) == (
        "General Catalyst", "Helsing", 200_000_000, "EUR")


def test_credit_line_lenders_in_the_next_sentence():
    out = extract_text("Lambda hat sich einen Kredit über 1,5 Milliarden Dollar gesichert. Die Kreditlinie wird von "
                       "JPMorgan und Blackstone bereitgestellt, angeführt von JPMorgan.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert round_["round"] == "debt" and round_["investors"][:2] == ["JPMorgan", "Blackstone"]


def test_a_company_investing_its_own_amount_after_the_round_joins_it():
    out = extract_text("Mistral AI raised EUR 1.7 billion in a Series C round. ASML invested EUR 1.3 billion.",
                       lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    [inv] = [f for f in out if f["type"] == "investment"]
    assert round_["investors"] == ["ASML"]
    assert (inv["investor"], inv["investee"], inv["amount"]) == ("ASML", "Mistral AI", 1_300_000_000)


def test_investor_in_a_fronted_participle_phrase():
    out = extract_text("In einer von Accel angeführten Finanzierungsrunde hat Black Forest Labs 300 Millionen Dollar "
                       "erhalten.", lang="de")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["investee"], round_["investors"], round_.get("lead")) == ("Black Forest Labs", ["Accel"], "Accel")


def test_possessive_owner_of_the_round_and_an_investor_among_its_backers():
    out = extract_text("Nvidia is among the investors in xAI's $20 billion funding round.", lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["investee"], round_["investors"], round_["amount"]) == ("xAI", ["Nvidia"], 20_000_000_000)


def test_the_rounds_valuation_not_an_earlier_one_in_a_relative_clause():
    out = extract_text("Mistral AI, which was valued at $6 billion last year, is now seeking funding at a $14 billion "
                       "valuation.", lang="en")["facts"]
    [round_] = [f for f in out if f["type"] == "funding_round"]
    assert (round_["valuation"], round_["amount"], round_["status"]) == (14_000_000_000, None, "talks")


def test_capital_nouns_are_not_discovered_as_companies():
    out = extract_text("Das Start-up hat nach eigenen Angaben bereits über 100 Millionen Euro an Wagniskapital "
                       "eingesammelt.", lang="de")
    assert out["orgs"] == []


@pytest.mark.parametrize("text", [
    "Naver will invest $1 billion in AI data centers, while Upstage raised $100 million.",
    "Naver will invest 1.4 trillion won in AI data centers, while Upstage raised 140 billion won.",
])
def test_the_round_takes_its_own_clauses_amount_not_a_spending_plan_before_it(text):
    [fact] = facts(text, "en")
    assert fact["type"] == "funding_round" and fact["investee"] == "Upstage"
    assert fact["amount"] in (100_000_000, 140_000_000_000)


def test_german_round_amount_follows_its_investee():
    [fact] = facts("Nach 20 Millionen Euro im Vorjahr sammelt Parloa nun 120 Millionen Euro ein.", "de",
                   "funding_round")
    assert (fact["investee"], fact["amount"]) == ("Parloa", 120_000_000)


@pytest.mark.parametrize(
    ("lang", "text", "investee", "investors"),
    [
        ("en", "Anthropic is in talks to raise $5 billion from Lightspeed at a $170 billion valuation, according to "
               "The Information.", "Anthropic", ["Lightspeed Venture Partners"]),
        ("de", "Mistral AI sammelt Bloomberg zufolge 1,7 Milliarden Euro von ASML ein.", "Mistral AI", ["ASML"]),
        ("en", "Cohere raised $500 million led by Radical Ventures, Reuters reported on Tuesday.", "Cohere",
         ["Radical Ventures"]),
    ],
)
def test_the_source_of_a_report_is_no_party_to_the_deal(lang, text, investee, investors):
    out = extract_text(text, lang=lang)
    [fact] = [f for f in out["facts"] if f["type"] == "funding_round"]
    assert (fact["investee"], fact["investors"]) == (investee, investors)
    assert len(out["orgs"]) == len(investors) + 2  # the source is still a mention


def test_a_news_outlet_before_the_deal_is_not_its_acquirer():
    [fact] = facts("Wie das Handelsblatt berichtet, übernimmt SAP das Start-up Quorvane für 200 Millionen Euro.",
                   "de", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["amount"]) == ("SAP", "Quorvane", 200_000_000)


def test_a_discovered_company_named_again_later_is_the_same_company():
    # the second "Tenvis" has no context of its own that would mark it as a company
    [fact] = facts("Das Wiener KI-Start-up Tenvis hat einen Kunden gewonnen. Speedinvest steckt 12 Millionen Euro "
                   "in Tenvis.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Speedinvest", "Tenvis", 12_000_000)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Helsing hired a new boss. It raised $20 million from Earlybird."),
        ("de", "Helsing hat einen neuen Chef. Es sammelte 20 Millionen Euro von Earlybird ein."),
        ("en", "After raising $5 million last year, Helsing raised $20 million from Earlybird."),
    ],
)
def test_a_pronoun_subject_and_a_leading_clause_about_an_earlier_round(lang, text):
    [fact] = facts(text, lang, "funding_round")
    assert (fact["investee"], fact["investors"], fact["amount"]) == ("Helsing", ["Earlybird"], 20_000_000)


def test_an_expletive_pronoun_is_no_investee():
    assert facts("Helsing hat einen neuen Chef. Es geht um 20 Millionen Euro von Earlybird.", "de") == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Mistral AI hat 1,7 Milliarden Euro eingesammelt. Angeführt wurde sie vom niederländischen "
               "Chipausrüster ASML."),
        ("en", "Mistral AI raised €1.7 billion. It was led by ASML."),
    ],
)
def test_a_pronoun_for_the_round_in_the_next_sentence_names_its_lead(lang, text):
    [fact] = facts(text, lang, "funding_round")
    assert (fact["investee"], fact["investors"], fact["lead"]) == ("Mistral AI", ["ASML"], "ASML")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Insgesamt hat Helsing damit seit der Gründung mehr als 1,3 Milliarden Euro eingesammelt."),
        ("en", "Since its founding in 2021, Helsing has raised more than $1.3 billion."),
    ],
)
def test_money_raised_since_the_founding_is_a_total_not_a_round(lang, text):
    assert facts(text, lang, "funding_round") == []
