"""Risk cases through the staff API and page: who sees which, closing, audit, live events."""

import pytest
from sqlalchemy import select

from shared.fraud import RULE_NAMES, Observation, observe
from shared.models import AuditEntry, SignalKind
from shared.models.enums import Role
from shared.queue.tickets import issue_ticket
from smartbranch.app import get_socketio
from staff_console.labels import FRAUD_RULES
from staff_console.page_text.cases import cases_text
from tests.factories import make_branch, make_customer, make_kiosk, make_staff
from tests.web_helpers import csrf_token, sign_in

CASES = "/api/staff/fraud/cases"


@pytest.fixture
def scene(db_session):
    """North with a teller, a branch manager, a relationship manager and a kiosk; south's
    teller; a customer of south (visiting north, whose kiosk the case is at)."""
    north, south = make_branch(db_session), make_branch(db_session)
    for role in (Role.TELLER, Role.BRANCH_MANAGER, Role.RELATIONSHIP_MANAGER):
        make_staff(db_session, north, role, username=f"cases.{role.value}")
    make_staff(db_session, south, Role.TELLER, username="cases.south")
    kiosk = make_kiosk(db_session, north)
    customer = make_customer(db_session, south, given_name="Vera", family_name="Casewise")
    db_session.commit()
    return {"north": north, "south": south, "kiosk": kiosk, "customer": customer}


def _open_case(db_session, settings, bus, scene, amount=250_000) -> int:
    """A first large payment to a new payee at north's kiosk: a case the rules open."""
    verdict = observe(db_session, Observation(
        kind=SignalKind.TRANSFER, branch_id=scene["north"].id, device_id=scene["kiosk"].id,
        customer_id=scene["customer"].id, amount_minor=amount,
        counterparty=f"payee-{amount}"), settings, bus)
    db_session.commit()
    assert verdict.rules == ("unusual_amount",)
    return verdict.case_ids[0]


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    return client, {"X-CSRFToken": csrf_token(client.get("/staff/").text)}


def test_a_teller_sees_the_case_live_and_closes_it_as_genuine(app, db_session, settings, bus,
                                                               scene):
    client, headers = _client(app, "cases.teller")
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    case_id = _open_case(db_session, settings, bus, scene)
    [opened] = socket.get_received("/staff")
    assert opened["name"] == "fraud.case_opened"
    assert opened["args"][0]["payload"] == {"case_id": case_id, "rule": "unusual_amount",
                                            "step_up": True, "device_code": scene["kiosk"].code}
    [case] = client.get(CASES).json
    assert case == case | {
        "id": case_id, "rule": "unusual_amount", "status": "open", "step_up": True,
        "device_code": scene["kiosk"].code, "customer_name": "Vera Casewise",
        "amount_minor": 250_000, "currency": "GBP", "hits": 1,
        "evidence": {"amount_minor": 250_000, "largest_90d_minor": 0, "new_payee": True}}
    closed = client.post(f"{CASES}/{case_id}/close", headers=headers,
                         json={"status": "genuine", "note": " passport checked "})
    assert closed.status_code == 200, closed.text
    assert closed.json | {"status": "genuine", "note": "passport checked"} == closed.json
    assert closed.json["closed_by"] and closed.json["closed_at"]
    assert [m["name"] for m in socket.get_received("/staff")] == ["fraud.case_closed"]
    assert client.get(CASES).json == []
    assert [c["status"] for c in client.get(f"{CASES}?all=1").json] == ["genuine"]
    audit = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "fraud.case_closed",
                                                       AuditEntry.subject_id == case_id))
    assert audit.reason == "genuine" and audit.detail["note"] == "passport checked"
    again = client.post(f"{CASES}/{case_id}/close", headers=headers,
                        json={"status": "fraud"})
    assert (again.status_code, again.json["errors"]["code"]) == (409, "closed")
    assert "already closed" in again.json["message"]


def test_a_branch_manager_closes_a_case_as_fraud(app, db_session, settings, bus, scene):
    case_id = _open_case(db_session, settings, bus, scene)
    client, headers = _client(app, "cases.branch_manager")
    closed = client.post(f"{CASES}/{case_id}/close", headers=headers, json={"status": "fraud"})
    assert closed.status_code == 200 and closed.json["status"] == "fraud"
    bad = client.post(f"{CASES}/{case_id}/close", headers=headers, json={"status": "open"})
    assert bad.status_code == 422


def test_another_branch_sees_nothing_and_a_relationship_manager_nothing_at_all(
        app, db_session, settings, bus, scene):
    case_id = _open_case(db_session, settings, bus, scene)
    # The customer's home is south, but the case is where it happened: north's.
    south, south_headers = _client(app, "cases.south")
    assert south.get(CASES).json == [] and south.get(f"{CASES}?all=1").json == []
    hidden = south.post(f"{CASES}/{case_id}/close", headers=south_headers,
                        json={"status": "genuine"})
    assert hidden.status_code == 404 and "no such case" in hidden.json["message"]
    unknown = south.post(f"{CASES}/{case_id + 999}/close", headers=south_headers,
                         json={"status": "genuine"})
    assert unknown.status_code == 404 and hidden.json["message"] == unknown.json["message"]
    rm, rm_headers = _client(app, "cases.relationship_manager")
    assert rm.get(CASES).status_code == 403 and rm.get("/staff/cases").status_code == 403
    assert rm.post(f"{CASES}/{case_id}/close", headers=rm_headers,
                   json={"status": "genuine"}).status_code == 403
    assert "/staff/cases" not in rm.get("/staff/").text
    teller, _ = _client(app, "cases.teller")
    assert teller.get(CASES).json[0]["status"] == "open"  # nothing above closed it


def test_the_page_and_the_top_bar_count(app, db_session, settings, bus, scene):
    teller, _ = _client(app, "cases.teller")
    assert 'id="case-count" class="pill warn count" translate="no" hidden>0<' in teller.get(
        "/staff/").text
    _open_case(db_session, settings, bus, scene)
    _open_case(db_session, settings, bus, {**scene, "customer": make_customer(
        db_session, scene["north"])}, amount=300_000)
    page = teller.get("/staff/cases")
    assert page.status_code == 200
    assert 'id="case-count" class="pill warn count" translate="no">2<' in page.text
    assert 'id="page-text"' in page.text and "evidence.unusual_amount" in page.text
    assert "fraud_rule.velocity" in page.text and "Vera" not in page.text  # data over the API


def test_a_step_up_ticket_names_its_rules_in_words_at_the_desk(app, db_session, bus, scene):
    issue_ticket(db_session, bus, scene["north"].id, "cash", "step_up", context={
        "kiosk": scene["kiosk"].code, "amount_minor": 95_000, "fraud_case_ids": [7],
        "fraud_rules": ["just_under_limit", "velocity"]})
    db_session.commit()
    teller, _ = _client(app, "cases.teller")
    [ticket] = teller.get("/api/staff/desk/queue?counter=1").json["waiting"]
    context = {row["label"]: row["value"] for row in ticket["context"]}
    assert context["Risk rules"] == ("withdrawals just under the limit, "
                                     "many withdrawals or transfers in a short time")
    assert context["Risk cases"] == "7" and ticket["reason"] == "step_up"


def test_every_rule_has_words_and_a_sentence_for_its_figures(app):
    assert set(FRAUD_RULES) == set(RULE_NAMES)
    with app.test_request_context():
        words = cases_text()
    assert {f"evidence.{rule}" for rule in RULE_NAMES} <= words.keys()
    assert {f"fraud_rule.{rule}" for rule in RULE_NAMES} <= words.keys()
