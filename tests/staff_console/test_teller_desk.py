"""The teller desk through HTTP and the socket, reconciliation, the public screen, wallets."""

import pytest
from sqlalchemy import select

from shared.models import AuditEntry, Device
from shared.models.enums import DeviceStatus, Role
from shared.models.money import CashSessionState
from shared.money import wallet
from shared.money.cash import withdrawal
from smartbranch.app import get_socketio
from tests.factories import make_branch, make_customer, make_kiosk, make_staff
from tests.money_factories import make_cash_kiosk, make_customer_with_account, new_key
from tests.web_helpers import csrf_token, sign_in

PAN = "4929123456781234"


@pytest.fixture
def branch(db_session):
    north = make_branch(db_session)
    make_staff(db_session, north, Role.TELLER, username="desk.teller")
    make_staff(db_session, north, Role.RELATIONSHIP_MANAGER, username="desk.rm")
    make_staff(db_session, make_branch(db_session), Role.TELLER, username="south.teller")
    kiosk = make_kiosk(db_session, north)
    db_session.commit()
    return north, kiosk


def _client(app, username):
    client = app.test_client()
    sign_in(client, username)
    token = csrf_token(client.get("/staff/").text)
    return client, {"X-CSRFToken": token}


def _take_ticket(client, kiosk, **context):
    page = client.get("/staff/sign-in")
    response = client.post("/api/kiosk/tickets", json={
        "kiosk": kiosk.code, "service": "cash", "reason": "over_limit", "context": context},
        headers={"X-CSRFToken": csrf_token(page.text)})
    assert response.status_code == 201, response.text
    return response.json


def test_a_kiosk_ticket_through_the_desk(app, branch):
    _, kiosk = branch
    client, headers = _client(app, "desk.teller")
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    ticket = _take_ticket(app.test_client(), kiosk, tried="withdrawal", amount_minor=80_000,
                          pin="1234", card_number=PAN)
    queue = client.get("/api/staff/desk/queue?counter=3").json
    [waiting] = queue["waiting"]
    context = {row["label"]: row["value"] for row in waiting["context"]}
    assert waiting["kiosk"] == kiosk.code and context == {"Tried": "withdrawal",
                                                           "Amount": "£800.00"}
    assert PAN not in str(queue) and "1234" not in str(context)
    called = client.post("/api/staff/desk/call-next", json={"counter": "3"}, headers=headers)
    assert called.status_code == 200 and called.json["number"] == ticket["number"]
    names = [m["name"] for m in socket.get_received("/staff")]
    assert names == ["ticket.created", "ticket.called"]
    empty = client.post("/api/staff/desk/call-next", json={"counter": "4"}, headers=headers)
    assert (empty.status_code, empty.json["errors"]["code"]) == (409, "queue_empty")
    busy = client.post("/api/staff/desk/call-next", json={"counter": "3"}, headers=headers)
    assert (busy.status_code, busy.json["errors"]["code"]) == (409, "counter_busy")
    base = f"/api/staff/desk/tickets/{ticket['id']}"
    assert client.post(f"{base}/serve", headers=headers).json["status"] == "serving"
    wrong = client.post(f"{base}/no-show", headers=headers)
    assert wrong.status_code == 409 and "cannot be marked a no-show" in wrong.json["message"]
    moved = client.post(f"{base}/transfer", json={"to_counter": "7", "note": "FX"},
                        headers=headers)
    assert moved.json["status"] == "transferred" and moved.json["counter"] == "7"
    assert client.post("/api/staff/desk/call-next", json={"counter": "7"},
                       headers=headers).json["id"] == ticket["id"]
    bad = client.post(f"{base}/close", json={"outcome": "magic"}, headers=headers)
    assert bad.status_code == 422
    done = client.post(f"{base}/close", json={"outcome": "referred", "note": "FX desk"},
                       headers=headers)
    assert done.json["status"] == "done" and done.json["outcome"] == "referred: FX desk"
    assert [m["name"] for m in socket.get_received("/staff")] == [
        "ticket.updated", "ticket.updated", "ticket.called", "ticket.updated"]


def test_another_branchs_teller_cannot_touch_the_ticket(app, branch):
    _, kiosk = branch
    ticket = _take_ticket(app.test_client(), kiosk)
    client, headers = _client(app, "south.teller")
    assert client.get("/api/staff/desk/queue").json["waiting"] == []
    assert client.post("/api/staff/desk/call-next", json={"counter": "1"},
                       headers=headers).status_code == 409
    assert client.post(f"/api/staff/desk/tickets/{ticket['id']}/serve",
                       headers=headers).status_code == 404


def test_desk_page_for_tellers_only(app, branch):
    teller, _ = _client(app, "desk.teller")
    page = teller.get("/staff/desk")
    assert page.status_code == 200 and 'id="call-next"' in page.text
    assert 'id="reconciliation"' in page.text
    rm, _ = _client(app, "desk.rm")
    assert rm.get("/staff/desk").status_code == 403
    assert app.test_client().get("/staff/desk").status_code == 401


@pytest.fixture
def suspect(db_session, branch):
    north, _ = branch
    kiosk = make_cash_kiosk(db_session, north)
    _, account = make_customer_with_account(db_session, north, funded_minor=50_000)
    auth = withdrawal.authorise(db_session, account_id=account.id, device_id=kiosk.id,
                                amount_minor=6_000, idempotency_key=new_key(),
                                notes={"2000": 3})
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    cash = withdrawal.dispense_failed(
        db_session, auth.cash_session_id, nothing_dispensed=False, reason="shutter jammed",
        context={"completion": "shutter_fault", "cassettes": {"CST2": 97}, "pan": PAN})
    db_session.commit()
    return cash, kiosk, account


def test_reconciliation_through_the_desk(app, bus, db_session, suspect):
    cash, kiosk, account = suspect
    published = []
    bus.subscribe(published.append)
    south, south_headers = _client(app, "south.teller")
    assert south.get("/api/staff/desk/suspects").json == []
    assert south.post(f"/api/staff/desk/suspects/{cash.id}/reconcile", json={
        "outcome": "taken", "counts": {}}, headers=south_headers).status_code == 404
    client, headers = _client(app, "desk.teller")
    [listed] = client.get("/api/staff/desk/suspects").json
    report = {row["label"]: row["value"] for row in listed["device_report"]}
    assert listed["kiosk_code"] == kiosk.code and listed["outcomes"] == ["taken", "not_taken"]
    assert report["Completion"] == "shutter_fault" and report["Cassettes CST2"] == "97"
    assert listed["account_ending"] == account.number[-4:] and PAN not in str(listed)
    url = f"/api/staff/desk/suspects/{cash.id}/reconcile"
    wrong = client.post(url, json={"outcome": "accepted", "counts": {}}, headers=headers)
    assert wrong.status_code == 422 and "taken or not_taken" in wrong.json["message"]
    too_much = client.post(url, json={"outcome": "taken", "amount_minor": 9_000},
                           headers=headers)
    assert too_much.status_code == 422
    db_session.expire_all()
    assert db_session.get(Device, kiosk.id).status == DeviceStatus.OUT_OF_SERVICE
    done = client.post(url, json={"outcome": "taken", "amount_minor": 4_000,
                                  "counts": {"2000": 96}}, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json["state"] == CashSessionState.RECONCILED.value
    db_session.expire_all()
    assert db_session.get(Device, kiosk.id).status == DeviceStatus.OK
    db_session.refresh(account)
    assert (account.balance_minor, account.held_minor) == (46_000, 0)
    assert [e.kind.value for e in published] == ["device.available"]
    assert db_session.scalar(select(AuditEntry.action).where(
        AuditEntry.subject_type == "cash_session", AuditEntry.subject_id == cash.id,
        AuditEntry.action == "cash.reconciled")) == "cash.reconciled"
    again = client.post(url, json={"outcome": "taken"}, headers=headers)
    assert again.status_code == 409


def test_the_public_screen_shows_numbers_and_counters_only(app, db_session, branch):
    north, kiosk = branch
    customer = make_customer(db_session, north, given_name="Grace", family_name="Hopper")
    db_session.commit()
    ticket = _take_ticket(app.test_client(), kiosk, customer_name="Grace Hopper",
                          card_number=PAN)
    second = _take_ticket(app.test_client(), kiosk)
    client, headers = _client(app, "desk.teller")
    client.post("/api/staff/desk/call-next", json={"counter": "5"}, headers=headers)
    public = app.test_client()
    board = public.get(f"/api/queue/{north.code}")
    assert board.status_code == 200 and board.headers["Cache-Control"] == "no-store"
    assert board.json["called"][0]["number"] == ticket["number"]
    assert board.json["called"][0]["counter"] == "5"
    assert board.json["next"] == [second["number"]]
    page = public.get(f"/queue/{north.code}")
    assert page.status_code == 200
    assert ticket["number"] in page.text and second["number"] in page.text
    for response in (board, page):
        for secret in ("Grace", "Hopper", customer.customer_number, PAN, "over_limit",
                       kiosk.code):
            assert secret not in response.text
    assert public.get("/api/queue/NOPE-99").status_code == 404
    # The ticket's QR code opens the screen on that number: where it stands, nothing more.
    mine = public.get(f"/api/queue/{north.code}/tickets/{ticket['number']}")
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert (mine.json["status"], mine.json["counter"]) == ("called", "5")
    theirs = public.get(f"/api/queue/{north.code}/tickets/{second['number']}").json
    assert (theirs["status"], theirs["ahead"]) == ("waiting", 0)
    for secret in ("Grace", "Hopper", customer.customer_number, PAN, kiosk.code):
        assert secret not in mine.text
    assert public.get(f"/api/queue/{north.code}/tickets/Z999").status_code == 404
    assert public.get(f"/api/queue/NOPE-99/tickets/{ticket['number']}").status_code == 404
    page = public.get(f"/queue/{north.code}",
                      query_string={"ticket": ticket["number"] + '"><b>'})
    assert f'/api/queue/{north.code}/tickets/{ticket["number"]}B"' in page.text
    assert '"><b>' not in page.text


@pytest.fixture
def bound(db_session, branch):
    north, _ = branch
    customer, account = make_customer_with_account(db_session, north)
    token, code = wallet.start_binding(
        db_session, customer_id=customer.id, account_id=account.id, provider="google_pay",
        consent_given=True, consent_text_version="wallet-v1", card_reference="**** 4242")
    wallet.confirm_binding(db_session, token.id, code=code, token_reference="DPAN-000111222")
    other, other_account = make_customer_with_account(db_session, north)
    foreign, _ = wallet.start_binding(
        db_session, customer_id=other.id, account_id=other_account.id, provider="alipay",
        consent_given=True, consent_text_version="wallet-v1")
    db_session.commit()
    return customer, token, foreign


def test_wallet_bindings_in_the_360_and_revoke(app, db_session, bound):
    customer, token, foreign = bound
    client, _ = _client(app, "desk.rm")
    page = client.get(f"/staff/customers/{customer.id}?reason=search")
    assert "Google Pay" in page.text and "**** 4242" in page.text
    form = csrf_token(page.text)
    url = f"/staff/customers/{customer.id}/wallet"
    empty = client.post(f"{url}/{token.id}/revoke", data={"csrf_token": form, "reason": " "},
                        follow_redirects=True)
    assert "give a reason" in empty.text
    assert client.post(f"{url}/{foreign.id}/revoke",
                       data={"csrf_token": form, "reason": "x"}).status_code == 404
    done = client.post(f"{url}/{token.id}/revoke",
                       data={"csrf_token": form, "reason": "phone lost"}, follow_redirects=True)
    assert "Wallet binding revoked" in done.text and "phone lost" in done.text
    db_session.expire_all()
    assert db_session.scalar(select(AuditEntry.reason).where(
        AuditEntry.action == "wallet.revoked", AuditEntry.subject_id == token.id)) == "phone lost"
    teller, headers = _client(app, "desk.teller")
    assert teller.post(f"{url}/{token.id}/revoke",
                       data={"csrf_token": headers["X-CSRFToken"], "reason": "x"}
                       ).status_code == 403


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/staff/desk/call-next", {}),
        ("/api/staff/desk/call-next", {"counter": ""}),
        ("/api/staff/desk/call-next", {"counter": "x" * 17}),
        ("/api/staff/desk/call-next", {"counter": "1", "services": ["lottery"]}),
        ("/api/staff/desk/call-next", {"counter": "<script>"}),
        ("/api/staff/desk/call-next", ["not", "an", "object"]),
        ("/api/staff/desk/tickets/99999999999999999999999/serve", {}),
        ("/api/staff/desk/tickets/1/transfer", {"to_service": 5}),
        ("/api/staff/desk/tickets/1/close", {"outcome": None}),
        ("/api/staff/desk/suspects/99999999999999999999999/reconcile", {"outcome": "taken"}),
        ("/api/staff/desk/suspects/1/reconcile", {"outcome": "taken", "counts": {"-5": 1}}),
        ("/api/staff/desk/suspects/1/reconcile", {"outcome": "taken", "amount_minor": 2**70}),
        ("/api/staff/desk/suspects/1/reconcile", {"outcome": "taken", "counts": {"2000": -1}}),
    ],
)
def test_bad_desk_input_gets_a_clear_4xx(app, branch, url, body):
    client, headers = _client(app, "desk.teller")
    response = client.post(url, json=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.json.get("message") or response.json.get("errors")


def test_desk_and_board_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("/api/staff/desk/queue", "/api/staff/desk/call-next",
                 "/api/staff/desk/tickets/{ticket_id}/serve",
                 "/api/staff/desk/tickets/{ticket_id}/transfer",
                 "/api/staff/desk/tickets/{ticket_id}/no-show",
                 "/api/staff/desk/tickets/{ticket_id}/close", "/api/staff/desk/suspects",
                 "/api/staff/desk/suspects/{suspect_id}/reconcile", "/api/queue/{code}"):
        assert path in paths, path
