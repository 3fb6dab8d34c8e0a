"""A risk case appears live on a teller's cases page and leaves it when closed (Chromium)."""

import pytest
from sqlalchemy import select

from shared.demo import signins_for
from shared.fraud import Observation, observe
from shared.models import Branch, Customer, Device, FraudCase, SignalKind
from tests.e2e.staff_pages import sign_in

pytestmark = pytest.mark.browser


def _open_case(live_server) -> int:
    """A first large payment to a new payee at LDN-01's kiosk, as the kiosk's flow shows it
    to the rules (the case is announced on the app's bus after the commit)."""
    settings = live_server.app.extensions["smartbranch.settings"]
    with live_server.database.session(write=True) as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        kiosk = session.scalar(select(Device).where(Device.code == "LDN-01-K1"))
        # One with no case yet (the demo opens some): a new hit would join an open case.
        with_cases = select(FraudCase.customer_id).where(FraudCase.customer_id.is_not(None))
        customer = session.scalar(select(Customer).where(
            Customer.home_branch_id == branch.id, Customer.id.not_in(with_cases))
            .order_by(Customer.id))
        verdict = observe(session, Observation(
            kind=SignalKind.TRANSFER, branch_id=branch.id, device_id=kiosk.id,
            customer_id=customer.id, amount_minor=90_000_000, counterparty="e2e-new-payee"),
            settings, live_server.bus)
        assert verdict.rules == ("unusual_amount",)
        return verdict.case_ids[0]


def test_a_teller_sees_a_case_open_live_and_closes_it_as_genuine(live_server, tablet,
                                                                 screenshots, settings):
    teller = next(s for s in signins_for(settings.demo.branches)
                  if s.role == "teller" and s.branch_code == "LDN-01")
    sign_in(tablet, live_server.url, teller.username, teller.password)
    tablet.wait_for_url(f"{live_server.url}/staff/")
    tablet.get_by_role("link", name="Risk cases").click()
    tablet.locator("#live-status", has_text="live").wait_for()
    tablet.locator("#cases:not([aria-busy])").wait_for()  # the first list has arrived
    before = tablet.locator("#cases .case").count()  # the demo may hold cases of its own

    case = tablet.locator(f"#cases .case[data-case-id='{_open_case(live_server)}']")
    case.wait_for(timeout=5000)  # pushed over the socket, no reload
    shown = case.inner_text()
    assert "large first payment to a new payee" in shown.lower() and "LDN-01-K1" in shown
    assert "£900,000.00 to a payee never paid before" in shown
    tablet.locator("#case-count", has_text=str(before + 1)).wait_for()
    tablet.screenshot(path=screenshots / "cases-open.png")

    case.locator(".note").fill("passport checked")
    case.get_by_role("button", name="Genuine (identity checked)").click()
    case.wait_for(state="detached", timeout=5000)
    tablet.locator("#cases-info", has_text="closed as genuine").wait_for()
    assert tablet.locator("#cases .case").count() == before
