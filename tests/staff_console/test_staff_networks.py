"""Where staff may use the console from, and how guessing from one address is slowed down."""

from __future__ import annotations

import pytest

from shared.models.enums import Role
from smartbranch.app import get_socketio
from tests.factories import make_branch, make_staff
from tests.web_helpers import csrf_token, sign_in

HEAD_OFFICE = "10.20.0.0/16"
NORTH_LAN = "192.168.5.0/24"


@pytest.fixture
def branches(db_session):
    north, south = make_branch(db_session), make_branch(db_session)
    make_staff(db_session, north, Role.RELATIONSHIP_MANAGER, username="net.north")
    make_staff(db_session, south, Role.RELATIONSHIP_MANAGER, username="net.south")
    db_session.commit()
    return north, south


@pytest.fixture
def fenced_app(settings, database, bus, branches):
    """The app with head office's network and the north branch's LAN allowed."""
    from smartbranch.app import create_app

    north, _south = branches
    auth = settings.auth.model_copy(update={"allowed_networks": (HEAD_OFFICE,),
                                            "branch_networks": {north.code: (NORTH_LAN,)}})
    app = create_app(settings.model_copy(update={"auth": auth}), database=database, bus=bus)
    app.config.update(TESTING=True)
    return app


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_another_network_gets_nothing_of_the_console(fenced_app):
    outside = _client(fenced_app, "203.0.113.9")
    page = outside.get("/staff/sign-in")
    assert page.status_code == 403 and "cannot be used from this network" in page.text
    assert outside.get("/api/staff/me").status_code == 403
    assert outside.get("/api/manager/metrics").status_code == 403
    # The kiosk's and the queue screen's public pages are not the console's to fence.
    assert outside.get("/healthz").status_code == 200


def test_head_office_may_sign_in_and_work(fenced_app):
    office = _client(fenced_app, "10.20.3.4")
    assert sign_in(office, "net.south").status_code == 302
    assert office.get("/staff/").status_code == 200


def test_a_branch_lan_serves_its_own_staff_only(fenced_app):
    north = _client(fenced_app, "192.168.5.7")
    assert sign_in(north, "net.north").status_code == 302
    assert north.get("/staff/").status_code == 200
    socket = get_socketio(fenced_app).test_client(fenced_app, namespace="/staff",
                                                  flask_test_client=north)
    assert socket.is_connected("/staff")
    # South's staff member on north's LAN: signed in, and still refused every page.
    visitor = _client(fenced_app, "192.168.5.8")
    sign_in(visitor, "net.south")
    assert visitor.get("/staff/").status_code == 403
    socket = get_socketio(fenced_app).test_client(fenced_app, namespace="/staff",
                                                  flask_test_client=visitor)
    assert not socket.is_connected("/staff")


def test_without_networks_configured_any_address_may_sign_in(app, branches):
    assert sign_in(_client(app, "203.0.113.9"), "net.north").status_code == 302


def test_repeated_failures_from_one_address_are_slowed_whatever_the_username(app, branches):
    limit = app.extensions["smartbranch.settings"].auth.failed_signins_per_address
    allowed = int(limit.split()[0])
    guesser = _client(app, "198.51.100.7")
    for i in range(allowed):
        assert sign_in(guesser, f"someone.{i}", "guess").status_code == 401
    # Now even the right password waits, and nothing says whether the account exists.
    page = guesser.get("/staff/sign-in")
    answer = guesser.post("/staff/sign-in", data={
        "username": "net.north", "password": "x" * 12, "csrf_token": csrf_token(page.text)})
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins from this network" in answer.text
    assert sign_in(guesser, "net.north").status_code == 429
    # Another address is not held up by this one.
    assert sign_in(_client(app, "198.51.100.8"), "net.north").status_code == 302
