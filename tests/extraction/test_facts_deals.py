"""Investments and acquisitions in English and German, including passive voice and verb-final clauses."""
from __future__ import annotations

import pytest

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str) -> list[dict]:
    return [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == kind]


def test_investment_with_cumulative_amount():
    [fact] = facts("Amazon will invest a further $4 billion in Anthropic, bringing its total investment to $8 billion.",
                   "en", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"], fact["cumulative_amount"]) == (
        "Amazon", "Anthropic", 4_000_000_000, 8_000_000_000)


def test_german_cumulative_amount_in_the_next_sentence():
    [fact] = facts("Amazon investiert weitere vier Milliarden Dollar in Anthropic. Damit steigt die Gesamtinvestition "
                   "des Onlinehändlers in den Claude-Entwickler auf acht Milliarden Dollar.", "de", "investment")
    assert fact["amount"] == 4_000_000_000 and fact["cumulative_amount"] == 8_000_000_000


def test_german_verb_final_investment():
    [fact] = facts("Microsoft hatte angekündigt, fünf Milliarden Dollar in Anthropic zu investieren.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Microsoft", "Anthropic", 5_000_000_000)


def test_german_stake_without_amount():
    [fact] = facts("Die Deutsche Telekom beteiligt sich am Kölner Übersetzungsdienst DeepL.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Deutsche Telekom", "DeepL", None)


@pytest.mark.parametrize("verb", ["committed", "will invest"])
def test_second_investor_in_a_while_clause(verb):
    out = facts(f"Microsoft will invest up to $5 billion in Anthropic, while Nvidia {verb} up to $10 billion.",
                "en", "investment")
    assert [(f["investor"], f["investee"], f["amount"]) for f in out] == [
        ("Microsoft", "Anthropic", 5_000_000_000), ("Nvidia", "Anthropic", 10_000_000_000)]


def test_active_and_passive_acquisitions():
    [active] = facts("AMD übernimmt den Serverbauer ZT Systems für knapp 4,9 Milliarden Dollar.", "de", "acquisition")
    assert (active["acquirer"], active["target"], active["amount"]) == ("AMD", "ZT Systems", 4_900_000_000)
    [passive] = facts("Wiz was acquired by Google for $32 billion.", "en", "acquisition")
    assert (passive["acquirer"], passive["target"]) == ("Google", "Wiz")


def test_german_takeover_noun_with_durch():
    [fact] = facts("Aleph Alpha verhandelt über eine Übernahme durch die Schwarz-Gruppe.", "de", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["status"]) == ("Schwarz Group", "Aleph Alpha", "talks")


def test_buying_chips_or_compute_is_not_an_acquisition():
    assert facts("OpenAI signed a contract to buy $300 billion of computing power from Oracle.", "en", "acquisition") == []
    assert facts("xAI buys Nvidia chips worth billions.", "en", "acquisition") == []


def test_compound_modifier_is_not_the_target():
    out = facts("OpenAI übernimmt das Hardware-Start-up io des früheren Apple-Designers Jony Ive für 6,5 Milliarden Dollar.",
                "de", "acquisition")
    assert all(f["target"] != "Apple" for f in out)


def test_german_perfect_tense_takeover_after_a_fronted_phrase():
    [fact] = facts("Laut Unternehmensangaben hat Nvidia die israelische Firma Run:ai für rund 700 Millionen Dollar "
                   "übernommen.", "de", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["amount"], fact["currency"]) == (
        "Nvidia", "Run:ai", 700_000_000, "USD")
    [plain] = facts("Der Softwarekonzern SAP hat das Berliner Start-up LeanIX gekauft.", "de", "acquisition")
    assert (plain["acquirer"], plain["target"], plain["amount"]) == ("SAP", "LeanIX", None)


def test_start_up_description_after_an_investment_means_the_investee():
    out = extract_text("Die Deutsche Bank beteiligt sich an Aleph Alpha. Das Heidelberger KI-Unternehmen erhielt in "
                       "einer Finanzierungsrunde 500 Millionen Dollar, angeführt von der Schwarz-Gruppe.", lang="de")
    [round_] = [f for f in out["facts"] if f["type"] == "funding_round"]
    assert (round_["investee"], round_["amount"], round_["investors"]) == ("Aleph Alpha", 500_000_000, ["Schwarz Group"])
    # a description that fits the investor keeps pointing at the sentence's subject
    out = extract_text("Sequoia Capital investiert in Parloa. Der US-Investor sammelte zuletzt einen Fonds über "
                       "eine Milliarde Dollar ein.", lang="de")
    assert all(f.get("investee") != "Parloa" for f in out["facts"] if f["type"] == "funding_round")


def test_fronted_purchase_noun_and_a_deal_valued_at():
    [fronted] = facts("Mit dem Kauf von Run:ai für 700 Millionen Dollar stärkt Nvidia sein Softwaregeschäft.", "de",
                      "acquisition")
    assert (fronted["acquirer"], fronted["target"], fronted["amount"]) == ("Nvidia", "Run:ai", 700_000_000)
    [valued] = facts("CoreWeave agreed to acquire Core Scientific in an all-stock deal valued at about $9 billion.",
                     "en", "acquisition")
    assert (valued["acquirer"], valued["target"], valued["amount"]) == ("CoreWeave", "Core Scientific", 9_000_000_000)


def test_price_in_the_next_sentence_fills_an_amountless_deal():
    [bought] = facts("Nvidia übernimmt Run:ai. Der Kaufpreis liegt bei 700 Millionen Dollar.", "de", "acquisition")
    assert (bought["amount"], bought["currency"]) == (700_000_000, "USD")
    [stake] = facts("Der Softwarekonzern SAP investiert in das Start-up Aleph Alpha aus Heidelberg. Insgesamt fließen "
                    "mehr als 500 Millionen Dollar an das Unternehmen.", "de", "investment")
    assert (stake["investor"], stake["investee"], stake["amount"]) == ("SAP", "Aleph Alpha", 500_000_000)
    # a later amount about someone else's money is not the price
    [other] = facts("Nvidia has acquired Run:ai. The Israeli startup had raised $118 million from investors.",
                    "en", "acquisition")
    assert other["amount"] is None


def test_talks_between_a_lab_and_an_investor_make_the_investor_pay():
    for text, lang in (("OpenAI is in talks with SoftBank over an investment of up to $30 billion.", "en"),
                       ("SoftBank is in talks with OpenAI over an investment of up to $30 billion.", "en")):
        [fact] = facts(text, lang, "investment")
        assert (fact["investor"], fact["investee"], fact["status"]) == ("SoftBank Group", "OpenAI", "talks")
    [de] = facts("Anthropic verhandelt mit Microsoft über eine Investition von fünf Milliarden Dollar.", "de", "investment")
    assert (de["investor"], de["investee"], de["amount"]) == ("Microsoft", "Anthropic", 5_000_000_000)


def test_english_gapped_second_investor():
    out = facts("Alphabet will invest up to $2 billion in Anthropic and Amazon another $4 billion.", "en", "investment")
    assert [(f["investor"], f["investee"], f["amount"]) for f in out] == [
        ("Alphabet", "Anthropic", 2_000_000_000), ("Amazon", "Anthropic", 4_000_000_000)]


def test_buying_a_part_of_a_company_is_not_a_takeover_of_it():
    assert facts("Perplexity made a $34.5 billion unsolicited offer for Google's Chrome browser.", "en",
                 "acquisition") == []
    assert facts("Infineon hat die Übernahme des Ethernet-Geschäfts von Marvell für 2,5 Milliarden Dollar "
                 "abgeschlossen.", "de", "acquisition") == []
    [whole] = facts("Salesforce agreed to buy Informatica for about $8 billion in cash.", "en", "acquisition")
    assert (whole["acquirer"], whole["target"]) == ("Salesforce", "Informatica")


def test_an_amount_in_another_companys_clause_is_not_the_price():
    [fact] = facts("Cognition has agreed to acquire Windsurf, days after Google hired Windsurf's CEO in a $2.4 billion "
                   "deal.", "en", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["amount"]) == ("Cognition", "Windsurf", None)


def test_about_to_take_over_is_pending_in_german():
    [fact] = facts("Der Softwarekonzern SAP steht kurz vor der Übernahme des Münchner KI-Start-ups Deepset.", "de",
                   "acquisition")
    assert (fact["acquirer"], fact["target"], fact["status"]) == ("SAP", "Deepset", "talks")


def test_german_verb_second_after_a_fronted_phrase():
    [inv] = facts("Im Rahmen der Runde investierte Nvidia 500 Millionen Dollar in Mistral AI.", "de", "investment")
    assert (inv["investor"], inv["investee"], inv["amount"]) == ("Nvidia", "Mistral AI", 500_000_000)
    [acq] = facts("Für 6,5 Milliarden Dollar kauft OpenAI das Hardware-Start-up io.", "de", "acquisition")
    assert (acq["acquirer"], acq["target"], acq["amount"]) == ("OpenAI", "io", 6_500_000_000)
    [stake] = facts("Nun steigt auch der Chipkonzern Nvidia bei dem französischen KI-Start-up Mistral AI ein.", "de",
                    "investment")
    assert (stake["investor"], stake["investee"], stake["amount"]) == ("Nvidia", "Mistral AI", None)


def test_german_modal_at_the_clause_end_makes_the_deal_pending():
    [fact] = facts("Bereits im Frühjahr hatte OpenAI das Start-up Windsurf für drei Milliarden Dollar übernehmen wollen.",
                   "de", "acquisition")
    assert fact["status"] == "talks"
    [done] = facts("AMD übernimmt den Serverbauer ZT Systems für knapp 4,9 Milliarden Dollar.", "de", "acquisition")
    assert done.get("status", "completed") == "completed"


def test_acquiring_a_stake_is_an_investment_and_said_it_would_is_agreed():
    assert facts("Meta has held talks to acquire a stake in Scale AI worth more than $10 billion.", "en",
                 "acquisition") == []
    [stake] = facts("Meta has held talks to acquire a stake in Scale AI worth more than $10 billion.", "en", "investment")
    assert (stake["investor"], stake["investee"], stake["status"]) == ("Meta", "Scale AI", "talks")
    [agreed] = facts("ServiceNow said on Wednesday it would acquire Moveworks for $2.85 billion in cash and stock.", "en",
                     "acquisition")
    assert agreed.get("status", "completed") == "completed" and agreed["amount"] == 2_850_000_000
    [guess] = facts("Analysts think ServiceNow would acquire Moveworks for $2.85 billion.", "en", "acquisition")
    assert guess["status"] == "talks"


def test_investor_joining_a_named_companys_round_in_verb_second_order():
    [inv] = facts("Bei der jüngsten Finanzierungsrunde von Mistral AI stieg der niederländische Chipmaschinenbauer ASML "
                  "mit 1,3 Milliarden Euro ein.", "de", "investment")
    assert (inv["investor"], inv["investee"], inv["amount"]) == ("ASML", "Mistral AI", 1_300_000_000)
    # "die Finanzierung von X" after "Angeführt wurde" names the lead, not the company funded
    out = extract_text("Das Berliner KI-Startup Quorra hat 8 Millionen Euro eingesammelt. Angeführt wurde die "
                       "Finanzierung von Cherry Ventures, auch Project A beteiligte sich.", lang="de")["facts"]
    assert [f for f in out if f["type"] == "investment"] == []


def test_investee_named_by_a_description_after_the_amount():
    [inv] = facts("Scale AI laid off 14% of its staff weeks after Meta invested $14.3 billion in the company.", "en",
                  "investment")
    assert (inv["investor"], inv["investee"], inv["amount"]) == ("Meta", "Scale AI", 14_300_000_000)
    [chip] = facts("Intel said SoftBank will invest $2 billion in the chipmaker, buying common stock at $23 a share.",
                   "en", "investment")
    assert (chip["investor"], chip["investee"], chip["amount"]) == ("SoftBank Group", "Intel", 2_000_000_000)
    # with no other organisation in the sentence there is no one to stand for
    assert facts("Microsoft invested $1 billion in the company in 2019.", "en", "investment") == []


def test_german_fronted_accusative_object_is_the_target():
    [fact] = facts("Den Münchner Softwarehersteller Celonis kauft SAP für 10 Milliarden Euro auf.", "de", "acquisition")
    assert (fact["acquirer"], fact["target"], fact["amount"]) == ("SAP", "Celonis", 10_000_000_000)


def test_an_earlier_deal_in_a_leading_clause_is_not_the_amount():
    [fact] = facts("Nachdem das Start-up zuvor 5 Millionen Euro eingesammelt hatte, investiert nun Lakestar 20 Millionen "
                   "Euro in Helsing.", "de", "investment")
    assert (fact["investor"], fact["investee"], fact["amount"]) == ("Lakestar", "Helsing", 20_000_000)


def test_selling_a_stake_is_no_investment_by_the_seller():
    assert facts("SoftBank agreed to sell its stake in Nvidia for $5.8 billion.", "en", "investment") == []
    assert facts("Siemens verkauft seine Beteiligung an Helsing für 100 Millionen Euro.", "de", "investment") == []
    [fact] = facts("SoftBank sold its stake in Nvidia to fund its $22.5 billion investment in OpenAI.", "en",
                   "investment")
    assert (fact["investor"], fact["investee"]) == ("SoftBank Group", "OpenAI")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Das Heidelberger KI-Unternehmen Aleph Alpha wird Teil der Schwarz-Gruppe.",
         [("Schwarz Group", "Aleph Alpha")]),
        ("en", "Windsurf will become part of Cognition under the deal.", [("Cognition", "Windsurf")]),
        ("de", "Aleph Alpha wird Teil der Partnerschaft mit SAP.", []),
    ],
)
def test_becoming_part_of_a_company_is_its_acquisition(lang, text, expected):
    assert [(f["acquirer"], f["target"]) for f in facts(text, lang, "acquisition")] == expected
