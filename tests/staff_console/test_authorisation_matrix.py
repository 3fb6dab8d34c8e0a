"""Role x branch x route/event: only managers of the customer's branch get through."""

import pytest

from shared.db.base import utcnow
from shared.events import InProcessBus
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
        ("POST", f"/api/staff/arrivals/{v}/offers", {"product": "savings", "outcome": "discussed"}),
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


DESK_ALLOWED = {("north", Role.TELLER), ("north", Role.BRANCH_MANAGER)}
WALLET_ALLOWED = {("north", Role.RELATIONSHIP_MANAGER), ("north", Role.BRANCH_MANAGER)}
FLOOR_ROLES = {Role.TELLER, Role.RELATIONSHIP_MANAGER, Role.BRANCH_MANAGER}


@pytest.fixture
def desk_world(db_session):
    from shared.money import wallet
    from shared.money.cash import withdrawal
    from shared.queue import tickets as queue
    from tests.money_factories import make_cash_kiosk, make_customer_with_account, new_key

    north, south = make_branch(db_session), make_branch(db_session)
    staff = {(name, role): make_staff(db_session, branch, role)
             for name, branch in (("north", north), ("south", south)) for role in Role}
    kiosk = make_cash_kiosk(db_session, north)
    customer, account = make_customer_with_account(db_session, north, funded_minor=50_000)
    auth = withdrawal.authorise(db_session, account_id=account.id, device_id=kiosk.id,
                                amount_minor=2_000, idempotency_key=new_key())
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    withdrawal.dispense_failed(db_session, auth.cash_session_id, nothing_dispensed=False,
                               reason="jam")
    ticket = queue.issue_ticket(db_session, InProcessBus(), north.id, "cash", "device_fault",
                                context={"kiosk": kiosk.code})
    token, _code = wallet.start_binding(
        db_session, customer_id=customer.id, account_id=account.id, provider="apple_pay",
        consent_given=True, consent_text_version="wallet-v1")
    db_session.commit()
    return staff, ticket.id, auth.cash_session_id, customer.id, token.id


def _desk_routes(ticket_id: int, suspect_id: int, customer_id: int, token_id: int):
    t, s = ticket_id, suspect_id
    return [
        ("GET", "/staff/desk", None, DESK_ALLOWED),
        ("GET", "/api/staff/desk/queue", None, DESK_ALLOWED),
        ("POST", "/api/staff/desk/call-next", {"counter": "9"}, DESK_ALLOWED),
        ("POST", f"/api/staff/desk/tickets/{t}/serve", None, DESK_ALLOWED),
        ("POST", f"/api/staff/desk/tickets/{t}/transfer", {"to_service": "accounts"},
         DESK_ALLOWED),
        ("POST", "/api/staff/desk/call-next", {"counter": "8"}, DESK_ALLOWED),
        ("POST", f"/api/staff/desk/tickets/{t}/close", {"outcome": "resolved"}, DESK_ALLOWED),
        ("GET", "/api/staff/desk/suspects", None, DESK_ALLOWED),
        ("POST", f"/api/staff/desk/suspects/{s}/reconcile", {"outcome": "not_taken"},
         DESK_ALLOWED),
        ("POST", f"/staff/customers/{customer_id}/wallet/{token_id}/revoke", None,
         WALLET_ALLOWED),
    ]


@pytest.mark.parametrize(("branch", "role"), CASES, ids=lambda x: str(x))
def test_desk_and_wallet_routes_and_events_fail_closed(app, desk_world, branch, role):
    staff, ticket_id, suspect_id, customer_id, token_id = desk_world
    client = app.test_client()
    headers = {"X-CSRFToken": csrf_token(client.get("/staff/sign-in").text)}
    socket = None
    if role is not None:
        sign_in(client, staff[(branch, role)].username)
        headers["X-CSRFToken"] = csrf_token(client.get("/staff/").text)
        socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    for method, url, body, allowed_for in _desk_routes(ticket_id, suspect_id, customer_id,
                                                       token_id):
        allowed = (branch, role) in allowed_for
        if url.endswith("/revoke"):
            response = client.post(url, data={"reason": "lost phone"}, headers=headers)
        else:
            response = client.open(url, method=method, json=body, headers=headers)
        if allowed:
            assert response.status_code < 400, (method, url, response.status_code, response.text)
            assert url.endswith("/revoke") or response.status_code < 300
        elif response.status_code in (200, 409) and (branch, role) in {
            ("south", Role.TELLER), ("south", Role.BRANCH_MANAGER)
        }:
            # Their own branch's desk: the north ticket and suspect are absent.
            data = response.json if response.is_json else {"page": url}
            assert data == [] or data.get("waiting") == [] or data.get("page") == "/staff/desk" \
                or data.get("errors", {}).get("code") == "queue_empty", (url, data)
        else:
            assert response.status_code in (401, 403, 404), (method, url, response.text)
    if socket is None:
        return
    names = {m["name"] for m in socket.get_received("/staff")}
    # Ticket events reach the north floor roles only, and only when a north desk acted.
    if branch == "north" and role in FLOOR_ROLES:
        assert ("ticket.called" in names) is ((branch, role) in DESK_ALLOWED), names
    else:
        assert names == set(), names


DASHBOARD_ALLOWED = {("north", Role.BRANCH_MANAGER), ("north", Role.AREA_MANAGER)}
DASHBOARD_ROLES = {Role.BRANCH_MANAGER, Role.AREA_MANAGER}


@pytest.fixture
def dashboard_world(db_session):
    from shared.models import Area

    areas = [Area(code=f"MX-{n}", name=f"Matrix area {n}") for n in (1, 2)]
    db_session.add_all(areas)
    db_session.flush()
    north = make_branch(db_session, area_id=areas[0].id)
    south = make_branch(db_session, area_id=areas[1].id)
    staff = {(name, role): make_staff(db_session, branch, role)
             for name, branch in (("north", north), ("south", south)) for role in Role}
    db_session.commit()
    return staff, north, south


@pytest.mark.parametrize(("branch", "role"), CASES, ids=lambda x: str(x))
def test_dashboard_page_api_csv_and_room_fail_closed(app, bus, dashboard_world, branch, role):
    from shared.events import DoorCrossed, Event

    staff, north, _south = dashboard_world
    client = app.test_client()
    socket = None
    if role is not None:
        sign_in(client, staff[(branch, role)].username)
        socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    allowed = (branch, role) in DASHBOARD_ALLOWED
    for url in (f"/api/manager/metrics?branch={north.code}",
                f"/api/manager/metrics.csv?branch={north.code}",
                f"/api/manager/metrics.csv?branch={north.code}&table=funnel"):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, (url, response.text)
        else:
            assert response.status_code in (401, 403), (url, response.status_code)
            assert north.code not in response.text
    page = client.get("/staff/manager")
    if role in DASHBOARD_ROLES:
        assert page.status_code == 200  # their own dashboard, with their own branches only
        assert (north.code in page.text) is allowed
    else:
        assert page.status_code in (401, 403)
    if socket is None:
        return
    socket.get_received("/staff")
    bus.publish(Event(north.id, DoorCrossed("MX-DOOR", "in", 1.0)))
    names = [m["name"] for m in socket.get_received("/staff")]
    assert names == (["metrics.changed"] if allowed else []), names
