"""Amounts in Chromium read as the server writes them, and a kiosk shows its own currency.

money.js (Intl.NumberFormat, Chromium's ICU) is the browser's twin of format_money (Babel):
both read CLDR, so the tablet, the kiosk and the server's texts agree to the character.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.models import Card, Customer
from shared.money.format import BadAmount, currency_exponent, format_money, to_minor
from shared.settings import CassetteSettings
from tests.conftest import REPO_ROOT
from tests.e2e.kiosk_pages import card_and_pin, paired_kiosk

pytestmark = pytest.mark.browser
MONEY_JS = REPO_ROOT / "shared" / "web" / "static" / "money.js"
AMOUNTS = (0, 1, 5, 99, 100, 2000, 5000, 123456, -123456, 100_000_000, -999_999_999_999)
# The locales the pages use (en-GB now, ko-KR with the Korean kiosk), and some where ICU
# and Babel differ unless money.js normalises: grouping (it), currency spacing (en with a
# letter code), minus signs and direction marks (sv, ar, fa). Not de-CH: Babel drops its
# apostrophe group separator (it unquotes "'" in the formatted number); the browser is right.
LOCALES = ("en_GB", "ko_KR", "it_IT", "fr_FR", "de_DE", "sv_SE", "ar_SA", "fa_IR")
CURRENCIES = ("GBP", "KRW", "EUR", "USD", "JPY", "BHD", "CHF")
KIOSK = "LDN-01-K1"
WON_NOTES = (("CST1", 50_000, 100), ("CST2", 10_000, 500), ("CST3", 5_000, 200),
             ("CST4", 1_000, 500))
# The withdrawal buttons come from the kiosk's notes: the two largest, then two and four of
# the largest.
QUICK_AMOUNTS = {"GBP": [2000, 5000, 10_000, 20_000], "KRW": [10_000, 50_000, 100_000, 200_000]}


@pytest.fixture
def money_page(script_page):
    """A blank page with the browser money module, as both apps load it."""
    return script_page(MONEY_JS)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_browser_formats_every_amount_as_the_server_does(money_page, locale):
    cases = [(minor, currency) for currency in CURRENCIES for minor in AMOUNTS]
    shown = money_page.evaluate(
        "([cases, locale]) => cases.map(([minor, currency]) => "
        "Money.format(minor, currency, locale))",
        [cases, locale.replace("_", "-")],
    )
    expected = [format_money(minor, currency, locale) for minor, currency in cases]
    assert dict(zip(cases, shown, strict=True)) == dict(zip(cases, expected, strict=True))


def test_each_currency_has_its_exponent_and_symbol_in_the_browser(money_page):
    found = money_page.evaluate("""() => ["GBP", "KRW", "JPY", "BHD"].map((c) => [
        c, Money.exponent(c), Money.symbol(c, "en-GB")])""")
    assert {c: e for c, e, _ in found} == {c: currency_exponent(c) for c, _, _ in found}
    assert {c: s for c, _, s in found if c in ("GBP", "KRW")} == {"GBP": "£", "KRW": "₩"}


@pytest.mark.parametrize(
    ("typed", "currency"),
    [("20", "GBP"), ("20.5", "GBP"), ("1,234.56", "GBP"), ("20.000", "GBP"), ("50000", "KRW"),
     ("50,000", "KRW"), ("12.345", "GBP"), ("1.5", "KRW"), ("ten", "GBP"), ("", "GBP")],
)
def test_a_typed_amount_reads_as_the_server_reads_it(money_page, typed, currency):
    """money.js refuses what to_minor refuses (too many decimals for the currency)."""
    got = money_page.evaluate(
        "([typed, currency]) => { try { return Money.parse(typed, currency, 'en-GB'); } "
        "catch (e) { return e.name; } }",
        [typed, currency],
    )
    try:
        expected = to_minor(typed, currency)
    except BadAmount:
        expected = "BadAmount"
    assert got == expected


def _won_kiosk(kiosk):
    notes = tuple(CassetteSettings(unit_id=u, denomination_minor=d, count=c)
                  for u, d, c in WON_NOTES)
    deposit = tuple(CassetteSettings(unit_id=f"DEP{i}", denomination_minor=d, count=0)
                    for i, (_, d, _) in enumerate(WON_NOTES))
    return kiosk.model_copy(update={"currency": "KRW", "cassettes": notes,
                                    "deposit_cassettes": deposit,
                                    "max_withdrawal_minor": 1_000_000})


@pytest.fixture(scope="module", params=["GBP", "KRW"])
def settings(request, settings):
    """The branch server once with pound kiosks (the default) and once with won kiosks."""
    if request.param == "GBP":
        return settings
    return settings.model_copy(update={"kiosk": _won_kiosk(settings.kiosk)})


@pytest.fixture
def kiosk_pages(live_server, browser):
    with live_server.database.session() as s:
        number = s.scalar(select(Customer.customer_number).join(
            Card, Card.customer_id == Customer.id).order_by(Customer.id).limit(1))
    with paired_kiosk(live_server, browser, KIOSK) as (touch, devices):
        yield touch, devices, number


def test_a_kiosk_shows_amounts_in_its_own_currency(settings, kiosk_pages, screenshots):
    touch, devices, number = kiosk_pages
    currency = settings.kiosk.currency
    symbol, decimals = {"GBP": ("£", "12.345"), "KRW": ("₩", "12.5")}[currency]
    biggest = max(c.denomination_minor for c in settings.kiosk.cassettes)
    assert devices.locator(f'label[for="n{biggest}"]').inner_text() == (
        f"{format_money(biggest, currency)} notes")

    card_and_pin(touch, devices, number)
    touch.get_by_role("button", name="Withdraw cash").click()

    quick = touch.locator("#screen .grid").first.locator("button")
    quick.first.wait_for()
    assert quick.all_inner_texts() == [format_money(m, currency) for m in QUICK_AMOUNTS[currency]]
    assert ("." in quick.first.inner_text()) == (currency == "GBP")  # 2 decimals, or none
    assert touch.locator('label[for="other"]').inner_text() == f"Other amount ({symbol})"
    touch.screenshot(path=screenshots / f"kiosk-money-{currency}.png")

    # More decimals than the currency has: refused on the page, nothing sent.
    touch.fill("#other", decimals)
    touch.get_by_role("button", name="Withdraw this amount").click()
    touch.locator("#error", has_text=f"Amounts in {currency} have").wait_for()
    assert touch.locator("#screen").get_attribute("data-screen") == "menu"
    touch.get_by_role("button", name="Back").click()
    touch.get_by_role("button", name="Finish and take card").click()
    touch.locator("#screen[data-screen=take_card]").wait_for()
    devices.click("#take-card")
    touch.locator("#screen[data-screen=idle]").wait_for()
