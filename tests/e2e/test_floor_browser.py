"""A person's path through the console and a kiosk, in a real Chromium."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.demo import signins_for
from shared.events import CustomerArrived, Event
from shared.floor.visits import open_visit
from shared.insights.talking_points import suggested_product, talking_points
from shared.models import Branch, Customer
from shared.models.analytics import AnalyticsFact
from shared.models.enums import VisitSource

pytestmark = pytest.mark.browser


def _rm_signin(settings):
    return next(
        s
        for s in signins_for(settings.demo.branches)
        if s.role == "relationship_manager" and s.branch_code == "LDN-01"
    )


def _sign_in(page, base, username, password):
    page.goto(f"{base}/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_wrong_password_shows_a_clear_error(live_server, tablet, screenshots):
    _sign_in(tablet, live_server.url, "admin", "not-the-password")
    error = tablet.locator(".flash.error")
    error.wait_for()
    assert "wrong password" in error.inner_text()
    tablet.screenshot(path=screenshots / "signin-error.png")


def test_ticket_taken_at_a_kiosk_appears_live_on_the_tablet(
    live_server, tablet, browser, screenshots, settings
):
    signin = _rm_signin(settings)
    _sign_in(tablet, live_server.url, signin.username, signin.password)
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


def _arrive(live_server, wants_product: bool) -> tuple[str, str | None]:
    """Walk in a customer of LDN-01 (one with a suggested product, or one without) the way
    the door watcher does; return their name and the product."""
    # The write lock up front: the tablet's requests write to the same SQLite file.
    with live_server.database.session(write=True) as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        for customer in session.scalars(select(Customer).where(
                Customer.home_branch_id == branch.id).order_by(Customer.id.desc())).all():
            products = [suggested_product(p.code)
                        for p in talking_points(session, customer.id, utcnow())]
            product = next((p for p in products if p), None)
            if bool(product) != wants_product:
                continue
            visit = open_visit(session, branch.id, customer.id, VisitSource.DOOR_CAMERA, 0.3,
                               utcnow(), timedelta(minutes=60))
            if visit is not None:
                break
        else:
            pytest.fail("no demo customer fits")
        event = Event(branch.id, CustomerArrived(visit.id, customer.id, customer.display_name,
                                                 VisitSource.DOOR_CAMERA.value, 0.3))
        name = customer.display_name
    live_server.bus.publish(event)  # after commit, as DoorCameraWatcher does
    return name, product


def test_visits_today_counts_arrivals_as_they_come(live_server, tablet, settings):
    signin = _rm_signin(settings)
    _sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.locator("#live-status", has_text="live").wait_for()
    before = int(tablet.locator("#stat-visits").inner_text())
    name, _ = _arrive(live_server, wants_product=False)
    tablet.locator(".arrival", has_text=name).wait_for(timeout=5000)
    tablet.locator("#stat-visits", has_text=str(before + 1)).wait_for(timeout=5000)


def test_an_offer_is_recorded_from_the_arrival_card(live_server, tablet, settings,
                                                    screenshots):
    signin = _rm_signin(settings)
    _sign_in(tablet, live_server.url, signin.username, signin.password)
    tablet.locator("#live-status", has_text="live").wait_for()
    name, product = _arrive(live_server, wants_product=True)
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
