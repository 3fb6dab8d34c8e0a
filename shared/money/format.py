"""Money as people read it: integer minor units, each currency's own exponent, Babel's locale.

The one formatter of amounts in Python (the browser's twin is Intl.NumberFormat, fed the
currency code by the server): nothing else writes a currency symbol or assumes two decimals.
GBP has two decimals, KRW none, BHD three; -123456 in GBP for en_GB is -£1,234.56.

A figure that only needs to be about right (a reason on an offer card) has shorter forms:
WHOLE leaves out the minor units (£1,200) and COMPACT also writes large figures the
locale's short way (£31k, £1.2m; £3.1万 in Chinese). Every form writes Latin digits, as
Babel does by default and the browser's money.js asks of Intl (numberingSystem "latn").
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import (
    NumberPattern,
    format_compact_currency,
    format_currency,
    get_currency_precision,
    is_currency,
)

DEFAULT_LOCALE = "en_GB"
LATIN_DIGITS = "latn"  # Babel's default, said once: every form writes the same digits
EXACT, WHOLE, COMPACT = "exact", "whole", "compact"
FORMS = (EXACT, WHOLE, COMPACT)
COMPACT_FROM_MAJOR = 10_000  # a compact amount below this many units is written whole
COMPACT_FRACTION_DIGITS = 1  # £31.4k, £3.1万: two figures survive where 10,000 is one word


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


def format_money(minor: int, currency: str, locale: str = DEFAULT_LOCALE, *,
                 form: str = EXACT) -> str:
    """Format minor units with the currency's symbol, decimals and the locale's grouping.

    `form` EXACT writes every decimal of the currency; WHOLE rounds to whole units (half up:
    £1,187.50 -> £1,188); COMPACT is WHOLE below COMPACT_FROM_MAJOR units and the locale's
    short form from there (£31k, £1.2m).
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {', '.join(FORMS)}")
    major = to_major(minor, currency)
    if form == EXACT:
        return format_currency(major, currency, locale=locale, numbering_system=LATIN_DIGITS)
    if form == COMPACT and abs(major) >= COMPACT_FROM_MAJOR:
        return format_compact_currency(major, currency, locale=locale,
                                       fraction_digits=COMPACT_FRACTION_DIGITS,
                                       numbering_system=LATIN_DIGITS)
    whole = major.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _whole_pattern(locale).apply(whole, locale, currency=currency, currency_digits=False,
                                        numbering_system=LATIN_DIGITS)


@lru_cache(maxsize=16)
def _whole_pattern(locale: str) -> NumberPattern:
    """The locale's currency pattern without its decimals ("¤#,##0.00" -> "¤#,##0")."""
    pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
    pattern.frac_prec = (0, 0)  # a copy: Babel shares the locale's pattern object
    return pattern


class Amount:
    """An amount inside a sentence (`shared.i18n.text.Text`): English until it is shown.

    It writes itself in the locale the sentence is shown in, as `format_money` and the
    browser's money.js do (Latin digits in every locale, so both read the same), in its
    `form` (EXACT, WHOLE or COMPACT; see `format_money`). The form is the third argument
    so that `Amount(*[minor, currency, form])` rebuilds one stored as a list.
    """

    def __init__(self, minor: int, currency: str, form: str = EXACT):
        if form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}")
        self.minor, self.currency, self.form = int(minor), currency, form

    def in_locale(self, locale: str) -> str:
        return format_money(self.minor, self.currency, locale, form=self.form)

    def __str__(self) -> str:
        return format_money(self.minor, self.currency, form=self.form)

    def __repr__(self) -> str:
        form = "" if self.form == EXACT else f", {self.form!r}"
        return f"Amount({self.minor}, {self.currency!r}{form})"
