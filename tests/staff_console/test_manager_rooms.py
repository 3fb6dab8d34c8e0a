"""The managers' rooms: a dashboard hears its branches' events as notices, nobody else does."""

import pytest

from shared.events import CustomerArrived, DoorCrossed, Event, KioskSessionEnded, OfferRecorded
from shared.models import Area
from shared.models.enums import Role
from smartbranch.app import get_socketio
from staff_console.bridge import METRICS_CHANGED, managers_room
from tests.factories import make_branch, make_staff
from tests.web_helpers import sign_in


@pytest.fixture
def branches(db_session):
    area = Area(code="ROOMS", name="Rooms area")
    db_session.add(area)
    db_session.flush()
    north = make_branch(db_session, area_id=area.id)
    east = make_branch(db_session, area_id=area.id)
    south = make_branch(db_session)
    for username, branch, role in (
        ("north.manager", north, Role.BRANCH_MANAGER),
        ("north.rm", north, Role.RELATIONSHIP_MANAGER),
        ("north.teller", north, Role.TELLER),
        ("north.area", north, Role.AREA_MANAGER),
        ("south.manager", south, Role.BRANCH_MANAGER),
    ):
        make_staff(db_session, branch, role, username=username)
    db_session.commit()
    return north, east, south


def _socket(app, username):
    client = app.test_client()
    sign_in(client, username)
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    assert socket.is_connected("/staff")
    return socket


def _names(socket) -> list[tuple[str, dict]]:
    return [(m["name"], m["args"][0]) for m in socket.get_received("/staff")]


def test_a_door_crossing_reaches_its_branchs_managers_only(app, bus, branches):
    north, _east, south = branches
    sockets = {name: _socket(app, name) for name in
               ("north.manager", "north.rm", "north.teller", "north.area", "south.manager")}
    event = Event(north.id, DoorCrossed("DOOR-1", "in", 2.5))
    bus.publish(event)
    got = {name: _names(socket) for name, socket in sockets.items()}
    notice = {"id": event.id, "kind": METRICS_CHANGED, "branch_id": north.id,
              "at": event.at.isoformat(), "event": "door.crossed"}
    assert got["north.manager"] == [(METRICS_CHANGED, notice)]
    assert got["north.area"] == [(METRICS_CHANGED, notice)]
    assert got["north.rm"] == [] and got["north.teller"] == []  # never a manager's notice
    assert got["south.manager"] == []


def test_an_area_manager_hears_every_branch_of_the_area_and_no_other(app, bus, branches):
    north, east, south = branches
    area = _socket(app, "north.area")
    bus.publish(Event(east.id, KioskSessionEnded("E-K1", "completed", "", 80.0)))
    bus.publish(Event(south.id, KioskSessionEnded("S-K1", "completed", "", 80.0)))
    bus.publish(Event(north.id, OfferRecorded(1, "savings", "accepted")))
    assert [(n["branch_id"], n["event"]) for _, n in _names(area)] == [
        (east.id, "kiosk.session_ended"), (north.id, "offer.recorded")]


def test_a_branch_manager_gets_an_arrival_once_and_a_notice_without_the_customer(
        app, bus, branches):
    north, _east, _south = branches
    manager, area = _socket(app, "north.manager"), _socket(app, "north.area")
    bus.publish(Event(north.id, CustomerArrived(1, 2, "Ada Lovelace", "door_camera", 0.3)))
    got = _names(manager)
    assert [name for name, _ in got] == ["customer.arrived", METRICS_CHANGED]
    heard = _names(area)
    assert [name for name, _ in heard] == [METRICS_CHANGED]  # the area manager has no floor
    assert "Ada" not in str(heard) and "payload" not in heard[0][1]


def test_a_client_cannot_join_a_managers_room_by_asking(app, bus, branches):
    north, _east, south = branches
    for username, room in (("north.rm", managers_room(north.id)),
                           ("north.manager", managers_room(south.id))):
        socket = _socket(app, username)
        answer = socket.emit("join", {"room": room}, namespace="/staff", callback=True)
        assert answer["ok"] is False
        socket.get_received("/staff")
    rm, manager = _socket(app, "north.rm"), _socket(app, "north.manager")
    bus.publish(Event(south.id, DoorCrossed("DOOR-S", "in", 1.0)))
    bus.publish(Event(north.id, DoorCrossed("DOOR-N", "in", 1.0)))
    assert _names(rm) == []
    assert [n["branch_id"] for _, n in _names(manager)] == [north.id]
