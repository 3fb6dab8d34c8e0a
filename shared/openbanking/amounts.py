"""Money as the Open Banking API writes it ("12.50" and a currency) and as we keep it
(integer minor units), converted exactly: Decimal throughout, never a float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision, is_currency

# OBActiveCurrencyAndAmount_SimpleType: up to 13 digits, then up to 5 decimals.
_AMOUNT = re.compile(r"^\d{1,13}(\.\d{1,5})?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency_exponent(currency: str) -> int:
    """Digits after the decimal point in `currency` (GBP 2, JPY 0); ValueError if unknown."""
    if not _CURRENCY.match(currency or "") or not is_currency(currency):
        raise ValueError(f"{currency!r} is not an ISO 4217 currency code")
    return get_currency_precision(currency)


def to_minor(amount: str | Decimal, currency: str) -> int:
    """Return `amount` in minor units exactly ("12.50" GBP -> 1250); ValueError if it is
    not a plain unsigned amount or has more decimals than the currency allows."""
    text = str(amount).strip()
    if not _AMOUNT.match(text):
        raise ValueError(f"{amount!r} is not an amount")
    try:
        minor = Decimal(text).scaleb(currency_exponent(currency))
    except InvalidOperation:
        raise ValueError(f"{amount!r} is not an amount") from None
    if minor != minor.to_integral_value():
        raise ValueError(f"{amount!r} has more decimals than {currency} allows")
    return int(minor)


def signed_minor(amount: str | Decimal, currency: str, indicator: str) -> int:
    """Return the amount signed from the account holder's side: Credit in, Debit out."""
    if indicator not in ("Credit", "Debit"):
        raise ValueError(f"{indicator!r} is neither Credit nor Debit")
    minor = to_minor(amount, currency)
    return minor if indicator == "Credit" else -minor


def to_amount(minor: int, currency: str) -> str:
    """Write unsigned minor units as the API does (1250 GBP -> "12.50", 500 JPY -> "500")."""
    exponent = currency_exponent(currency)
    value = Decimal(abs(int(minor))).scaleb(-exponent)
    return f"{value:.{exponent}f}"
