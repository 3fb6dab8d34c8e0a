"""The room emitter sends a lone event at once and a backlog as one batch, in order."""

import threading

from shared.events import CustomerArrived, Event
from smartbranch.app import get_socketio
from staff_console.emitter import BATCH, RoomEmitter
from staff_console.realtime import EMITTER
from tests.factories import make_branch, make_staff
from tests.web_helpers import sign_in


class RecordingSocketIO:
    """Stands in for Flask-SocketIO's emit; the first emit can be held to build a backlog."""

    def __init__(self, hold_first: bool = False):
        self.sent: list[tuple[str, object, str]] = []
        self.release = threading.Event()
        self.first_started = threading.Event()
        self._hold = hold_first

    def emit(self, name, data, to, namespace):
        if self._hold and not self.sent:
            self.first_started.set()
            self.release.wait(5)
        self.sent.append((name, data, to))


def _message(n):
    return {"id": f"e{n}", "kind": "customer.arrived", "n": n}


def test_a_lone_event_goes_out_under_its_own_name():
    socketio = RecordingSocketIO()
    emitter = RoomEmitter(socketio, "/staff", lambda b: f"branch:{b}:staff")
    emitter.put(1, "customer.arrived", _message(1))
    assert emitter.flush()
    assert socketio.sent == [("customer.arrived", _message(1), "branch:1:staff")]


def test_a_backlog_goes_out_as_one_batch_per_room_in_order():
    socketio = RecordingSocketIO(hold_first=True)
    emitter = RoomEmitter(socketio, "/staff", lambda b: f"branch:{b}:staff")
    emitter.put(1, "customer.arrived", _message(0))
    assert socketio.first_started.wait(5)
    for n in range(1, 6):
        emitter.put(1, "customer.arrived", _message(n))
    emitter.put(2, "ticket.created", {"id": "t1", "kind": "ticket.created"})
    socketio.release.set()
    assert emitter.flush()
    names = [name for name, _, _ in socketio.sent]
    assert names == ["customer.arrived", BATCH, "ticket.created"]
    assert [m["n"] for m in socketio.sent[1][1]] == [1, 2, 3, 4, 5]
    assert socketio.sent[2][2] == "branch:2:staff"


def test_a_backlog_goes_out_under_the_emitters_batch_name():
    socketio = RecordingSocketIO(hold_first=True)
    emitter = RoomEmitter(socketio, "/staff", lambda b: f"branch:{b}:managers",
                          batch_name="metrics.changes")
    emitter.put(1, "metrics.changed", _message(0))
    assert socketio.first_started.wait(5)
    for n in range(1, 3):
        emitter.put(1, "metrics.changed", _message(n))
    socketio.release.set()
    assert emitter.flush()
    assert [name for name, _, _ in socketio.sent] == ["metrics.changed", "metrics.changes"]


def test_tablets_receive_every_event_of_a_burst_through_batches(settings, database, bus,
                                                                db_session):
    from smartbranch.app import create_app

    batching = settings.model_copy(update={
        "console": settings.console.model_copy(update={"batch_events": True})})
    app = create_app(batching, database=database, bus=bus)
    branch = make_branch(db_session)
    make_staff(db_session, branch, username="burst.rm")
    db_session.commit()
    client = app.test_client()
    sign_in(client, "burst.rm")
    socket = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    events = [Event(branch.id, CustomerArrived(n, n, f"Customer {n}", "door_camera", 0.3))
              for n in range(1, 301)]
    for event in events:
        bus.publish(event)
    assert app.extensions[EMITTER].flush()
    received = []
    for packet in socket.get_received("/staff"):
        batch = packet["args"][0]
        received.extend(batch if packet["name"] == BATCH else [batch])
    assert [m["id"] for m in received] == [e.id for e in events]
