"""The public pages in Chinese and Persian in Chromium: words, direction, the script's texts."""

import pytest
from sqlalchemy import select

from shared.models import Branch
from shared.queue.tickets import issue_ticket

pytestmark = pytest.mark.browser


def _ticket(live_server, service: str) -> str:
    with live_server.database.session(write=True) as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        return issue_ticket(session, live_server.bus, branch.id, service, "customer_request",
                            context={"kiosk": "LDN-01-K1"}).number


@pytest.mark.parametrize(("locale", "welcome", "ticket_word", "waiting_word"), [
    ("zh-CN", "欢迎光临", "您的号票", "预计等候"),
    ("fa-IR", "خوش آمدید", "نوبت شما", "انتظار تخمینی"),
])
def test_a_counter_ticket_and_the_queue_screen_in_the_browsers_language(
        live_server, browser, screenshots, locale, welcome, ticket_word, waiting_word):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/LDN-01-K1")
    direction = "rtl" if locale.startswith("fa") else "ltr"
    assert page.locator("html").get_attribute("dir") == direction
    assert welcome in page.locator("h1").inner_text()
    page.screenshot(path=screenshots / f"kiosk-welcome-{locale}.png")
    page.locator(".services button").first.click()
    assert ticket_word in page.locator(".ticket").inner_text()
    number = page.locator("#ticket-number").inner_text()
    page.screenshot(path=screenshots / f"kiosk-ticket-{locale}.png")

    # The ticket's QR code opens the queue screen on the customer's phone.
    phone = browser.new_context(locale=locale, viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_server.url}/queue/LDN-01?ticket={number}")
    assert phone.locator("html").get_attribute("dir") == direction
    status = phone.locator("#mine-status")
    status.locator(f"text={waiting_word}").wait_for(timeout=10_000)  # written by the script
    assert "Estimated" not in status.inner_text()
    if direction == "rtl":  # the heading starts at the right edge, the number reads left to right
        box, heading = phone.viewport_size, phone.locator("#now-title").bounding_box()
        assert heading["x"] + heading["width"] > box["width"] * 0.6
        assert phone.locator("#mine-number").inner_text() == number
    phone.screenshot(path=screenshots / f"queue-my-ticket-{locale}.png")
    phone.context.close()
    context.close()
