"""Two tablets in a real Chromium: an arrival card, a claim seen by both, the 360, consent."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.biometrics.consent import give_consent
from shared.db.base import utcnow
from shared.demo import signins_for
from shared.events import CustomerArrived, Event
from shared.floor.visits import open_visit
from shared.models import Branch, Customer
from shared.models.enums import ConsentChannel, Modality, VisitSource
from tests.e2e.staff_pages import sign_in

pytestmark = pytest.mark.browser


def _signin(settings, prefix):
    return next(s for s in signins_for(settings.demo.branches)
                if s.username == f"{prefix}.ldn")


def _sign_in(page, base, signin):
    sign_in(page, base, signin.username, signin.password)
    page.wait_for_url(f"{base}/staff/")
    page.locator("#live-status", has_text="live").wait_for()


def _arrive(live_server) -> tuple[int, str]:
    """Open a visit and publish customer.arrived the way the door watcher does."""
    with live_server.database.session() as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        customer = session.scalars(select(Customer).where(Customer.home_branch_id == branch.id)
                                   .order_by(Customer.id)).first()
        give_consent(session, customer.id, Modality.FACE, "face-2026-11", ConsentChannel.TABLET)
        visit = open_visit(session, branch.id, customer.id, VisitSource.DOOR_CAMERA, 0.31,
                           utcnow(), timedelta(minutes=60))
        event = Event(branch.id, CustomerArrived(visit.id, customer.id, customer.display_name,
                                                 VisitSource.DOOR_CAMERA.value, 0.31))
        name, customer_id = customer.display_name, customer.id
    live_server.bus.publish(event)  # after commit, as DoorCameraWatcher does
    return customer_id, name


def test_arrival_claim_profile_note_and_withdrawal(live_server, browser, screenshots, settings):
    contexts = [browser.new_context(viewport=size, has_touch=True)
                for size in ({"width": 1280, "height": 800}, {"width": 800, "height": 1280})]
    first, second = (c.new_page() for c in contexts)
    try:
        _sign_in(first, live_server.url, _signin(settings, "rm1"))
        _sign_in(second, live_server.url, _signin(settings, "rm2"))
        customer_id, name = _arrive(live_server)
        card = first.locator(".arrival", has_text=name)
        card.wait_for(timeout=5000)
        other = second.locator(".arrival", has_text=name)
        other.wait_for(timeout=5000)
        assert card.locator(".points li").count() >= 1  # talking points from real data
        first.screenshot(path=screenshots / "arrival-card.png")

        card.locator("button.claim").click()
        card.locator(".claim-state", has_text="you are greeting").wait_for()
        other.locator(".claim-state", has_text="claimed by").wait_for(timeout=5000)
        assert other.locator("button.claim").is_hidden()
        second.screenshot(path=screenshots / "arrival-claimed-portrait.png")
        for selector in ("button.greeted", "a.open"):
            assert card.locator(selector).bounding_box()["height"] >= 44

        card.locator("a.open").click()
        first.wait_for_url(f"**/staff/customers/{customer_id}?reason=arrival_card")
        first.fill("#note-body", "Asked about a fixed-rate ISA; call back Friday.")
        first.get_by_role("button", name="Add note").click()
        first.locator("#notes li", has_text="fixed-rate ISA").wait_for()
        first.screenshot(path=screenshots / "customer-360.png", full_page=True)

        first.locator("#withdraw").click()
        first.locator("#consent-status", has_text="No consent").wait_for()
        first.locator(".flash", has_text="Consent withdrawn").wait_for()
        first.screenshot(path=screenshots / "consent-withdrawn.png")
    finally:
        for context in contexts:
            context.close()
