"""The one money formatter: each currency's exponent, the locale's symbol and grouping."""

from decimal import Decimal

import pytest

from shared.money.format import (
    BadAmount,
    UnknownCurrency,
    currency_exponent,
    format_money,
    to_major,
    to_minor,
)


@pytest.mark.parametrize(
    ("currency", "exponent"), [("GBP", 2), ("EUR", 2), ("KRW", 0), ("JPY", 0), ("BHD", 3)]
)
def test_each_currency_has_its_own_exponent(currency, exponent):
    assert currency_exponent(currency) == exponent


def test_an_unknown_currency_is_refused():
    with pytest.raises(UnknownCurrency, match="XXQ"):
        currency_exponent("XXQ")


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "text"),
    [
        (-123456, "GBP", "en_GB", "-£1,234.56"),
        (5, "GBP", "en_GB", "£0.05"),
        (50000, "KRW", "ko_KR", "₩50,000"),
        (50000, "KRW", "en_GB", "₩50,000"),
        (123450, "EUR", "it_IT", "1.234,50\xa0€"),
        (1234567, "BHD", "en_GB", "BHD1,234.567"),
    ],
)
def test_amounts_read_as_people_expect(minor, currency, locale, text):
    assert format_money(minor, currency, locale) == text


def test_minor_and_major_units_convert_exactly():
    assert to_major(12345, "GBP") == Decimal("123.45")
    assert to_major(50000, "KRW") == Decimal(50000)
    assert to_minor("123.45", "GBP") == 12345
    assert to_minor("1,000", "KRW") == 1000
    assert to_minor(Decimal("0.1"), "GBP") == 10


@pytest.mark.parametrize(("typed", "currency"), [("12.345", "GBP"), ("1.5", "KRW"),
                                                  ("ten", "GBP"), ("NaN", "GBP")])
def test_a_typed_amount_the_currency_cannot_hold_is_refused(typed, currency):
    with pytest.raises(BadAmount):
        to_minor(typed, currency)
