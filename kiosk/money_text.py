"""Amounts as the kiosk writes and says them, in its own currency (one formatter underneath).

Messages and receipts print the number as they always have (GBP 1,234.56, KRW 50,000);
a read-back says it in words the customer can check ("50 pounds", "50,000 won").
"""

from __future__ import annotations

from babel.numbers import format_decimal, get_currency_name, get_currency_symbol

from shared.money.format import DEFAULT_LOCALE, format_money, to_major

# The kiosk's prompts are English; amounts are read back in English words too.
SPEECH_LOCALE = "en"


def amount_text(minor: int, currency: str) -> str:
    """Return the amount with the currency's decimals and grouping, without its symbol."""
    symbol = get_currency_symbol(currency, locale=DEFAULT_LOCALE)
    return format_money(minor, currency).replace(symbol, "").strip()


def spoken_amount(minor: int, currency: str) -> str:
    """Say a whole amount as "50 pounds" or "50,000 won"; a part of a unit as written."""
    major = to_major(minor, currency)
    if major != major.to_integral_value():
        return format_money(minor, currency)
    count = int(major)
    # Babel's name without the country ("British pounds" -> "pounds"): what people say.
    unit = get_currency_name(currency, count=count, locale=SPEECH_LOCALE).split()[-1]
    return f"{format_decimal(count, locale=SPEECH_LOCALE)} {unit}"
