"""Staff administration: what an admin may do, that it ends sessions and sockets at once, and
that every act is audited; nobody else may do it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.models import AuditEntry, Staff
from shared.models.enums import Role
from shared.staff.admin import StaffAdminError, change_role, create_staff
from smartbranch.app import get_socketio
from tests.factories import PASSWORD, make_branch, make_staff
from tests.web_helpers import csrf_token, sign_in

NEW_PASSWORD = "a-long-new-passphrase"


@pytest.fixture
def office(db_session):
    north, south = make_branch(db_session), make_branch(db_session)
    people = {
        "admin": make_staff(db_session, north, Role.ADMIN, username="adm.one"),
        "rm": make_staff(db_session, north, Role.RELATIONSHIP_MANAGER, username="rm.north"),
        "manager": make_staff(db_session, north, Role.BRANCH_MANAGER, username="bm.north"),
    }
    db_session.commit()
    return north, south, people


def _admin_client(app):
    client = app.test_client()
    sign_in(client, "adm.one")
    return client, csrf_token(client.get("/staff/admin/").text)


def _signed_in(app, username: str):
    client = app.test_client()
    sign_in(client, username)
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    assert socket.is_connected("/staff") and client.get("/staff/").status_code == 200
    return client, socket


def _actions(db_session, staff_id: int) -> list[str]:
    return list(db_session.scalars(select(AuditEntry.action).where(
        AuditEntry.subject_type == "staff", AuditEntry.subject_id == staff_id)
        .order_by(AuditEntry.seq)))


def test_an_admin_lands_on_the_accounts_page_and_sees_every_branch(app, office):
    north, south, people = office
    client = app.test_client()
    answer = sign_in(client, "adm.one")
    assert answer.headers["Location"].endswith("/staff/admin/")
    page = client.get("/staff/admin/").text
    assert "rm.north" in page and "bm.north" in page and south.code in page


def test_create_then_sign_in_with_the_first_password(app, db_session, office):
    north, south, people = office
    client, token = _admin_client(app)
    answer = client.post("/staff/admin/staff", data={
        "csrf_token": token, "username": "New.Teller", "full_name": "Nia Teller",
        "role": "teller", "branch_id": south.id, "password": NEW_PASSWORD},
        follow_redirects=True)
    assert "Account new.teller created." in answer.text
    created = db_session.scalar(select(Staff).where(Staff.username == "new.teller"))
    assert created.role == Role.TELLER and created.branch_id == south.id
    assert _actions(db_session, created.id) == ["staff.created"]
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "staff.created"))
    assert entry.actor_id == people["admin"].id and "password" not in str(entry.detail)
    assert sign_in(app.test_client(), "new.teller", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(("fields", "why"), [
    ({"username": "rm.north"}, "the username rm.north is taken"),
    ({"username": "x"}, "a username is 3 to 64"),
    ({"password": "short"}, "at least 12 characters"),
    ({"full_name": " "}, "full name"),
])
def test_a_bad_new_account_is_refused_clearly(app, db_session, office, fields, why):
    north, _south, _people = office
    client, token = _admin_client(app)
    before = db_session.scalar(select(Staff.id).order_by(Staff.id.desc()).limit(1))
    answer = client.post("/staff/admin/staff", data={
        "csrf_token": token, "username": "fresh.one", "full_name": "Fresh One",
        "role": "teller", "branch_id": north.id, "password": NEW_PASSWORD, **fields},
        follow_redirects=True)
    assert why in answer.text
    assert db_session.scalar(select(Staff.id).order_by(Staff.id.desc()).limit(1)) == before


@pytest.mark.parametrize(("path", "form", "action"), [
    ("active", {"active": "no", "reason": "left the bank"}, "staff.deactivated"),
    ("role", {"role": "teller"}, "staff.role_changed"),
    ("password", {"password": NEW_PASSWORD}, "staff.password_reset"),
    ("sign-out", {}, "staff.signed_out_by_admin"),
])
def test_taking_access_away_ends_sessions_and_sockets_at_once(app, db_session, office, path,
                                                              form, action):
    north, _south, people = office
    rm = people["rm"]
    rm_client, rm_socket = _signed_in(app, "rm.north")
    client, token = _admin_client(app)
    if path == "role":
        form = {**form, "branch_id": north.id}
    answer = client.post(f"/staff/admin/staff/{rm.id}/{path}", data={"csrf_token": token, **form})
    assert answer.status_code == 302
    assert not rm_socket.is_connected("/staff")  # closed by the server, now
    assert rm_client.get("/staff/").status_code in (302, 401)  # the old cookie is dead
    assert action in _actions(db_session, rm.id)
    entries = db_session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == "staff", AuditEntry.subject_id == rm.id)).all()
    assert all(e.actor_id == people["admin"].id for e in entries
               if e.action != "staff.signed_in")


def test_a_deactivated_account_cannot_sign_in_and_a_reset_one_can(app, db_session, office):
    _north, _south, people = office
    client, token = _admin_client(app)
    url = f"/staff/admin/staff/{people['rm'].id}"
    client.post(f"{url}/active", data={"csrf_token": token, "active": "no"})
    assert sign_in(app.test_client(), "rm.north").status_code == 401
    client.post(f"{url}/active", data={"csrf_token": token, "active": "yes"})
    client.post(f"{url}/password", data={"csrf_token": token, "password": NEW_PASSWORD})
    assert sign_in(app.test_client(), "rm.north").status_code == 401  # the old password
    assert sign_in(app.test_client(), "rm.north", NEW_PASSWORD).status_code == 302


def test_an_admin_cannot_lock_themselves_out(app, db_session, office):
    _north, south, people = office
    me = people["admin"].id
    client, token = _admin_client(app)
    answer = client.post(f"/staff/admin/staff/{me}/role", data={
        "csrf_token": token, "role": "teller", "branch_id": south.id}, follow_redirects=True)
    assert "cannot take the admin role from your own account" in answer.text
    answer = client.post(f"/staff/admin/staff/{me}/active",
                         data={"csrf_token": token, "active": "no"}, follow_redirects=True)
    assert "cannot deactivate your own account" in answer.text
    assert db_session.get(Staff, me).active and db_session.get(Staff, me).role == Role.ADMIN


@pytest.mark.parametrize("username", ["rm.north", "bm.north"])
def test_nobody_but_an_admin_may_administer(app, office, username):
    _north, _south, people = office
    client = app.test_client()
    sign_in(client, username)
    token = csrf_token(client.get("/staff/").text)
    assert client.get("/staff/admin/").status_code == 403
    answer = client.post(f"/staff/admin/staff/{people['admin'].id}/active",
                         data={"csrf_token": token, "active": "no"})
    assert answer.status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/staff/admin/").status_code in (302, 401)


def test_the_service_refuses_an_unknown_branch_or_person(db_session, office):
    _north, _south, people = office
    with pytest.raises(StaffAdminError, match="no branch"):
        create_staff(db_session, people["admin"].id, username="someone", full_name="S",
                     role=Role.TELLER, branch_id=999_999, password=PASSWORD)
    with pytest.raises(StaffAdminError, match="no staff member"):
        change_role(db_session, None, people["admin"].id, 999_999, role=Role.TELLER,
                    branch_id=people["rm"].branch_id)
