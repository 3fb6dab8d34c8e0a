"""The one money formatter: each currency's exponent, the locale's symbol and grouping."""

from decimal import Decimal

import pytest

from shared.i18n.languages import LANGUAGES
from shared.i18n.text import Text, localise
from shared.money.format import (
    COMPACT,
    EXACT,
    WHOLE,
    Amount,
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


@pytest.mark.parametrize(
    ("minor", "currency", "form", "locale", "text"),
    [
        (118_740, "GBP", WHOLE, "en_GB", "£1,187"),
        (118_750, "GBP", WHOLE, "en_GB", "£1,188"),  # half up, not to even
        (-118_750, "GBP", WHOLE, "en_GB", "-£1,188"),
        (123_450, "EUR", WHOLE, "it_IT", "1.235\xa0€"),
        (1_234_567, "BHD", WHOLE, "en_GB", "BHD1,235"),
        (50_000, "KRW", WHOLE, "ko_KR", "₩50,000"),
        (120_000, "GBP", COMPACT, "en_GB", "£1,200"),  # under 10,000: whole
        (999_999, "GBP", COMPACT, "en_GB", "£10,000"),
        (1_000_000, "GBP", COMPACT, "en_GB", "£10k"),
        (3_100_000, "GBP", COMPACT, "en_GB", "£31k"),
        (3_140_000, "GBP", COMPACT, "en_GB", "£31.4k"),
        (-2_500_000, "GBP", COMPACT, "en_GB", "-£25k"),
        (130_000_000, "GBP", COMPACT, "en_GB", "£1.3m"),
        (3_100_000, "GBP", COMPACT, "zh_Hans_CN", "£3.1万"),  # a myriad: two figures stay
        (130_000, "KRW", COMPACT, "ko_KR", "₩13만"),
        (3_100_000, "GBP", COMPACT, "it_IT", "31K\xa0£"),
    ],
)
def test_whole_and_compact_forms_leave_out_the_minor_units(minor, currency, form, locale,
                                                           text):
    assert format_money(minor, currency, locale, form=form) == text


@pytest.mark.parametrize("locale", sorted({lang.locale for lang in LANGUAGES.values()}
                                          | {"ar_SA", "bn_BD"}))
@pytest.mark.parametrize("form", [EXACT, WHOLE, COMPACT])
def test_every_form_writes_latin_digits_in_every_locale(locale, form):
    for minor in (8_700, 120_000, 3_100_000, 130_000_000):
        text = format_money(minor, "GBP", locale, form=form)
        assert {ch for ch in text if ch.isdigit()} <= set("0123456789"), text
        assert (text == format_money(minor, "GBP", locale)) == (form == EXACT)  # no pence


def test_an_unknown_form_is_refused():
    with pytest.raises(ValueError, match="form"):
        format_money(100, "GBP", form="rough")
    with pytest.raises(ValueError, match="form"):
        Amount(100, "GBP", "rough")


def test_an_amount_writes_itself_in_its_form_and_rebuilds_from_its_list():
    exact, compact = Amount(3_100_000, "GBP"), Amount(3_100_000, "GBP", COMPACT)
    assert (str(exact), str(compact)) == ("£31,000.00", "£31k")
    assert (exact.form, repr(exact)) == (EXACT, "Amount(3100000, 'GBP')")
    assert repr(compact) == "Amount(3100000, 'GBP', 'compact')"
    # A stored sentence keeps [minor, currency, form] (two items: exact, as before).
    again = Amount(*[compact.minor, compact.currency, compact.form])
    assert (again.form, str(again)) == (COMPACT, "£31k")
    assert localise(Text("savings %(amount)s", amount=compact), "zh").endswith("£3.1万")
