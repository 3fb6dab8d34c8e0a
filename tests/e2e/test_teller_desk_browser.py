"""A kiosk ticket called at the teller desk appears on the public queue screen (Chromium)."""

import pytest
from sqlalchemy import select

from shared.db.locks import begin_write
from shared.demo import signins_for
from shared.models import Branch
from shared.queue.tickets import issue_ticket

pytestmark = pytest.mark.browser


def _teller(settings):
    return next(s for s in signins_for(settings.demo.branches)
                if s.role == "teller" and s.branch_code == "LDN-01")


def _kiosk_ticket(live_server):
    """The kiosk's counter fallback, through the shared service the kiosk uses."""
    with live_server.database.session(write=True) as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        ticket = issue_ticket(session, live_server.bus, branch.id, "cash", "over_limit",
                              context={"kiosk": "LDN-01-K1", "tried": "withdrawal",
                                       "amount_minor": 80_000})
        return ticket.number


def test_a_kiosk_ticket_is_called_at_the_desk_and_shown_on_the_screen(
    live_server, tablet, browser, screenshots, settings
):
    signin = _teller(settings)
    tablet.goto(f"{live_server.url}/staff/sign-in")
    tablet.fill("#username", signin.username)
    tablet.fill("#password", signin.password)
    tablet.click("button[type=submit]")
    tablet.wait_for_url(f"{live_server.url}/staff/")
    tablet.get_by_role("link", name="Teller desk").click()
    tablet.locator("#live-status", has_text="live").wait_for()
    tablet.fill("#counter", "4")

    screen_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    screen = screen_context.new_page()
    screen.goto(f"{live_server.url}/queue/LDN-01")

    number = _kiosk_ticket(live_server)
    # The customer scans the ticket's QR code with a phone held upright.
    phone_context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/queue/LDN-01?ticket={number}")
    phone.locator("#mine-status", has_text="Estimated wait").wait_for(timeout=10_000)
    assert phone.locator("#mine-number").inner_text() == number
    waiting = tablet.locator("#waiting .ticket", has_text=number)
    waiting.wait_for(timeout=5000)  # pushed over the socket, no reload
    assert "£800.00" in waiting.inner_text() and "LDN-01-K1" in waiting.inner_text()
    tablet.screenshot(path=screenshots / "desk-waiting.png")
    screen.locator("#next li", has_text=number).wait_for(timeout=10_000)

    for selector in ("#call-next", "#counter"):
        assert tablet.locator(selector).bounding_box()["height"] >= 44, selector
    tablet.click("#call-next")
    mine = tablet.locator("#mine .ticket", has_text=number)
    mine.wait_for(timeout=5000)
    tablet.locator("#desk-info", has_text=f"Called {number} to counter 4").wait_for()
    tablet.screenshot(path=screenshots / "desk-called.png")

    called = screen.locator("#called li.latest", has_text=number)
    called.wait_for(timeout=10_000)  # the screen polls every few seconds
    assert "counter 4" in called.inner_text()
    screen.screenshot(path=screenshots / "queue-display.png")
    phone.locator("#mine-status", has_text="Please go to counter 4").wait_for(timeout=10_000)
    assert phone.locator("#mine-status").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)") >= 20  # readable without zoom
    phone.screenshot(path=screenshots / "queue-my-ticket.png")
    assert "Ldn" not in screen.content() and "teller" not in screen.content().lower()

    serve = mine.locator(".serve")
    assert serve.bounding_box()["height"] >= 44
    serve.click()
    tablet.locator("#mine .ticket.serving", has_text=number).wait_for(timeout=5000)
    tablet.locator("#mine .outcome").select_option("resolved")
    tablet.locator("#mine .close").click()
    tablet.locator("#mine .empty").wait_for(timeout=5000)
    screen.locator("#called li.latest", has_text=number).wait_for(state="detached",
                                                                  timeout=10_000)
    tablet.screenshot(path=screenshots / "desk-closed.png")
    phone.locator("#mine-status", has_text="has been served").wait_for(timeout=10_000)
    phone_context.close()
    screen_context.close()


def _suspect_at(live_server, kiosk_code):
    """A withdrawal whose notes jammed in the shutter: suspect, kiosk out of service."""
    from shared.models import Account, Customer, Device
    from shared.models.enums import AccountKind
    from shared.money.cash import withdrawal

    with live_server.database.session() as session:
        begin_write(session)
        kiosk = session.scalar(select(Device).where(Device.code == kiosk_code))
        account = session.scalar(
            select(Account).join(Customer, Customer.id == Account.customer_id)
            .where(Account.kind == AccountKind.CURRENT, Account.balance_minor > 10_000,
                   Account.closed_at.is_(None), Customer.home_branch_id == kiosk.branch_id)
            .order_by(Account.id).limit(1))
        auth = withdrawal.authorise(session, account_id=account.id, device_id=kiosk.id,
                                    amount_minor=6_000, idempotency_key=f"e2e-{kiosk_code}",
                                    notes={"2000": 3})
        withdrawal.begin_dispense(session, auth.cash_session_id)
        withdrawal.dispense_failed(session, auth.cash_session_id, nothing_dispensed=False,
                                   reason="shutter jammed",
                                   context={"completion": "shutter_fault"})
        return auth.cash_session_id


def test_a_suspect_withdrawal_is_reconciled_at_the_desk(live_server, tablet, screenshots,
                                                         settings):
    from shared.models import Device
    from shared.models.enums import DeviceStatus

    suspect_id = _suspect_at(live_server, "LDN-01-K2")
    signin = _teller(settings)
    tablet.goto(f"{live_server.url}/staff/sign-in")
    tablet.fill("#username", signin.username)
    tablet.fill("#password", signin.password)
    tablet.click("button[type=submit]")
    tablet.wait_for_url(f"{live_server.url}/staff/")
    tablet.goto(f"{live_server.url}/staff/desk")
    card = tablet.locator(f'#suspects [data-suspect-id="{suspect_id}"]')
    card.wait_for(timeout=5000)
    assert "LDN-01-K2" in card.inner_text() and "shutter_fault" in card.inner_text()
    card.locator(".reconcile").click()  # no outcome chosen: a clear error, nothing sent
    card.locator(".action-error", has_text="Choose what happened").wait_for()
    card.get_by_label("taken", exact=True).check()
    card.locator(".amount").fill("40")
    tablet.screenshot(path=screenshots / "desk-reconcile.png", full_page=True)
    card.locator(".reconcile").click()
    card.wait_for(state="detached", timeout=5000)
    with live_server.database.session() as session:
        kiosk = session.scalar(select(Device).where(Device.code == "LDN-01-K2"))
        assert kiosk.status == DeviceStatus.OK


def test_the_desk_refreshes_on_a_batch_of_events(live_server, tablet, settings):
    """In a burst the /staff socket carries events as one "events" batch; the desk reads it."""
    from shared.events import Event, InProcessBus, TicketCreated
    from staff_console.bridge import branch_room
    from staff_console.realtime import EXTENSION, NAMESPACE

    signin = _teller(settings)
    tablet.goto(f"{live_server.url}/staff/sign-in")
    tablet.fill("#username", signin.username)
    tablet.fill("#password", signin.password)
    tablet.click("button[type=submit]")
    tablet.wait_for_url(f"{live_server.url}/staff/")
    tablet.get_by_role("link", name="Teller desk").click()
    tablet.locator("#live-status", has_text="live").wait_for()
    with live_server.database.session() as session:
        begin_write(session)
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        # A ticket written without its own event: only the batch below can tell the desk.
        ticket = issue_ticket(session, InProcessBus(), branch.id, "accounts", "customer_request",
                              context={"kiosk": "LDN-01-K2"})
        batch = [Event(branch.id, TicketCreated(ticket.id, ticket.number, "accounts",
                                                "customer_request")).to_dict()]
        number, room = ticket.number, branch_room(branch.id)
    live_server.app.extensions[EXTENSION].emit("events", batch, to=room, namespace=NAMESPACE)
    tablet.locator("#waiting .ticket", has_text=number).wait_for(timeout=5000)
