"""Numbers that are not deals must not become facts: revenue, prices, market value, forecasts, spending, fines.

Not a case file: each text also checks that `money` is not empty, and a case can only list the money items
exactly. The trap next to a round is cases/funding_round/revenue_in_a_relative_clause_is_not_the_round_amount.yaml.
"""
from __future__ import annotations

import pytest

from extractors.nlp.extract import extract_text

MONEY_FACTS = {"funding_round", "investment", "acquisition", "valuation"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "OpenAI's annualised revenue reached $13 billion, the company said."),
        ("en", "Anthropic charges $200 per month for its Max plan."),
        ("en", "Nvidia reached a market capitalisation of $4 trillion on Thursday."),
        ("en", "Microsoft expects to spend $80 billion on AI data centres this year."),
        ("en", "A hypothetical deal could cost Apple $10 billion."),
        ("en", "Alphabet announced a new $70 billion share buyback."),
        ("en", "The EU fined Meta $800 million over its ads business."),
        ("en", "Mistral AI now has revenue of $100 million and 30x revenue multiples."),
        ("de", "Der Umsatz von Aleph Alpha stieg auf 50 Millionen Euro."),
        ("de", "Das Abo von OpenAI kostet 20 Euro im Monat."),
        ("de", "Der Börsenwert von Nvidia liegt bei 4 Billionen Dollar."),
        ("de", "Die EU-Kommission hat gegen Apple eine Strafe von 500 Millionen Euro verhängt."),
        ("de", "Der Bau könnte OpenAI und Oracle bis zu 500 Milliarden Dollar kosten."),
        # the value a stake could have is a hypothetical, not an investment (issue 3 follow-up)
        ("en", "Microsoft's 27% stake in OpenAI could be worth as much as $135 billion after the restructuring."),
        ("de", "Der Anteil von Microsoft an OpenAI könnte nach der Umstrukturierung 135 Milliarden Dollar wert sein."),
        # a market-value milestone, an analyst's price target, a valuation in a listing that has not happened
        ("en", "Nvidia closed above the $4 trillion mark on Thursday."),
        ("en", "Morgan Stanley raised its price target on Nvidia to $200."),
        ("de", "Analysten hoben das Kursziel für SAP auf 300 Euro an."),
        ("en", "Anthropic could be valued at more than $300 billion in an IPO."),
        ("de", "Bei einem Börsengang könnte Databricks mit mehr als 100 Milliarden Dollar bewertet werden."),
    ],
)
def test_trap_amounts_make_no_money_fact(lang, text):
    result = extract_text(text, lang=lang)
    assert result["money"], "the amount itself is still reported in `money`"
    assert [f for f in result["facts"] if f["type"] in MONEY_FACTS] == []

