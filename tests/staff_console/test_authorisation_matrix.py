"""Role x branch x route/event: only managers of the customer's branch get through."""

import pytest

from shared.db.base import utcnow
from shared.models import Visit
from shared.models.enums import Role, VisitSource
from smartbranch.app import get_socketio
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import csrf_token, sign_in

ALLOWED = {("north", Role.RELATIONSHIP_MANAGER), ("north", Role.BRANCH_MANAGER)}
SEARCH = "/api/staff/customers?q=Matrixon"
CASES = [(branch, role) for branch in ("north", "south") for role in Role] + [(None, None)]


@pytest.fixture
def world(db_session):
    north, south = make_branch(db_session), make_branch(db_session)
    staff = {}
    for name, branch in (("north", north), ("south", south)):
        for role in Role:
            staff[(name, role)] = make_staff(db_session, branch, role)
    customer = make_customer(db_session, north, family_name="Matrixon")
    visit = Visit(branch_id=north.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow())
    db_session.add(visit)
    db_session.commit()
    return staff, customer, visit


def _routes(customer_id: int, visit_id: int):
    c, v = customer_id, visit_id
    return [
        ("GET", "/api/staff/arrivals", None),
        ("GET", f"/api/staff/arrivals/{v}", None),
        ("GET", SEARCH, None),
        ("GET", f"/api/staff/customers/{c}?reason=search", None),
        ("POST", f"/api/staff/customers/{c}/notes", {"body": "Asked about ISAs"}),
        ("PUT", f"/api/staff/customers/{c}/preferences/drink", {"value": "tea"}),
        ("GET", f"/api/staff/customers/{c}/access-log", None),
        ("GET", f"/api/staff/customers/{c}/access-log.csv", None),
        ("GET", f"/api/staff/customers/{c}/consent", None),
        ("GET", f"/staff/customers/{c}?reason=search", None),
        ("POST", f"/api/staff/arrivals/{v}/claim", None),
    ]


@pytest.mark.parametrize(("branch", "role"), CASES, ids=lambda x: str(x))
def test_routes_and_events_fail_closed(app, world, branch, role):
    staff, customer, visit = world
    client = app.test_client()
    headers = {"X-CSRFToken": csrf_token(client.get("/staff/sign-in").text)}
    if role is not None:
        sign_in(client, staff[(branch, role)].username)
        headers["X-CSRFToken"] = csrf_token(client.get("/staff/").text)
    allowed = (branch, role) in ALLOWED
    for method, url, body in _routes(customer.id, visit.id):
        response = client.open(url, method=method, json=body, headers=headers)
        if allowed:
            assert response.status_code < 300, (method, url, response.status_code)
        elif response.status_code == 200 and url.startswith(("/api/staff/arrivals", SEARCH)):
            # Their own branch's floor and customers: the other branch's customer is absent.
            assert response.json in ([], {"cards": [], "last_event_id": ""})
        else:
            assert response.status_code in (401, 403, 404), (method, url, response.text)
        assert allowed or "Matrixon" not in response.text
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    if role is None:
        assert not socket.is_connected("/staff")
        return
    answer = socket.emit("claim", {"visit_id": visit.id}, namespace="/staff", callback=True)
    # The HTTP claim above already made the allowed staff member the claimer: idempotent.
    assert answer["ok"] is allowed, answer


def test_search_never_returns_another_branchs_customers(app, world):
    staff, _, _ = world
    client = app.test_client()
    sign_in(client, staff[("south", Role.RELATIONSHIP_MANAGER)].username)
    assert client.get("/api/staff/customers?q=Matrixon").json == []
