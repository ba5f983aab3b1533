"""Money the way people write it, in the digest, the Newsmon page and conflict notes alike: "$6.6B", "€600M", "£2B",
and "€1.7B (≈ $1.9B)" when converted (one formatter: three used to disagree, "USD 6.6bn", "$6.6bn", "$6.6B")."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹", "KRW": "₩"}
SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))


def _number(value: Decimal) -> str:
    """Two significant decimals for small numbers, fewer as they grow: 1.25, 6.6, 13.5, 157."""
    places = 2 if value < 10 else 1 if value < 100 else 0
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def short_amount(amount: float) -> str:
    """6_600_000_000 -> "6.6B"; 600_000_000 -> "600M"; 950 -> "950"."""
    value = Decimal(str(abs(amount)))
    sign = "-" if amount < 0 else ""
    for index, (scale, suffix) in enumerate(SCALES):
        if value >= scale:
            if _number(value / scale) == "1000" and index > 0:   # 999.6M rounds up: say 1B, not 1000M
                scale, suffix = SCALES[index - 1]
            return f"{sign}{_number(value / scale)}{suffix}"
    return f"{sign}{_number(value)}"


def format_money(amount: float | None, currency: str | None) -> str:
    """An amount in its own currency; unknown currencies keep their ISO code ("CHF 50M")."""
    if amount is None:
        return "undisclosed"
    code = (currency or "USD").upper()
    symbol = SYMBOLS.get(code)
    return f"{symbol}{short_amount(amount)}" if symbol else f"{code} {short_amount(amount)}"


def format_money_with_usd(amount: float | None, currency: str | None, amount_usd: float | None) -> str:
    """The reported amount, plus its USD equivalent when it was converted: "€1.7B (≈ $1.9B)"."""
    if amount is None:
        return format_money(amount_usd, "USD") if amount_usd is not None else "undisclosed"
    shown = format_money(amount, currency)
    if (currency or "USD").upper() != "USD" and amount_usd is not None:
        return f"{shown} (≈ {format_money(amount_usd, 'USD')})"
    return shown


def format_percent(value: float, *, signed: bool = True) -> str:
    """+12.5% / -3% (one decimal at most)."""
    text = _number(Decimal(str(abs(value))))
    sign = ("+" if value > 0 else "-" if value < 0 else "") if signed else ""
    return f"{sign}{text}%"
