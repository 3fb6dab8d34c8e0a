"""A person's path through the console and a kiosk, in a real Chromium."""


import pytest
from sqlalchemy import select

from shared.demo import signins_for
from shared.models.analytics import AnalyticsFact
from tests.e2e.staff_pages import sign_in, walk_in

pytestmark = pytest.mark.browser


def _rm_signin(settings):
    return next(
        s
        for s in signins_for(settings.demo.branches)
        if s.role == "relationship_manager" and s.branch_code == "LDN-01"
    )


def test_wrong_password_shows_a_clear_error(live_server, tablet, screenshots):
    sign_in(tablet, live_server.url, "admin", "not-the-password")
    error = tablet.locator(".flash.error")
    error.wait_for()
    assert "wrong password" in error.inner_text()
    tablet.screenshot(path=screenshots / "signin-error.png")


def test_ticket_taken_at_a_kiosk_appears_live_on_the_tablet(
    live_server, tablet, browser, screenshots, settings
):
    signin = _rm_signin(settings)
    sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.wait_for_url(f"{live_server.url}/staff/")
    tablet.locator("#live-status", has_text="live").wait_for()
    assert "Strand" in tablet.locator("h1").inner_text()
    tablet.screenshot(path=screenshots / "floor.png")

    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1920})
    kiosk = kiosk_context.new_page()
    kiosk.goto(f"{live_server.url}/kiosk/LDN-01-K1")
    kiosk.screenshot(path=screenshots / "kiosk-welcome.png")
    kiosk.get_by_role("button", name="Cash and cheques").click()
    number = kiosk.locator("#ticket-number").inner_text()
    kiosk.screenshot(path=screenshots / "kiosk-ticket.png")
    kiosk_context.close()

    tablet.locator("#live-feed li", has_text=f"Ticket {number}").wait_for(timeout=5000)
    tablet.locator("#queue li", has_text=number).wait_for()
    tablet.screenshot(path=screenshots / "floor-with-ticket.png")


def test_touch_targets_are_at_least_44_px(live_server, tablet):
    tablet.goto(f"{live_server.url}/staff/sign-in")
    for selector in ("#username", "#password", "button[type=submit]"):
        box = tablet.locator(selector).bounding_box()
        assert box["height"] >= 44, selector


def test_visits_today_counts_arrivals_as_they_come(live_server, tablet, settings):
    signin = _rm_signin(settings)
    sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.locator("#live-status", has_text="live").wait_for()
    before = int(tablet.locator("#stat-visits").inner_text())
    name, _ = walk_in(live_server, wants_product=False)
    tablet.locator(".arrival", has_text=name).wait_for(timeout=5000)
    tablet.locator("#stat-visits", has_text=str(before + 1)).wait_for(timeout=5000)


def test_an_offer_is_recorded_from_the_arrival_card(live_server, tablet, settings,
                                                    screenshots):
    signin = _rm_signin(settings)
    sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.locator("#live-status", has_text="live").wait_for()
    name, product = walk_in(live_server, wants_product=True)
    card = tablet.locator(".arrival", has_text=name)
    card.wait_for(timeout=5000)
    offer = card.locator(f".offer[data-product='{product}']")
    offer.scroll_into_view_if_needed()
    tablet.screenshot(path=screenshots / "arrival-offer.png")
    offer.get_by_role("button", name="Accepted").click()
    offer.locator(".offer-state", has_text="offer accepted").wait_for()
    assert offer.get_by_role("button", name="Declined").is_hidden()
    tablet.screenshot(path=screenshots / "arrival-offer-accepted.png")
    with live_server.database.session() as session:
        kinds = session.scalars(select(AnalyticsFact.kind).where(
            AnalyticsFact.key.like(f"visit:%:offer:{product}:%"),
            AnalyticsFact.dim == product).order_by(AnalyticsFact.id)).all()
    assert kinds == ["offer.discussed", "offer.accepted"]
    # The card loaded again shows what was recorded.
    tablet.reload()
    tablet.locator(".arrival", has_text=name).locator(
        f".offer[data-product='{product}'] .offer-state", has_text="offer accepted").wait_for()


def test_a_tablet_asked_to_move_reconnects_and_stays_live(live_server, tablet, settings):
    from smartbranch.app import get_socketio
    from staff_console.balance import REBALANCE_EVENT, REBALANCE_PATH

    signin = _rm_signin(settings)
    sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.locator("#live-status", has_text="live").wait_for()
    # What a crowded web process does (staff_console/balance.py): the page goes to the
    # proxy's rebalance path first, then connects again.
    with tablet.expect_request(f"**{REBALANCE_PATH}") as moved:
        get_socketio(live_server.app).emit(REBALANCE_EVENT, {}, namespace="/staff")
    assert moved.value.response().status == 200
    tablet.locator("#live-status", has_text="live").wait_for()
    name, _ = walk_in(live_server)
    tablet.locator(".arrival", has_text=name).wait_for(timeout=5000)
