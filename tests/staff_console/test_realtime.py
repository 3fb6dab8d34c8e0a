"""Socket.IO rooms are assigned by the server; sign-out disconnects."""

import pytest

from shared.events import CustomerArrived, Event, TicketCreated
from shared.models.enums import Role
from smartbranch.app import get_socketio
from tests.factories import make_branch, make_staff
from tests.web_helpers import csrf_token, sign_in


@pytest.fixture
def two_branches(db_session):
    north, south = make_branch(db_session), make_branch(db_session)
    make_staff(db_session, north, Role.RELATIONSHIP_MANAGER, username="north.rm")
    make_staff(db_session, south, Role.RELATIONSHIP_MANAGER, username="south.rm")
    db_session.commit()
    return north, south


def _socket(app, client):
    return get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)


def test_anonymous_sockets_are_refused(app):
    socket = get_socketio(app).test_client(app, namespace="/staff")
    assert not socket.is_connected("/staff")


def test_events_reach_only_their_branch(app, bus, two_branches):
    north, south = two_branches
    north_client, south_client = app.test_client(), app.test_client()
    sign_in(north_client, "north.rm")
    sign_in(south_client, "south.rm")
    north_socket, south_socket = _socket(app, north_client), _socket(app, south_client)
    assert north_socket.is_connected("/staff") and south_socket.is_connected("/staff")
    bus.publish(Event(north.id, CustomerArrived(1, 2, "Ada Lovelace", "door_camera", 0.3)))
    got_north = north_socket.get_received("/staff")
    got_south = south_socket.get_received("/staff")
    assert [m["name"] for m in got_north] == ["customer.arrived"]
    assert got_north[0]["args"][0]["payload"]["display_name"] == "Ada Lovelace"
    assert got_south == []


def test_a_client_cannot_join_another_branchs_room(app, bus, two_branches):
    north, south = two_branches
    client = app.test_client()
    sign_in(client, "north.rm")
    socket = _socket(app, client)
    answer = socket.emit(
        "join", {"room": f"branch:{south.id}:staff"}, namespace="/staff", callback=True
    )
    assert answer["ok"] is False
    bus.publish(Event(south.id, TicketCreated(1, "C001", "cash", "x")))
    assert socket.get_received("/staff") == []


def test_sign_out_disconnects_the_staff_members_sockets(app, two_branches):
    client = app.test_client()
    sign_in(client, "north.rm")
    socket = _socket(app, client)
    assert socket.is_connected("/staff")
    page = client.get("/staff/")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(page.text)})
    assert not socket.is_connected("/staff")
    again = _socket(app, client)
    assert not again.is_connected("/staff")
