"""Offers on the arrival card over the HTTP API: the point names its product, the card what
was recorded; re-authorised per call."""

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.insights.store import save_insights
from shared.models import Visit
from shared.models.analytics import AnalyticsFact
from shared.models.enums import Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff
from tests.shared.insights.payloads import offer_insights
from tests.web_helpers import csrf_token, sign_in


@pytest.fixture
def renter(db_session):
    """An arrival whose transactions suggest a mortgage (rent paid, no mortgage held)."""
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="offer.rm")
    make_staff(db_session, branch, Role.TELLER, username="offer.teller")
    customer = make_customer(db_session, branch)
    save_insights(db_session, customer.id, offer_insights("mortgage"), utcnow(), utcnow())
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow())
    db_session.add(visit)
    db_session.commit()
    return visit


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    return client, {"X-CSRFToken": csrf_token(client.get("/staff/").text)}


def test_an_offer_recorded_from_the_card(app, db_session, renter):
    client, headers = _client(app, "offer.rm")
    card = client.get(f"/api/staff/arrivals/{renter.id}").json
    points = {p["code"]: p for p in card["talking_points"]}
    assert points["offer_mortgage"]["product"] == "mortgage"
    assert points["offer_mortgage"]["text"] == (
        "rent £1,200 a month for a year, no mortgage: mortgage")
    assert all(p["product"] is None for code, p in points.items() if code != "offer_mortgage")
    assert card["offers"] == {}

    url = f"/api/staff/arrivals/{renter.id}/offers"
    answer = client.post(url, json={"product": "mortgage", "outcome": "accepted"},
                         headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json == {"visit_id": renter.id, "offers": {"mortgage": "accepted"}}
    again = client.post(url, json={"product": "mortgage", "outcome": "accepted"},
                        headers=headers)
    assert again.status_code == 200  # a retried request records nothing new
    refused = client.post(url, json={"product": "mortgage", "outcome": "declined"},
                          headers=headers)
    assert refused.status_code == 409 and "already recorded as accepted" in refused.text
    assert client.get(f"/api/staff/arrivals/{renter.id}").json["offers"] == {
        "mortgage": "accepted"}
    kinds = db_session.scalars(select(AnalyticsFact.kind).where(
        AnalyticsFact.key.like(f"visit:{renter.id}:offer:%")).order_by(AnalyticsFact.id)).all()
    assert kinds == ["offer.discussed", "offer.accepted"]


@pytest.mark.parametrize("body", [
    {"product": "yacht", "outcome": "accepted"},
    {"product": "mortgage", "outcome": "maybe"},
    {"product": "mortgage"},
])
def test_bad_offers_get_a_clear_422(app, renter, body):
    client, headers = _client(app, "offer.rm")
    answer = client.post(f"/api/staff/arrivals/{renter.id}/offers", json=body, headers=headers)
    assert answer.status_code == 422


def test_tellers_cannot_record_offers(app, renter):
    client, headers = _client(app, "offer.teller")
    answer = client.post(f"/api/staff/arrivals/{renter.id}/offers",
                         json={"product": "mortgage", "outcome": "discussed"}, headers=headers)
    assert answer.status_code == 403


def test_offers_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert "post" in paths["/api/staff/arrivals/{visit_id}/offers"]
