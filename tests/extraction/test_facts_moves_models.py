"""Stock moves (company, percent, direction, period) and model releases in English and German."""
from __future__ import annotations

import pytest

from extractors.nlp.extract import extract_text


def facts(text: str, lang: str, kind: str) -> list[dict]:
    return [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == kind]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Shares of C3.ai tumbled 25% in extended trading.", ("C3.ai", 25.0, "down", "extended trading")),
        ("en", "Amazon.com shares climbed 9.6% on Friday.", ("Amazon", 9.6, "up", "Friday")),
        ("de", "Die SAP-Aktie stieg im frühen Handel um 3,1 Prozent.", ("SAP", 3.1, "up", "im frühen Handel")),
        ("de", "Die Nvidia-Aktie verlor seit Jahresbeginn 12 Prozent.", ("Nvidia", 12.0, "down", "seit Jahresbeginn")),
    ],
)
def test_stock_moves(lang, text, expected):
    [fact] = facts(text, lang, "stock_move")
    assert (fact["company"], fact["percent"], fact["direction"], fact["period"]) == expected


def test_revenue_growth_is_not_a_stock_move():
    assert facts("Nvidia's revenue rose 56% in the quarter.", "en", "stock_move") == []
    assert facts("Der Umsatz von SAP stieg um 9 Prozent.", "de", "stock_move") == []


@pytest.mark.parametrize(
    ("lang", "text", "company", "model"),
    [
        ("en", "OpenAI on Thursday launched GPT-5 for all users.", "OpenAI", "GPT-5"),
        ("en", "Google DeepMind released Gemini 2.5 Pro to developers.", "Google DeepMind", "Gemini 2.5 Pro"),
        ("de", "Google DeepMind hat Gemini 3 vorgestellt.", "Google DeepMind", "Gemini 3"),
        ("de", "Meta hat mit Llama 4 eine neue Generation seiner offenen Sprachmodelle vorgestellt.", "Meta", "Llama 4"),
        # short names outside the knowledge base's families, next to a model noun (issue 3 follow-up)
        ("en", "DeepSeek released R1, a reasoning model that rivals OpenAI's o1.", "DeepSeek", "R1"),
        ("en", "Moonshot AI released K2, its new open-weight model, on Friday.", "Moonshot AI", "K2"),
        ("de", "Das chinesische Start-up DeepSeek hat mit R1 ein neues Reasoning-Modell veröffentlicht.", "DeepSeek", "R1"),
        ("en", "DeepSeek released DeepSeek-V3.2-Exp on Monday.", "DeepSeek", "DeepSeek-V3.2-Exp"),
    ],
)
def test_model_releases(lang, text, company, model):
    [fact] = facts(text, lang, "model_release")
    assert (fact["company"], fact["model"]) == (company, model)


def test_a_model_named_in_comparison_is_not_released():
    out = facts("DeepSeek has released a new model, which it says rivals GPT-5 on reasoning.", "en", "model_release")
    assert all(f["model"] != "GPT-5" for f in out)


def test_a_product_compound_is_not_a_release():
    out = facts("OpenAI hat GPT-5 veröffentlicht; das Modell steht Nutzern der ChatGPT-Version zur Verfügung.", "de",
                "model_release")
    assert [f["model"] for f in out] == ["GPT-5"]


def test_two_moves_in_one_sentence():
    out = facts("Im Dax gewannen SAP-Aktien 2,3 Prozent, während die Papiere von Infineon um 4,1 Prozent fielen.", "de",
                "stock_move")
    assert [(f["company"], f["percent"], f["direction"]) for f in out] == [("SAP", 2.3, "up"), ("Infineon", 4.1, "down")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Nvidia unveiled the H200 chip for data centres."),
        ("en", "Apple unveiled the M4 chip and a new model of the iPad."),
        ("de", "Nvidia stellte den Chip B200 für Rechenzentren vor."),
        ("en", "Anthropic is introducing a Max plan for heavy users of Claude priced at up to $200 per month."),
    ],
)
def test_chips_and_plans_are_not_model_releases(lang, text):
    assert facts(text, lang, "model_release") == []


def test_parameter_count_is_part_of_the_model_name():
    cases = [("Meta released its Llama 3.1 405B model, the largest open-weight model to date.", "en", "Llama 3.1 405B"),
             ("Mistral AI released Mixtral 8x22B under an open licence.", "en", "Mixtral 8x22B"),
             ("Alibaba veröffentlicht Qwen3 235B-A22B.", "de", "Qwen3 235B-A22B")]
    for text, lang, model in cases:
        [fact] = [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == "model_release"]
        assert fact["model"] == model


def test_depositary_receipts_are_shares():
    [move] = [f for f in extract_text("TSMC's American depositary receipts gained 4.1% in New York.", lang="en")["facts"]
              if f["type"] == "stock_move"]
    assert (move["company"], move["percent"], move["direction"]) == ("TSMC", 4.1, "up")


def test_lowercase_tier_is_part_of_the_name_and_a_plan_is_not_a_model():
    out = [f["model"] for f in extract_text("OpenAI has released o3-pro to ChatGPT Pro and Team users.", lang="en")["facts"]
           if f["type"] == "model_release"]
    assert out == ["o3-pro"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Analysts at Wedbush said Microsoft shares could rise another 20% over the next year."),
    ("de", "Die Nvidia-Aktie könnte laut Analysten um 30 Prozent steigen."),
])
def test_a_forecast_move_is_not_a_stock_move(lang, text):
    assert [f for f in extract_text(text, lang=lang)["facts"] if f["type"] == "stock_move"] == []


def test_a_modal_inside_a_relative_clause_does_not_cancel_the_move():
    out = extract_text("Nvidia shares, which will be split next week, rose 3%.", lang="en")["facts"]
    assert [(f["company"], f["percent"]) for f in out if f["type"] == "stock_move"] == [("Nvidia", 3.0)]


def test_a_short_code_inside_a_released_name_is_not_a_second_model_and_a_powering_model_is_not_released():
    models = [f["model"] for f in extract_text("Moonshot AI unveiled Kimi K2, an open-weight model with one trillion "
                                               "parameters.", lang="en")["facts"] if f["type"] == "model_release"]
    assert models == ["Kimi K2"]
    out = extract_text("Apple is expected to launch a new Siri powered by Google's Gemini next year.", lang="en")
    assert [f for f in out["facts"] if f["type"] == "model_release"] == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Nvidia reported record revenue. Its shares rose 4% in extended trading.", ("Nvidia", 4.0, "up")),
        ("de", "SAP senkte am Dienstag die Prognose. Die Aktie schloss 2,1 Prozent im Minus.", ("SAP", 2.1, "down")),
        ("en", "The British chip designer Alphawave said on Monday it agreed to be bought. Alphawave shares jumped "
               "20%.", ("Alphawave", 20.0, "up")),
    ],
)
def test_a_share_word_refers_back_to_the_company_named_before(lang, text, expected):
    [fact] = facts(text, lang, "stock_move")
    assert (fact["company"], fact["percent"], fact["direction"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Aktien von Infineon sackten am Montag um 6 Prozent ab.", ("Infineon", 6.0, "down")),
        ("Die Papiere von SAP verteuerten sich um 2,5 Prozent.", ("SAP", 2.5, "up")),
        ("Die Infineon-Aktien büssten bis zu 5 Prozent ein.", ("Infineon", 5.0, "down")),
        ("Die starken Zahlen haben die Aktie von Nvidia um 8 Prozent nach oben getrieben.", ("Nvidia", 8.0, "up")),
    ],
)
def test_more_german_move_verbs(text, expected):
    [fact] = facts(text, "de", "stock_move")
    assert (fact["company"], fact["percent"], fact["direction"]) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Apple's shares rose 2% and Microsoft's fell 1% on Monday.",
         [("Apple", 2.0, "up"), ("Microsoft", 1.0, "down")]),
        ("de", "Die SAP-Aktie stieg um 2 Prozent und Siemens verlor 1 Prozent.",
         [("SAP", 2.0, "up"), ("Siemens", 1.0, "down")]),
        ("en", "Shares of Nvidia rose 3% on Monday.", [("Nvidia", 3.0, "up")]),
        ("de", "Nvidia verlor an der Nasdaq 3 Prozent, AMD gewann 2 Prozent.",
         [("Nvidia", 3.0, "down"), ("AMD", 2.0, "up")]),
        ("en", "Nvidia fell 3%, AMD gained 2% and Intel rose 1%.",
         [("Nvidia", 3.0, "down"), ("AMD", 2.0, "up"), ("Intel", 1.0, "up")]),
    ],
)
def test_two_moves_joined_by_and(lang, text, expected):
    got = [(f["company"], f["percent"], f["direction"]) for f in facts(text, lang, "stock_move")]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Meta's new model beats OpenAI's GPT-5 on several benchmarks.",
        "OpenAI launched ChatGPT Atlas, a web browser, on Tuesday.",
    ],
)
def test_a_compared_model_or_a_product_named_after_a_family_is_no_release(text):
    assert facts(text, "en", "model_release") == []


@pytest.mark.parametrize(
    ("lang", "text", "company", "model"),
    [
        ("en", "Deepmind released a new model, Gemini 3.", "Google DeepMind", "Gemini 3"),
        ("en", "OpenAI launched its latest model, GPT-5, on Thursday.", "OpenAI", "GPT-5"),
        ("de", "OpenAI hat ein neues Modell veröffentlicht: GPT-5.", "OpenAI", "GPT-5"),
    ],
)
def test_a_model_named_in_an_apposition_after_the_verb(lang, text, company, model):
    [fact] = facts(text, lang, "model_release")
    assert (fact["company"], fact["model"]) == (company, model)
