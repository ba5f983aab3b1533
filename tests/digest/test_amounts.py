"""Amounts read like people write them, with the USD equivalent where a currency was converted."""
from __future__ import annotations

import pytest

from warehouse.amounts import format_money, format_money_with_usd, format_percent, short_amount


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    (6.6e9, "USD", "$6.6B"),
    (600e6, "EUR", "€600M"),
    (1.2e6, "USD", "$1.2M"),
    (2e9, "GBP", "£2B"),
    (1.25e9, "USD", "$1.25B"),
    (13.5e9, "USD", "$13.5B"),
    (157e6, "USD", "$157M"),
    (50e6, "CHF", "CHF 50M"),
    (1.5e12, "USD", "$1.5T"),
    (250e3, "EUR", "€250K"),
    (None, "USD", "undisclosed"),
])
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_rounding_up_to_the_next_unit_says_the_next_unit():
    """Regression: 999.6M once printed as '1000M'."""
    assert short_amount(999.6e6) == "1B"
    assert short_amount(999.4e6) == "999M"


def test_converted_amounts_show_the_usd_equivalent():
    assert format_money_with_usd(1.7e9, "EUR", 1.9e9) == "€1.7B (≈ $1.9B)"
    assert format_money_with_usd(6e9, "USD", 6e9) == "$6B"
    assert format_money_with_usd(600e6, "EUR", None) == "€600M"          # no rate: no guess
    assert format_money_with_usd(None, None, 2e9) == "$2B"


def test_percent():
    assert format_percent(66.6667) == "+66.7%"
    assert format_percent(-4.2) == "-4.2%"
    assert format_percent(4.2, signed=False) == "4.2%"
