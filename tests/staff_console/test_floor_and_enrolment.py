"""Claims over sockets, reconnect catch-up, and consent + enrolment over the HTTP API."""

import io

import pytest
from PIL import Image

from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.db.base import utcnow
from shared.events import CustomerArrived, Event
from shared.models import BiometricTemplate, Visit
from shared.models.enums import Role, VisitSource
from smartbranch.app import get_socketio
from staff_console.consent_texts import CURRENT_FACE_VERSION
from staff_console.face_engine import EXTENSION as FACE_ENGINE
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import csrf_token, sign_in


@pytest.fixture
def branch_floor(db_session):
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="floor.a")
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="floor.b")
    customer = make_customer(db_session, branch)
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow())
    db_session.add(visit)
    db_session.commit()
    return branch, customer, visit


def _tablet(app, username):
    client = app.test_client()
    sign_in(client, username)
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    return client, socket


def test_a_claim_on_one_tablet_reaches_the_other_at_once(app, branch_floor):
    _, _, visit = branch_floor
    _, a = _tablet(app, "floor.a")
    _, b = _tablet(app, "floor.b")
    assert a.emit("claim", {"visit_id": visit.id}, namespace="/staff", callback=True)["ok"]
    claimed = [m for m in b.get_received("/staff") if m["name"] == "customer.claimed"]
    assert claimed[0]["args"][0]["payload"]["visit_id"] == visit.id
    refused = b.emit("claim", {"visit_id": visit.id}, namespace="/staff", callback=True)
    assert refused["ok"] is False and refused["code"] == "already_claimed"
    assert b.emit("claim", {"visit_id": "x"}, namespace="/staff", callback=True)["ok"] is False


def test_reconnect_catches_up_without_duplicates(app, bus, branch_floor):
    branch, customer, _ = branch_floor
    _, socket = _tablet(app, "floor.a")
    first = Event(branch.id, CustomerArrived(1, customer.id, "A", "door_camera"))
    bus.publish(first)
    socket.disconnect(namespace="/staff")
    missed = [Event(branch.id, CustomerArrived(i, customer.id, "B", "door_camera"))
              for i in (2, 3)]
    for event in missed:
        bus.publish(event)
    socket.connect(namespace="/staff")
    answer = socket.emit("catch_up", {"last_event_id": first.id}, namespace="/staff",
                         callback=True)
    assert [e["id"] for e in answer["events"]] == [e.id for e in missed]
    unknown = socket.emit("catch_up", {"last_event_id": "gone"}, namespace="/staff",
                          callback=True)
    assert unknown["resync"] is True


def _jpeg(identity: int, variant: int = 0) -> bytes:
    out = io.BytesIO()
    Image.fromarray(draw_faces([identity], variant=variant)).save(out, "JPEG", quality=95)
    return out.getvalue()


def test_consent_enrolment_and_withdrawal_over_the_api(app, bus, db_session, branch_floor):
    _, customer, _ = branch_floor
    app.extensions[FACE_ENGINE] = FakeFaceEngine()
    client, _ = _tablet(app, "floor.a")
    headers = {"X-CSRFToken": csrf_token(client.get("/staff/").text)}
    base = f"/api/staff/customers/{customer.id}"
    photo = {"photo": (io.BytesIO(_jpeg(7)), "a.jpg")}
    refused = client.post(f"{base}/face/check", data=photo, headers=headers)
    assert refused.status_code == 409  # no consent: the photo is not even looked at
    given = client.post(f"{base}/consent", json={"text_version": CURRENT_FACE_VERSION},
                        headers=headers)
    assert given.status_code == 201 and given.json["active"]
    blank = io.BytesIO()
    Image.new("RGB", (200, 200)).save(blank, "PNG")
    check = client.post(f"{base}/face/check", headers=headers,
                        data={"photo": (io.BytesIO(blank.getvalue()), "blank.png")})
    assert check.json["code"] == "no_face" and not check.json["accepted"]
    enrol = client.post(f"{base}/face/enrol", headers=headers, data={"photos": [
        (io.BytesIO(_jpeg(7)), "one.jpg"), (io.BytesIO(_jpeg(7, 1)), "two.jpg"),
        (io.BytesIO(b"not an image"), "three.jpg")]})
    assert enrol.status_code == 201, enrol.json
    assert enrol.json["stored"] == 2
    assert [v["accepted"] for v in enrol.json["verdicts"]] == [True, True, False]
    seen = []
    bus.subscribe(seen.append)
    gone = client.delete(f"{base}/consent/face", json={"reason": "asked"}, headers=headers)
    assert gone.json["templates_deleted"] == 2
    assert db_session.query(BiometricTemplate).filter_by(customer_id=customer.id).count() == 0
    assert [e.kind.value for e in seen] == ["consent.withdrawn"]  # after the commit
    assert "/api/staff/customers/{customer_id}/face/enrol" in client.get(
        "/api/openapi.json").json["paths"]
