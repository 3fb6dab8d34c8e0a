"""A paired kiosk in Chromium: its touch screen and the simulator control page (the
customer's hands: card, PIN pad, cash) in one browser context, as on the demo."""

from contextlib import contextmanager

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from kiosk.agent_pool import EXTENSION
from shared.demo.cards import demo_card_for
from shared.devices import tokens as kiosk_tokens
from shared.models import Device


@contextmanager
def paired_touch(live_server, browser, code: str):
    """Pair a touch screen with kiosk `code`; yield its browser context and touch page."""
    with live_server.database.session() as s:
        token = kiosk_tokens.issue_token(
            s, s.scalar(select(Device).where(Device.code == code))).token
    context = browser.new_context(viewport={"width": 1280, "height": 900}, has_touch=True)
    try:
        touch = context.new_page()
        touch.goto(f"{live_server.url}/kiosk/{code}/pair?token={token}")
        touch.wait_for_url(f"**/kiosk/{code}/touch")
        yield context, touch
    finally:
        context.close()


@contextmanager
def paired_kiosk(live_server, browser, code: str):
    """Pair a touch screen with kiosk `code` and open its device page; stop its agent after."""
    try:
        with paired_touch(live_server, browser, code) as (context, touch):
            devices = context.new_page()
            devices.goto(f"{live_server.url}/kiosk/{code}/devices")
            devices.locator("#customer option").first.wait_for(state="attached")
            yield touch, devices
    finally:
        live_server.app.extensions[EXTENSION].stop_all()


def card_and_pin(touch, devices, number: str, then: str = "menu") -> None:
    """Insert the demo customer's card and type its PIN; wait for the `then` screen."""
    devices.select_option("#customer", number)
    devices.click("#insert-card")
    touch.locator("#screen[data-screen=pin]").wait_for()
    for digit in demo_card_for(number).pin:
        devices.click(f"#pad button[data-key='{digit}']")
    touch.locator("#pin-stars", has_text="••••").wait_for()
    devices.click("#pad button[data-key=enter]")
    try:
        touch.locator(f"#screen[data-screen={then}]").wait_for()
    except PlaywrightTimeout:
        # Say where it stopped instead (a CI run once timed out here with no other clue).
        shown = touch.locator("#screen").get_attribute("data-screen")
        message = touch.locator("#message").inner_text(timeout=1_000)
        raise AssertionError(f"after the PIN the kiosk shows {shown!r} ({message!r}), "
                             f"not {then!r}") from None


def finish(touch, devices, button: str = "Finish and take card") -> None:
    """End the visit with `button` (its label in the screen's language) and take the card."""
    touch.get_by_role("button", name=button).click()
    touch.locator("#screen[data-screen=take_card]").wait_for()
    devices.click("#take-card")
    touch.locator("#screen[data-screen=idle]").wait_for()
