"""Steps the staff console's browser tests share: signing in, a customer walking in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.events import CustomerArrived, Event
from shared.floor.visits import open_visit
from shared.insights.card_text import insight_points
from shared.insights.store import stored_insights
from shared.models import Branch, Customer
from shared.models.enums import VisitSource


def sign_in(page, base: str, username: str, password: str) -> None:
    """Fill the sign-in form and send it (the caller waits for what should follow)."""
    page.goto(f"{base}/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def walk_in(live_server, wants_product: bool | None = None) -> tuple[str, str | None]:
    """Walk in a customer of LDN-01 not seen this hour the way the door watcher does (one with
    a suggested product, one without, or either); return their name and the product."""
    # The write lock up front: the tablet's requests write to the same SQLite file.
    with live_server.database.session(write=True) as session:
        branch = session.scalar(select(Branch).where(Branch.code == "LDN-01"))
        for customer in session.scalars(select(Customer).where(
                Customer.home_branch_id == branch.id).order_by(Customer.id.desc())).all():
            products = [p["product"] for p in insight_points(stored_insights(session,
                                                                             customer.id))]
            product = next((p for p in products if p), None)
            if wants_product is not None and bool(product) != wants_product:
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
