"""Who may use every route and every Socket.IO event, read from the app itself.

`ACCESS` names, for each endpoint of the app's URL map, who may use it: anyone, a paired
kiosk, anyone signed in, or the staff roles that have a capability (staff_console/policy.py).
A route or an event the table does not name fails the first tests, so a new one cannot ship
without a decision; the others send every route and event as every role (and as nobody)
and check that the ones without the right get 401/403 and the ones with it do not.
Which branch's data a role sees is checked in tests/staff_console/test_authorisation_matrix.py.
"""

from __future__ import annotations

import inspect
import re

import pytest

from shared.models import Area, Visit
from shared.models.enums import Role, VisitSource
from smartbranch.app import get_socketio
from staff_console.policy import CAPABILITIES, Can
from staff_console.realtime import StaffNamespace
from tests.factories import make_branch, make_customer, make_kiosk, make_staff
from tests.web_helpers import csrf_token, sign_in

PUBLIC, DEVICE, SIGNED_IN = "public", "device", "signed in"
ACCESS: dict[str, str | Can] = {
    # Anyone: the health check, the docs, the kiosk's welcome page and its ticket, the queue.
    "index": PUBLIC, "healthz": PUBLIC, "api-docs.openapi_json": PUBLIC,
    "kiosk_api.list_branches": PUBLIC, "kiosk_api.branch_queue": PUBLIC,
    "kiosk_api.take_ticket": PUBLIC, "kiosk_welcome.welcome": PUBLIC,
    "queue_board.board": PUBLIC, "queue_board.ticket": PUBLIC, "queue_display.display": PUBLIC,
    "staff_signin.sign_in_page": PUBLIC, "staff_signin.sign_in": PUBLIC,
    "staff_language.choose": PUBLIC,
    "staff_live_rebalance": PUBLIC,  # the proxy re-pins a moving socket there; no session
    "kiosk_assets.static": PUBLIC, "shared_assets.static": PUBLIC, "staff_assets.static": PUBLIC,
    # A paired kiosk (its cookie or bearer token) and nobody else.
    "kiosk_touch.pair": DEVICE, "kiosk_touch.touch": DEVICE, "kiosk_touch.devices": DEVICE,
    "kiosk_identify_api.identify": DEVICE,
    **{f"kiosk_session_api.{name}": DEVICE for name in (
        "submit_action", "current_session", "speech", "choose_language",
        "out_of_service_ticket")},
    **{f"kiosk_devices_api.{name}": DEVICE for name in (
        "devices", "insert_card", "take_card", "take_cash", "inject_fault", "play_clip",
        "microphone_fault", "say_text", "upload_clip", "insert_notes", "take_returned",
        "press_key", "confirm_wallet")},
    # Anyone signed in (the floor page tells an admin or area manager where to go instead).
    "staff_api.me": SIGNED_IN, "staff_signin.sign_out": SIGNED_IN, "staff_floor.floor": SIGNED_IN,
    # The staff console by capability.
    "staff_arrivals.list_arrivals": Can.SEE_ARRIVALS, "staff_arrivals.get_card": Can.SEE_ARRIVALS,
    **{f"staff_arrivals.{name}": Can.GREET for name in (
        "claim_arrival", "greeted", "hand_over_arrival", "record_arrival_offer",
        "list_colleagues")},
    **{f"staff_biometrics.{name}": Can.MANAGE_CONSENT for name in (
        "consent_text", "get_consent", "post_consent", "delete_consent", "check_photo",
        "enrol", "voice_prompt", "voice_enrol")},
    "staff_customers.search": Can.OPEN_PROFILE, "staff_customers.profile": Can.OPEN_PROFILE,
    "staff_customers.post_note": Can.EDIT_PROFILE,
    "staff_customers.put_preference": Can.EDIT_PROFILE,
    "staff_customers.get_access_log": Can.EXPORT_ACCESS_LOG,
    "staff_customers.export_access_log": Can.EXPORT_ACCESS_LOG,
    "staff_customers_pages.profile": Can.OPEN_PROFILE,
    "staff_customers_pages.search": Can.OPEN_PROFILE,
    "staff_customers_pages.post_note": Can.EDIT_PROFILE,
    "staff_customers_pages.post_preference": Can.EDIT_PROFILE,
    "staff_customers_pages.post_wallet_revoke": Can.MANAGE_WALLET,
    "staff_customers_pages.post_consent": Can.MANAGE_CONSENT,
    "staff_customers_pages.post_withdraw": Can.MANAGE_CONSENT,
    "staff_customers_pages.post_unlearn": Can.MANAGE_CONSENT,
    **{f"staff_other_banks.{name}": Can.MANAGE_CONSENT for name in (
        "post_link", "post_refresh", "post_revoke", "post_statement")},
    "staff_other_banks.post_category": Can.EDIT_PROFILE,
    "staff_desk_pages.desk": Can.WORK_QUEUE,
    **{f"staff_desk.{name}": Can.WORK_QUEUE for name in (
        "get_queue", "call_next", "serve", "transfer", "no_show", "close")},
    "staff_desk.suspects": Can.RECONCILE_CASH, "staff_desk.reconcile": Can.RECONCILE_CASH,
    "staff_cases_pages.cases": Can.HANDLE_FRAUD_CASES,
    "staff_fraud.cases": Can.HANDLE_FRAUD_CASES, "staff_fraud.close": Can.HANDLE_FRAUD_CASES,
    "staff_manager.dashboard": Can.SEE_DASHBOARD, "manager.metrics": Can.SEE_DASHBOARD,
    "manager.metrics_csv": Can.SEE_DASHBOARD,
    **{f"staff_admin.{name}": Can.MANAGE_STAFF for name in (
        "staff_list", "create", "set_active", "change_role", "reset_password", "sign_out")},
}
# The staff namespace's events: who may send them.
EVENTS: dict[str, str | Can | None] = {
    "connect": SIGNED_IN, "join": None,  # rooms are assigned, never asked for
    "claim": Can.GREET, "greeted": Can.GREET, "hand_over": Can.GREET,
    "catch_up": Can.SEE_FLOOR,
}
ROLE_REFUSAL = "not allowed for your role"
# The decision, written out: a change to the policy's table must change this one too.
ROLES: dict[Role, set[Can]] = {
    Role.RELATIONSHIP_MANAGER: {Can.SEE_FLOOR, Can.SEE_ARRIVALS, Can.GREET, Can.OPEN_PROFILE,
                                Can.EDIT_PROFILE, Can.MANAGE_CONSENT, Can.EXPORT_ACCESS_LOG,
                                Can.MANAGE_WALLET},
    Role.TELLER: {Can.SEE_FLOOR, Can.WORK_QUEUE, Can.RECONCILE_CASH, Can.HANDLE_FRAUD_CASES},
    Role.BRANCH_MANAGER: {Can.SEE_FLOOR, Can.SEE_ARRIVALS, Can.GREET, Can.OPEN_PROFILE,
                          Can.EDIT_PROFILE, Can.MANAGE_CONSENT, Can.EXPORT_ACCESS_LOG,
                          Can.MANAGE_WALLET, Can.WORK_QUEUE, Can.RECONCILE_CASH,
                          Can.SEE_DASHBOARD, Can.HANDLE_FRAUD_CASES},
    Role.AREA_MANAGER: {Can.SEE_DASHBOARD, Can.COMPARE_BRANCHES},
    Role.ADMIN: {Can.MANAGE_STAFF},
}


def test_the_policy_is_the_decided_one():
    assert {role: set(can) for role, can in CAPABILITIES.items()} == ROLES


def _rules(app):
    return [(rule, sorted(rule.methods - {"HEAD", "OPTIONS"})) for rule in app.url_map.iter_rules()]


def test_every_route_has_a_decision(app):
    endpoints = {rule.endpoint for rule, _methods in _rules(app)}
    assert endpoints - ACCESS.keys() == set(), "routes with no entry in ACCESS"
    assert ACCESS.keys() - endpoints == set(), "entries in ACCESS for routes that are gone"


def test_every_socket_event_has_a_decision():
    handlers = {name.removeprefix("on_") for name, _ in
                inspect.getmembers(StaffNamespace, inspect.isfunction) if name.startswith("on_")}
    assert handlers == set(EVENTS)


@pytest.fixture
def world(db_session):
    """North's staff of every role, a customer of north who is in the branch, a kiosk."""
    area = Area(code="RT-1", name="Route area")  # an area manager in no area sees nothing
    db_session.add(area)
    db_session.flush()
    north = make_branch(db_session, area_id=area.id)
    staff = {role: make_staff(db_session, north, role) for role in Role}
    target = make_staff(db_session, north, Role.TELLER)  # whom the admin routes act on
    customer = make_customer(db_session, north, family_name="Routewise")
    kiosk = make_kiosk(db_session, north)
    visit = Visit(branch_id=north.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA)
    db_session.add(visit)
    db_session.commit()
    values = {"customer_id": customer.id, "visit_id": visit.id, "staff_id": target.id,
              "ticket_id": 1, "suspect_id": 1, "case_id": 1, "token_id": 1, "consent_id": 1,
              "key": "drink",
              "code": kiosk.code, "number": "C001", "filename": "http.js", "modality": "face"}
    return staff, values


def _url(rule, values: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _requests(app, values, kind):
    for rule, methods in _rules(app):
        if ACCESS[rule.endpoint] == kind or (kind == Can and isinstance(ACCESS[rule.endpoint],
                                                                           Can)):
            for method in methods:
                yield rule.endpoint, method, _url(rule, values)


def _send(client, method: str, url: str, token: str):
    return client.open(url, method=method, json={} if method != "GET" else None,
                       headers={"X-CSRFToken": token})


def test_nobody_signed_in_gets_no_staff_or_device_route(app, world):
    _staff, values = world
    client = app.test_client()
    token = csrf_token(client.get("/staff/sign-in").text)
    for kind in (DEVICE, SIGNED_IN, Can):
        for endpoint, method, url in _requests(app, values, kind):
            answer = _send(client, method, url, token)
            # A staff page sends the browser to sign in; the API answers 401.
            assert answer.status_code == 401 or (
                answer.status_code == 302 and "/staff/sign-in" in answer.headers["Location"]
            ), (endpoint, method, answer.status_code)


def test_public_routes_are_open_to_anyone(app, world):
    _staff, values = world
    client = app.test_client()
    token = csrf_token(client.get("/staff/sign-in").text)
    for endpoint, method, url in _requests(app, values, PUBLIC):
        answer = _send(client, method, url, token)
        assert answer.status_code not in (401, 403), (endpoint, method, answer.status_code)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_gets_exactly_its_capabilities(app, world, role):
    staff, values = world
    client = app.test_client()
    sign_in(client, staff[role].username)
    token = csrf_token(client.get("/staff/").text)
    for endpoint, method, url in _requests(app, values, Can):
        allowed = ACCESS[endpoint] in CAPABILITIES[role]
        answer = _send(client, method, url, token)
        if allowed:
            assert answer.status_code not in (401, 403), (role, endpoint, method,
                                                          answer.status_code)
        else:
            assert answer.status_code == 403, (role, endpoint, method, answer.status_code)
    for endpoint, method, url in _requests(app, values, DEVICE):
        # A signed-in staff browser is no kiosk.
        answer = _send(client, method, url, token)
        assert answer.status_code in (401, 422), (role, endpoint, answer.status_code)
    for endpoint, method, url in _requests(app, values, SIGNED_IN):
        if endpoint != "staff_signin.sign_out":  # keep the session for the events below
            assert _send(client, method, url, token).status_code not in (401, 403), endpoint
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    assert socket.is_connected("/staff")
    for event, who in EVENTS.items():
        if event == "connect":
            continue
        answer = socket.emit(event, {"visit_id": values["visit_id"], "to_staff_id":
                                     staff[role].id}, namespace="/staff", callback=True)
        if who is None:
            assert answer["ok"] is False, (role, event)
        elif who in CAPABILITIES[role]:
            assert answer.get("error") != ROLE_REFUSAL, (role, event, answer)
        else:
            assert answer == {"ok": False, "error": ROLE_REFUSAL}, (role, event, answer)


def test_nobody_signed_in_gets_no_socket(app):
    socket = get_socketio(app).test_client(app, namespace="/staff")
    assert not socket.is_connected("/staff")
