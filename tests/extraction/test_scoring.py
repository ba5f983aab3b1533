"""Unit tests of extractors.nlp.scoring on hand-made predicted/gold pairs, no extractor involved."""
from __future__ import annotations

import pytest

from extractors.nlp.scoring import (
    Counts,
    amounts_close,
    drop_round_valuation_duplicates,
    facts_match,
    match_facts,
    normalize_model,
    prf,
    score_money,
    score_orgs,
    score_passage,
)

ROUND = {"type": "funding_round", "investee": "Anthropic", "investors": ["Iconiq", "Fidelity"], "amount": 13e9,
         "currency": "USD", "valuation": 183e9, "round": "series_f"}
INVESTMENT = {"type": "investment", "investor": "Amazon", "investee": "Anthropic", "amount": 4e9,
              "currency": "USD", "cumulative_amount": 8e9}
STOCK = {"type": "stock_move", "company": "Nvidia", "percent": 17, "direction": "down", "period": "Monday"}


def _row(facts, orgs=(), money=(), tags=("funding_round",)):
    return {"id": "t-1", "gold": {"orgs": list(orgs), "money": list(money), "facts": list(facts)}, "tags": list(tags)}


def _out(facts, orgs=(), money=()):
    return {"id": "t-1", "orgs": list(orgs), "money": list(money),
            "facts": [dict(f, evidence={"sentence": "s", "start": 0, "end": 1}, confidence=0.9) for f in facts]}


def test_prf_of_counts_and_empty_sides():
    assert prf(8, 2, 0) == pytest.approx((0.8, 1.0, 2 * 0.8 / 1.8))
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 0, 3) == (1.0, 0.0, 0.0)
    assert prf(0, 2, 0) == (0.0, 1.0, 0.0)


def test_perfect_prediction_scores_one():
    gold = [ROUND, INVESTMENT, STOCK]
    board = score_passage(_out(gold, ["Anthropic", "Amazon"]), _row(gold, ["Anthropic", "Amazon"]))
    assert board.all_facts.prf == (1.0, 1.0, 1.0)
    assert board.fields["funding_round.investors"].value == 1.0
    assert board.misses == []


def test_missing_fact_lowers_recall_only():
    board = score_passage(_out([ROUND]), _row([ROUND, INVESTMENT]))
    assert (board.all_facts.tp, board.all_facts.fp, board.all_facts.fn) == (1, 0, 1)
    assert board.facts["investment"].fn == 1
    assert [m.kind for m in board.misses] == ["missed"]


def test_extra_fact_lowers_precision_only():
    extra = {"type": "acquisition", "acquirer": "Google", "target": "Wiz", "amount": None, "currency": None}
    board = score_passage(_out([ROUND, extra]), _row([ROUND]))
    assert board.facts["acquisition"].fp == 1
    assert board.all_facts.prf[1] == 1.0 and board.all_facts.prf[0] == 0.5


def test_amount_off_by_five_percent_does_not_match():
    off = dict(ROUND, amount=13e9 * 1.05)
    assert not facts_match(off, ROUND)
    near = dict(ROUND, amount=13e9 * 1.009)
    assert facts_match(near, ROUND)


def test_both_amounts_null_match_but_one_null_does_not():
    gold = dict(ROUND, amount=None, currency="USD")
    assert facts_match(dict(gold), gold)
    assert not facts_match(dict(ROUND), gold)
    assert amounts_close(None, None) and not amounts_close(None, 1.0)


def test_investment_amount_only_checked_when_gold_has_one():
    gold = dict(INVESTMENT, amount=None, currency=None)
    assert facts_match(dict(INVESTMENT, amount=7e9), gold)
    assert not facts_match(dict(INVESTMENT, amount=7e9), INVESTMENT)


def test_org_names_compare_case_insensitively_and_models_ignore_hyphens():
    assert facts_match(dict(INVESTMENT, investor="AMAZON", investee="anthropic"), INVESTMENT)
    release = {"type": "model_release", "company": "OpenAI", "model": "GPT-5"}
    assert facts_match(dict(release, model="gpt 5"), release)
    assert not facts_match(dict(release, model="GPT-4"), release)
    assert normalize_model("DeepSeek-V3.2") == normalize_model("deepseek v3.2")


def test_stock_move_needs_direction_and_percent_within_tolerance():
    assert facts_match(dict(STOCK, percent=17.04), STOCK)
    assert not facts_match(dict(STOCK, percent=17.1), STOCK)
    assert not facts_match(dict(STOCK, direction="up"), STOCK)


def test_matching_is_one_to_one_and_prefers_the_better_candidate():
    worse = dict(ROUND, round="unknown", investors=[])
    better = dict(ROUND)
    result = match_facts([worse, better], [ROUND])
    assert result.pairs == [(1, 0)] and result.unmatched_predicted == [0]
    # two identical predictions for one gold fact: one is a false positive
    board = score_passage(_out([ROUND, ROUND]), _row([ROUND]))
    assert (board.all_facts.tp, board.all_facts.fp) == (1, 1)


def test_predicted_valuation_duplicating_a_round_is_neither_penalised_nor_required():
    duplicate = {"type": "valuation", "company": "Anthropic", "amount": 183e9, "currency": "USD"}
    with_dup = score_passage(_out([ROUND, duplicate]), _row([ROUND]))
    without = score_passage(_out([ROUND]), _row([ROUND, duplicate]))
    for board in (with_dup, without):
        assert (board.all_facts.tp, board.all_facts.fp, board.all_facts.fn) == (1, 0, 0)
    # a valuation that differs from the round's is still a false positive
    other = dict(duplicate, amount=61.5e9)
    assert score_passage(_out([ROUND, other]), _row([ROUND])).facts["valuation"].fp == 1
    kept_pred, kept_gold = drop_round_valuation_duplicates([duplicate, other], [ROUND])
    assert kept_pred == [other] and kept_gold == [ROUND]


def test_trap_facts_count_unmatched_predictions_in_trap_passages_only():
    revenue_as_round = {"type": "funding_round", "investee": "OpenAI", "investors": [], "amount": 4.3e9,
                        "currency": "USD", "valuation": None, "round": "unknown"}
    trap = score_passage(_out([revenue_as_round]), _row([], tags=["trap_revenue"]))
    assert trap.trap_facts == 1 and trap.facts["funding_round"].fp == 1
    assert [m.kind for m in trap.misses] == ["trap_fact"]
    plain = score_passage(_out([revenue_as_round]), _row([], tags=["funding_round"]))
    assert plain.trap_facts == 0
    matched = score_passage(_out([STOCK]), _row([STOCK], tags=["stock_move", "trap_market_cap"]))
    assert matched.trap_facts == 0


def test_status_missing_counts_as_completed_and_hedged_accuracy():
    hedged = dict(ROUND, status="talks")
    board = score_passage(_out([dict(ROUND)]), _row([hedged]))
    assert board.fields["status"].value == 0.0 and board.hedged_status.value == 0.0
    board = score_passage(_out([dict(ROUND, status="completed")]), _row([ROUND]))
    assert board.fields["status"].value == 1.0 and board.hedged_status.total == 0


def test_field_accuracy_for_investors_valuation_and_round():
    pred = dict(ROUND, investors=["iconiq"], valuation=None, round="series_e")
    board = score_passage(_out([pred]), _row([ROUND]))
    assert board.all_facts.tp == 1
    assert board.fields["funding_round.investors"].value == 0.0
    assert board.fields["funding_round.valuation"].value == 0.0
    assert board.fields["funding_round.round"].value == 0.0


def test_orgs_are_a_case_insensitive_set_comparison():
    counts, missed, extra = score_orgs(["openai", "Nvidia", "Nvidia", "Freiburg"], ["OpenAI", "Nvidia", "xAI"])
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert missed == {"xai"} and extra == {"freiburg"}


def test_money_value_and_currency_must_both_agree():
    gold = [{"surface": "1,5 Milliarden Euro", "value": 1.5e9, "currency": "EUR"},
            {"surface": "$200", "value": 200, "currency": "USD"}]
    predicted = [{"value": 1.504e9, "currency": "EUR"}, {"value": 200, "currency": "EUR"},
                 {"value": 7, "currency": "USD"}]
    counts, accuracy, missed, extra = score_money(predicted, gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)
    assert accuracy.value == 0.5 and missed == [gold[1]]
    counts, accuracy, _, _ = score_money([{"value": 1.51e9, "currency": "EUR"}], gold[:1])
    assert counts.tp == 0 and accuracy.value == 0.0  # 0.67% off is beyond the 0.5% tolerance


def test_scoreboards_add_up():
    a = score_passage(_out([ROUND]), _row([ROUND]))
    b = score_passage(_out([]), _row([INVESTMENT]))
    a.add(b)
    assert a.passages == 2 and (a.all_facts.tp, a.all_facts.fn) == (1, 1)
    total = Counts()
    total.add(Counts(1, 2, 3))
    assert (total.tp, total.fp, total.fn) == (1, 2, 3)
