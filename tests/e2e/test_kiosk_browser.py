"""A customer at a simulated kiosk, in a real Chromium: withdrawal, deposit, counter fallback.

One browser context holds the paired touch screen and the simulator control page (the
customer's hands: card, PIN pad, cash), as on the demo.
"""

import shutil

import pytest
from sqlalchemy import select

from kiosk.agent_pool import EXTENSION
from shared.models import Account, Card, Customer, QueueTicket
from tests.conftest import IN_CI
from tests.e2e.kiosk_pages import card_and_pin, finish, paired_kiosk

pytestmark = pytest.mark.browser
KIOSK = "LDN-01-K2"


@pytest.fixture
def kiosk_pages(live_server, browser):
    with live_server.database.session() as s:
        number, account_id = s.execute(
            select(Customer.customer_number, Card.account_id).join(
                Card, Card.customer_id == Customer.id).order_by(Customer.id).limit(1)).one()
    with paired_kiosk(live_server, browser, KIOSK) as (touch, devices):
        yield touch, devices, number, account_id


def _balance(live_server, account_id):
    with live_server.database.session() as s:
        return s.get(Account, account_id).balance_minor


def _decode_qr(png: bytes) -> str:
    """Decode the QR code in a screenshot as a phone would (OpenCV's detector)."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    return cv2.QRCodeDetector().detectAndDecode(image)[0]


def test_withdrawal_deposit_and_fallback_through_the_touch_ui(
    live_server, kiosk_pages, screenshots
):
    touch, devices, number, account_id = kiosk_pages
    start = _balance(live_server, account_id)
    touch.screenshot(path=screenshots / "kiosk-touch-idle.png")
    # "Recognise me" is optional; with no camera the customer is told so, nothing is sent.
    touch.get_by_role("button", name="Recognise me").click()
    touch.locator("#error", has_text="camera").wait_for()

    card_and_pin(touch, devices, number)
    touch.screenshot(path=screenshots / "kiosk-touch-menu.png")
    touch.get_by_role("button", name="Withdraw cash").click()
    touch.get_by_role("button", name="£20.00").click()
    touch.locator("#screen[data-screen=take_cash]").wait_for()
    touch.screenshot(path=screenshots / "kiosk-touch-take-cash.png")
    devices.click("#take-cash")
    touch.locator("#message", has_text="Please take your cash").wait_for()
    touch.locator("#screen[data-screen=menu]").wait_for()
    assert _balance(live_server, account_id) == start - 2000

    touch.get_by_role("button", name="Deposit cash").click()
    touch.locator("#screen[data-screen=insert_notes]").wait_for()
    devices.fill("#n2000", "2")
    devices.fill("#n1000", "1")
    devices.click("#insert-notes")
    touch.locator("#escrow", has_text="£50.00").wait_for()
    touch.screenshot(path=screenshots / "kiosk-touch-confirm-deposit.png")
    devices.screenshot(path=screenshots / "kiosk-devices.png", full_page=True)
    touch.get_by_role("button", name="Deposit this").click()
    touch.locator("#message", has_text="Deposited £50.00").wait_for()
    assert _balance(live_server, account_id) == start - 2000 + 5000
    finish(touch, devices)

    # A fault: the dispenser jams half way; the reset bins the notes, its counters show all
    # of them back, and the customer ends at the counter told that nothing was taken.
    card_and_pin(touch, devices, number)
    devices.select_option("#fault-device", "cash_dispenser")
    devices.select_option("#fault-operation", "dispense")
    devices.select_option("#fault", "jam")
    devices.click("#inject")
    touch.get_by_role("button", name="Withdraw cash").click()
    touch.get_by_role("button", name="£100.00").click()  # two notes: one picked, then jammed
    touch.locator("#screen[data-screen=take_card]").wait_for()
    touch.locator("#ticket-message", has_text="Nothing was taken from your account").wait_for()
    devices.click("#take-card")
    touch.locator("#screen[data-screen=idle]").wait_for()
    ticket = touch.locator("#ticket-number")
    ticket.wait_for()
    assert "Nothing was taken" in touch.locator("#ticket-message").inner_text()  # still said
    touch.locator("#ticket-qr svg").wait_for()  # the queue screen's address as a QR code
    assert _decode_qr(touch.locator("#ticket-qr").screenshot()) == (
        f"/queue/LDN-01?ticket={ticket.inner_text()}")
    touch.screenshot(path=screenshots / "kiosk-touch-fallback-ticket.png")
    with live_server.database.session() as s:
        row = s.scalar(select(QueueTicket).where(QueueTicket.number == ticket.inner_text())
                       .order_by(QueueTicket.id.desc()))
        assert row.reason == "device_fault" and row.context["step"] == "withdrawal"
        assert row.context["settled"] == "retracted" and "suspect" not in row.context
        assert row.context["amount_minor"] == 10_000
        assert row.context["ticket_print"] == "printed"
    assert _balance(live_server, account_id) == start - 2000 + 5000


@pytest.mark.models
@pytest.mark.data
def test_a_spoken_withdrawal_then_card_pin_and_confirm_through_the_touch_ui(
    live_server, kiosk_pages, screenshots
):
    """Speak on the touch screen, words into the simulated microphone from the device page
    (espeak-ng, then a real person's "yes" clip), the amount read back; card, PIN and the
    card holder's Confirm, and only then the cash."""
    if shutil.which("espeak-ng") is None:
        if IN_CI:
            pytest.fail("CI=true and espeak-ng is not installed", pytrace=False)
        pytest.skip("espeak-ng is not installed")
    touch, devices, number, account_id = kiosk_pages
    start = _balance(live_server, account_id)
    touch.locator("#screen[data-screen=idle]").wait_for()
    with touch.expect_response(lambda r: "/speech" in r.url) as spoken:
        touch.locator("#speak").click()
        touch.locator("#screen[data-screen=voice]").wait_for()
    # The prompt, spoken by the server's espeak-ng in the screen's language.
    assert spoken.value.status == 200
    assert spoken.value.headers["content-type"] == "audio/wav"
    assert spoken.value.body()[:4] == b"RIFF"
    devices.fill("#say-text", "withdraw fifty pounds")
    devices.click("#say")
    # Heard in real time by PocketSphinx (loaded on this first press), then read back.
    touch.locator("#message", has_text="Withdraw 50 pounds? Say yes or no.").wait_for(
        timeout=30_000)
    touch.locator("#listening").wait_for()
    touch.screenshot(path=screenshots / "kiosk-touch-voice-read-back.png")
    devices.select_option("#clip", "tflite-micro/yes_1000ms.wav")
    devices.click("#play-clip")
    touch.locator("#message", has_text="Withdraw 50 pounds: insert your card").wait_for(
        timeout=30_000)
    assert _balance(live_server, account_id) == start  # a spoken yes is no authorisation

    card_and_pin(touch, devices, number, then="confirm_request")
    question = touch.locator("#request-question")
    assert question.inner_text().startswith("Withdraw £50.00 from ")
    touch.screenshot(path=screenshots / "kiosk-touch-voice-confirm.png")
    assert _balance(live_server, account_id) == start
    dispenser = live_server.app.extensions[EXTENSION].get(KIOSK).devices.cash_dispenser
    assert dispenser.status().stacker_items == 0
    touch.locator("#confirm-request").click()
    touch.locator("#screen[data-screen=take_cash]").wait_for()
    touch.locator(".amount", has_text="£50.00").wait_for()
    devices.click("#take-cash")
    touch.locator("#screen[data-screen=menu]").wait_for()
    assert _balance(live_server, account_id) == start - 5000
    finish(touch, devices)


def test_bills_this_week_and_sharing_another_bank_through_the_touch_ui(
    live_server, browser, screenshots
):
    from shared.insights.store import stored_insights
    from shared.models import DataSharingConsent

    with live_server.database.session() as s:
        cards = s.execute(select(Customer.id, Customer.customer_number).join(
            Card, Card.customer_id == Customer.id).order_by(Customer.id)).all()
        customer_id, number = next((c, n) for c, n in cards
                                   if (stored_insights(s, c) or {}).get("bills_due"))
    with paired_kiosk(live_server, browser, KIOSK) as (touch, devices):
        card_and_pin(touch, devices, number)
        touch.locator("#upcoming-bills li").first.wait_for()
        touch.screenshot(path=screenshots / "kiosk-touch-upcoming.png")
        touch.get_by_role("button", name="Share another bank's accounts").click()
        touch.get_by_role("button", name="Share", exact=True).click()
        touch.locator("#error", has_text="tick the box").wait_for()  # no consent, no sharing
        touch.locator("#consent").check()
        touch.screenshot(path=screenshots / "kiosk-touch-share.png")
        touch.get_by_role("button", name="Share", exact=True).click()
        touch.locator("#message", has_text="Shared: 2 account(s)").wait_for()
        finish(touch, devices)
    with live_server.database.session() as s:
        consent = s.scalar(select(DataSharingConsent).where(
            DataSharingConsent.customer_id == customer_id))
        assert str(consent.channel) == "kiosk" and consent.last_error == ""
