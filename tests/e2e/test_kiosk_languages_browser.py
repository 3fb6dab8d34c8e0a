"""A withdrawal at a simulated kiosk in Chinese and in Persian, and in a card holder's own
language, in a real Chromium: the texts, the direction and the amounts (issue 15)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.models import Card, Customer
from tests.e2e.kiosk_pages import card_and_pin, finish, paired_kiosk

pytestmark = pytest.mark.browser
KIOSK = "LDN-01-K1"


@pytest.fixture
def kiosk(live_server, browser):
    with live_server.database.session() as s:
        holders = s.execute(select(Customer.customer_number, Customer.language).join(
            Card, Card.customer_id == Customer.id).order_by(Customer.id)).all()
    with paired_kiosk(live_server, browser, KIOSK) as (touch, devices):
        yield touch, devices, dict(holders)


def _wait_for_language(page, lang: str) -> None:
    """Waits out the reload a change of language makes (expect re-reads the new document)."""
    expect(page.locator("html")).to_have_attribute("lang", lang, timeout=10_000)


def _holder(holders: dict, language: str, nth: int = 0) -> str:
    return [number for number, spoken in holders.items() if spoken == language][nth]


def _withdraw_first_amount(touch, devices, withdraw: str) -> str:
    touch.get_by_role("button", name=withdraw).click()
    first = touch.locator("#screen .grid").first.locator("button").first
    label = first.inner_text()
    first.click()
    touch.locator("#screen[data-screen=take_cash]").wait_for()
    shown = touch.locator("#screen .amount").inner_text()
    devices.click("#take-cash")
    touch.locator("#screen[data-screen=menu]").wait_for()
    return label, shown


# Text wider than its box: a button label or line cut off or spilling out.
OVERFLOWING = """() => [...document.querySelectorAll('#screen *, #languages-bar *')]
  .filter((e) => e.offsetParent !== null && e.clientWidth > 0 &&
                 e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.outerHTML.slice(0, 80))"""


def _nothing_overflows(page):
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size[
        "width"]


@pytest.mark.parametrize(("name", "lang", "direction", "welcome", "withdraw", "taken",
                          "finish_button", "digits"), [
    ("简体中文", "zh-Hans-CN", "ltr", "请插入银行卡开始。", "取现金", "请取走您的现金。",
     "结束并取卡", "20.00"),
    ("فارسی", "fa-IR", "rtl", "برای شروع کارت خود را وارد کنید.", "برداشت پول نقد",
     "لطفاً پول نقد خود را بردارید.", "پایان و برداشتن کارت", "20.00"),
    ("Italiano", "it-IT", "ltr", "Inserisci la carta per iniziare.", "Preleva contanti",
     "Prendi i contanti.", "Termina e prendi la carta", "20,00"),
    ("한국어", "ko-KR", "ltr", "시작하려면 카드를 넣으세요.", "현금 인출", "현금을 가져가세요.",
     "종료하고 카드 받기", "20.00"),
])
def test_a_withdrawal_in_the_language_the_customer_pressed(
        kiosk, screenshots, name, lang, direction, welcome, withdraw, taken, finish_button,
        digits):
    touch, devices, holders = kiosk
    touch.get_by_role("button", name=name).click()
    _wait_for_language(touch, lang)
    touch.locator("#message", has_text=welcome).wait_for()
    assert touch.locator("html").get_attribute("dir") == direction
    _nothing_overflows(touch)
    touch.screenshot(path=screenshots / f"kiosk-touch-idle-{lang}.png")

    # Their own English: pressed wins. A holder per language: one card withdrawing four
    # times in minutes is what the fraud rules' velocity check sends to the counter.
    nth = ["zh-Hans-CN", "fa-IR", "it-IT", "ko-KR"].index(lang)
    card_and_pin(touch, devices, _holder(holders, "en", nth))
    assert touch.locator("html").get_attribute("lang") == lang
    _nothing_overflows(touch)
    touch.screenshot(path=screenshots / f"kiosk-touch-menu-{lang}.png")
    label, shown = _withdraw_first_amount(touch, devices, withdraw)
    assert digits in label and digits in shown and "£" in shown
    touch.locator("#message", has_text=taken).wait_for()
    if direction == "rtl":  # the menu's first button starts at the right edge
        box = touch.locator("#screen .grid button").first.bounding_box()
        assert box["x"] + box["width"] > 1280 * 0.6
    touch.screenshot(path=screenshots / f"kiosk-touch-after-withdrawal-{lang}.png")

    finish(touch, devices, finish_button)
    # The next customer starts in the kiosk's own language.
    _wait_for_language(touch, "en-GB")
    touch.locator("#message", has_text="Thank you. Insert your card to start.").wait_for()


def test_a_card_holder_is_served_in_their_own_language(kiosk, screenshots):
    touch, devices, holders = kiosk
    card_and_pin(touch, devices, _holder(holders, "ko"))
    _wait_for_language(touch, "ko-KR")
    touch.locator("#message", has_text="무엇을 하시겠습니까?").wait_for()
    assert touch.get_by_role("button", name="현금 인출").is_visible()
    touch.screenshot(path=screenshots / "kiosk-touch-menu-ko-KR.png")
    finish(touch, devices, "종료하고 카드 받기")
    _wait_for_language(touch, "en-GB")
