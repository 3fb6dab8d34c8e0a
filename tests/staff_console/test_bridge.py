"""The event bridge alone: which events reach which room, which are dropped, what survives."""

from __future__ import annotations

import logging

import pytest

from shared.events import (
    ConsentWithdrawn,
    CustomerArrived,
    DeviceUnavailable,
    DoorCrossed,
    Event,
    EventKind,
    InProcessBus,
    KioskSessionEnded,
    OfferRecorded,
    StaffSignedOut,
    TemplatesEnrolled,
    TicketCalled,
    TrafficCounted,
)
from staff_console.bridge import (
    DASHBOARD_EVENTS,
    METRICS_CHANGED,
    METRICS_CHANGES,
    STAFF_EVENTS,
    EventBridge,
    branch_room,
    managers_room,
    user_room,
)
from staff_console.emitter import RoomEmitter
from staff_console.replay import ReplayBuffer


class FakeEmitter:
    """Records what the bridge hands over; can fail on chosen event ids."""

    def __init__(self, fail_on: set[str] = frozenset()):
        self.sent: list[tuple[int, str, dict]] = []
        self.fail_on = fail_on

    def put(self, branch_id, name, message):
        if message["id"] in self.fail_on:
            raise RuntimeError("socket server gone")
        self.sent.append((branch_id, name, message))


class RecordingSocketIO:
    def __init__(self):
        self.sent: list[tuple[str, dict, str, str]] = []

    def emit(self, name, data, to, namespace):
        self.sent.append((name, data, to, namespace))


@pytest.fixture
def world():
    bus = InProcessBus()
    emitter = FakeEmitter()
    replay = ReplayBuffer(50)
    disconnected: list[int] = []
    bridge = EventBridge(bus, emitter, replay, disconnected.append)
    bridge.start()
    return bus, bridge, emitter, replay, disconnected


def arrived(branch_id: int = 1) -> Event:
    return Event(branch_id, CustomerArrived(10, 20, "Ada Lovelace", "door_camera", 0.31))


def test_a_staff_event_reaches_its_branch_under_its_own_name_as_json(world):
    bus, _bridge, emitter, _replay, _ = world
    event = arrived(branch_id=7)
    bus.publish(event)
    assert emitter.sent == [(7, "customer.arrived", event.to_dict())]


def test_the_emitter_sends_each_event_to_its_branchs_room_only():
    bus, socketio = InProcessBus(), RecordingSocketIO()
    emitter = RoomEmitter(socketio, "/staff", branch_room, batch=False)
    EventBridge(bus, emitter, ReplayBuffer(), lambda staff_id: 0).start()
    north, south = arrived(branch_id=1), Event(2, TicketCalled(5, "C001", "Counter 2"))
    bus.publish(north)
    bus.publish(south)
    assert socketio.sent == [
        ("customer.arrived", north.to_dict(), "branch:1:staff", "/staff"),
        ("ticket.called", south.to_dict(), "branch:2:staff", "/staff"),
    ]


@pytest.mark.parametrize(
    "payload",
    [ConsentWithdrawn(20, "face"), TemplatesEnrolled(20, "face"), TrafficCounted("D-1", 3, 1)],
)
def test_server_side_events_are_dropped(world, payload):
    bus, _bridge, emitter, replay, disconnected = world
    bus.publish(Event(1, payload))
    assert emitter.sent == [] and replay.since(1, "") == [] and disconnected == []


def test_every_kind_is_for_tablets_managers_or_named_as_server_side():
    server_side = {
        EventKind.CONSENT_WITHDRAWN,
        EventKind.TEMPLATES_ENROLLED,
        EventKind.TRAFFIC_COUNTED,
        EventKind.STAFF_SIGNED_OUT,  # acted on by the bridge, never sent
    }
    managers_only = {EventKind.DOOR_CROSSED, EventKind.KIOSK_SESSION_ENDED,
                     EventKind.OFFER_RECORDED}
    assert STAFF_EVENTS | DASHBOARD_EVENTS | server_side == set(EventKind)
    assert not (STAFF_EVENTS | DASHBOARD_EVENTS) & server_side
    assert DASHBOARD_EVENTS - STAFF_EVENTS == managers_only
    # Everything that moves a figure the page shows: arrivals, greetings, tickets.
    assert {EventKind.CUSTOMER_ARRIVED, EventKind.CUSTOMER_CLAIMED, EventKind.CUSTOMER_GREETED,
            EventKind.TICKET_CREATED, EventKind.TICKET_CALLED,
            EventKind.TICKET_UPDATED} <= DASHBOARD_EVENTS


@pytest.fixture
def managed():
    bus, staff, managers = InProcessBus(), FakeEmitter(), FakeEmitter()
    replay = ReplayBuffer(50)
    EventBridge(bus, staff, replay, lambda staff_id: 0, managers=managers).start()
    return bus, staff, managers, replay


@pytest.mark.parametrize("payload", [DoorCrossed("D-1", "in", 2.0),
                                     KioskSessionEnded("K-1", "fallback", "over_limit", 60.0),
                                     OfferRecorded(3, "savings", "accepted")])
def test_dashboard_only_events_go_to_the_managers_as_notices(managed, payload):
    bus, staff, managers, replay = managed
    event = Event(4, payload)
    bus.publish(event)
    assert staff.sent == [] and replay.since(4, "") == []
    assert managers.sent == [(4, METRICS_CHANGED, {
        "id": event.id, "kind": METRICS_CHANGED, "branch_id": 4, "at": event.at.isoformat(),
        "event": payload.kind.value})]


def test_an_arrival_goes_to_the_floor_whole_and_to_the_managers_without_a_payload(managed):
    bus, staff, managers, _ = managed
    event = arrived(2)
    bus.publish(event)
    assert staff.sent == [(2, "customer.arrived", event.to_dict())]
    [(branch_id, name, notice)] = managers.sent
    assert (branch_id, name, notice["event"]) == (2, METRICS_CHANGED, "customer.arrived")
    assert "payload" not in notice and "Ada" not in str(notice)


def test_a_failed_emit_to_one_kind_of_room_does_not_silence_the_other(caplog):
    bus, replay = InProcessBus(), ReplayBuffer()
    first, second = arrived(), arrived()
    staff, managers = FakeEmitter(fail_on={first.id}), FakeEmitter(fail_on={second.id})
    EventBridge(bus, staff, replay, lambda staff_id: 0, managers=managers).start()
    with caplog.at_level(logging.ERROR, logger="staff_console.bridge"):
        bus.publish(first)
        bus.publish(second)
    assert [m["id"] for _, _, m in staff.sent] == [second.id]
    assert [m["id"] for _, _, m in managers.sent] == [first.id]
    assert caplog.text.count("forwarding customer.arrived") == 2


def test_the_managers_emitter_sends_notices_to_the_managers_room_and_batches_apart():
    bus, socketio = InProcessBus(), RecordingSocketIO()
    staff = RoomEmitter(socketio, "/staff", branch_room, batch=False)
    managers = RoomEmitter(socketio, "/staff", managers_room, batch=False,
                           batch_name=METRICS_CHANGES)
    EventBridge(bus, staff, ReplayBuffer(), lambda staff_id: 0, managers=managers).start()
    bus.publish(Event(5, DoorCrossed("D-5", "out", 1.0)))
    [(name, data, room, namespace)] = socketio.sent
    assert (name, room, namespace) == (METRICS_CHANGED, "branch:5:managers", "/staff")
    assert data["event"] == "door.crossed"


def test_the_replay_buffer_gets_each_staff_event_of_its_branch(world):
    bus, _bridge, _emitter, replay, _ = world
    first, second = arrived(1), Event(1, DeviceUnavailable("DOOR-1", "door_camera", "no frames"))
    other = arrived(2)
    for event in (first, second, other):
        bus.publish(event)
    assert replay.since(1, "") == [first.to_dict(), second.to_dict()]
    assert replay.since(2, "") == [other.to_dict()]


def test_sign_out_disconnects_the_staff_member_and_is_not_sent(world):
    bus, _bridge, emitter, replay, disconnected = world
    bus.publish(Event(1, StaffSignedOut(42)))
    assert disconnected == [42]
    assert emitter.sent == [] and replay.since(1, "") == []


def test_an_emitter_error_is_logged_and_the_bridge_goes_on(caplog):
    bus, replay = InProcessBus(), ReplayBuffer()
    broken = arrived()
    emitter = FakeEmitter(fail_on={broken.id})
    EventBridge(bus, emitter, replay, lambda staff_id: 0).start()
    with caplog.at_level(logging.ERROR, logger="staff_console.bridge"):
        bus.publish(broken)
    assert f"forwarding customer.arrived event {broken.id}" in caplog.text
    after = arrived()
    bus.publish(after)
    assert [m["id"] for _, _, m in emitter.sent] == [after.id]
    # The failed event was buffered before the emit: the tablet catches up on reconnect.
    assert [m["id"] for m in replay.since(1, "")] == [broken.id, after.id]


def test_a_disconnect_error_is_survived(caplog):
    bus = InProcessBus()
    emitter = FakeEmitter()

    def broken(staff_id):
        raise RuntimeError("socket server gone")

    EventBridge(bus, emitter, ReplayBuffer(), broken).start()
    with caplog.at_level(logging.ERROR, logger="staff_console.bridge"):
        bus.publish(Event(1, StaffSignedOut(42)))
    assert "staff.signed_out" in caplog.text
    bus.publish(arrived())
    assert len(emitter.sent) == 1


def test_stop_unsubscribes_and_start_never_subscribes_twice(world):
    bus, bridge, emitter, _replay, _ = world
    bridge.start()  # again: still one subscription
    bus.publish(arrived())
    assert len(emitter.sent) == 1
    bridge.stop()
    assert not bridge.running
    bus.publish(arrived())
    assert len(emitter.sent) == 1
    bridge.stop()  # twice is harmless
    bridge.start()
    bus.publish(arrived())
    assert len(emitter.sent) == 2


def test_room_names():
    assert branch_room(3) == "branch:3:staff"
    assert managers_room(3) == "branch:3:managers"
    assert user_room(9) == "user:9"
