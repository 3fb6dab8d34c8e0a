import pytest

from shared.models.enums import Role
from tests.factories import make_branch, make_kiosk, make_staff
from tests.web_helpers import csrf_token, sign_in


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_openapi_document_is_generated_from_the_code(client):
    spec = client.get("/api/openapi.json").json
    assert spec["info"]["title"] == "SmartBranch"
    assert "/api/kiosk/tickets" in spec["paths"]
    assert "/api/staff/me" in spec["paths"]
    assert "post" in spec["paths"]["/api/kiosk/tickets"]


def test_sign_in_page_is_a_real_form_with_csrf(client):
    page = client.get("/staff/sign-in")
    assert page.status_code == 200
    assert 'name="username"' in page.text and 'name="password"' in page.text
    assert csrf_token(page.text)


def test_staff_sign_in_reaches_the_floor(client, db_session):
    branch = make_branch(db_session, name="Strand")
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="rm.one")
    db_session.commit()
    response = sign_in(client, "rm.one")
    assert response.status_code == 302
    floor = client.get("/staff/")
    assert floor.status_code == 200
    assert "Strand" in floor.text
    assert client.get("/api/staff/me").json["username"] == "rm.one"


def test_wrong_password_is_refused_with_a_clear_message(client, db_session):
    make_staff(db_session, make_branch(db_session), username="rm.two")
    db_session.commit()
    response = sign_in(client, "rm.two", "wrong")
    assert response.status_code == 401
    assert "Unknown username or wrong password" in response.text
    assert client.get("/staff/").status_code == 302  # still signed out


def test_a_post_without_csrf_token_is_refused(client, db_session):
    make_staff(db_session, make_branch(db_session), username="rm.three")
    db_session.commit()
    from tests.factories import PASSWORD

    response = client.post("/staff/sign-in", data={"username": "rm.three", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(app, client, db_session):
    make_staff(db_session, make_branch(db_session), username="rm.four")
    db_session.commit()
    sign_in(client, "rm.four")
    stolen = app.test_client()
    cookie = client.get_cookie("session")
    stolen.set_cookie("session", cookie.value)
    assert stolen.get("/staff/").status_code == 200
    page = client.get("/staff/")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(page.text)})
    assert client.get("/staff/").status_code == 302
    assert stolen.get("/staff/").status_code == 302  # the old cookie no longer works


def test_staff_api_refuses_anonymous_callers(client):
    assert client.get("/api/staff/me").status_code == 401


def test_kiosk_ticket_flow_creates_a_numbered_ticket(client, db_session, bus):
    branch = make_branch(db_session, code="KIO-01")
    kiosk = make_kiosk(db_session, branch, code="KIO-01-K1")
    db_session.commit()
    received = []
    bus.subscribe(received.append)
    page = client.get(f"/kiosk/{kiosk.code}")
    assert page.status_code == 200
    response = client.post(
        f"/kiosk/{kiosk.code}", data={"service": "cash", "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 200
    assert "C001" in response.text
    assert [e.payload.number for e in received] == ["C001"]
    queue = client.get("/api/branches/KIO-01/queue").json
    assert [t["number"] for t in queue["waiting"]] == ["C001"]


def test_unknown_kiosk_is_a_404(client):
    assert client.get("/kiosk/NOPE").status_code == 404


def test_the_public_ticket_api_cannot_claim_priority_or_leak_reasons(client, db_session):
    branch = make_branch(db_session, code="PUB-01")
    make_kiosk(db_session, branch, code="PUB-01-K1")
    db_session.commit()
    page = client.get("/kiosk/PUB-01-K1")
    response = client.post(
        "/api/kiosk/tickets",
        json={"kiosk": "PUB-01-K1", "service": "cash", "reason": "over_limit",
              "context": {"priority": "accessibility", "tried": "withdrawal"}},
        headers={"X-CSRFToken": csrf_token(page.text)},
    )
    assert response.status_code == 201, response.text
    from shared.models import QueueTicket

    ticket = db_session.get(QueueTicket, response.json["id"])
    db_session.refresh(ticket)
    assert ticket.context == {"tried": "withdrawal"}
    waiting = client.get("/api/branches/PUB-01/queue").json["waiting"]
    assert waiting[0]["number"] == "C001" and "reason" not in waiting[0]


@pytest.mark.parametrize("context", [
    {"nested": {"deep": {"deeper": 1}}},
    {f"key{i}": i for i in range(13)},
    {"step": "x" * 121},
    {"Bad Key": 1},
    {"list": [1, 2, 3]},
])
def test_the_public_ticket_api_refuses_a_stuffed_context(client, db_session, context):
    branch = make_branch(db_session)
    kiosk = make_kiosk(db_session, branch)
    db_session.commit()
    page = client.get(f"/kiosk/{kiosk.code}")
    response = client.post("/api/kiosk/tickets",
                           json={"kiosk": kiosk.code, "service": "cash", "context": context},
                           headers={"X-CSRFToken": csrf_token(page.text)})
    assert response.status_code == 422 and "context" in response.json["errors"]["json"]
