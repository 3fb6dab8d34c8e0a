"""Money as people read it: integer minor units, each currency's own exponent, Babel's locale.

The one formatter of amounts in Python (the browser's twin is Intl.NumberFormat, fed the
currency code by the server): nothing else writes a currency symbol or assumes two decimals.
GBP has two decimals, KRW none, BHD three; -123456 in GBP for en_GB is -£1,234.56.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_currency, get_currency_precision, is_currency

DEFAULT_LOCALE = "en_GB"


class UnknownCurrency(ValueError):
    """The code is not an ISO 4217 currency."""


class BadAmount(ValueError):
    """A typed amount is not a number, or has more decimals than its currency."""


@lru_cache(maxsize=64)
def currency_exponent(currency: str) -> int:
    """Return how many digits follow the decimal point in `currency` (GBP 2, KRW 0)."""
    if not is_currency(currency):
        raise UnknownCurrency(f"{currency!r} is not an ISO 4217 currency code")
    return get_currency_precision(currency)


def to_major(minor: int, currency: str) -> Decimal:
    """Return the amount in major units, exactly (12345 GBP minor -> Decimal('123.45'))."""
    return Decimal(int(minor)).scaleb(-currency_exponent(currency))


def to_minor(major: str | Decimal | int, currency: str) -> int:
    """Return the minor units of an amount typed in major units; refuse extra decimals."""
    try:
        value = Decimal(str(major).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise BadAmount(f"{major!r} is not an amount") from exc
    if not value.is_finite():
        raise BadAmount(f"{major!r} is not an amount")
    minor = value.scaleb(currency_exponent(currency))
    if minor != minor.to_integral_value():
        raise BadAmount(f"{currency} has {currency_exponent(currency)} decimals")
    return int(minor)


def format_money(minor: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """Format minor units with the currency's symbol, decimals and the locale's grouping."""
    return format_currency(to_major(minor, currency), currency, locale=locale)


class Amount:
    """An amount inside a sentence (`shared.i18n.text.Text`): English until it is shown.

    It writes itself in the locale the sentence is shown in, as `format_money` and the
    browser's money.js do (Latin digits in every locale, so both read the same).
    """

    def __init__(self, minor: int, currency: str):
        self.minor, self.currency = int(minor), currency

    def in_locale(self, locale: str) -> str:
        return format_money(self.minor, self.currency, locale)

    def __str__(self) -> str:
        return format_money(self.minor, self.currency)

    def __repr__(self) -> str:
        return f"Amount({self.minor}, {self.currency!r})"
