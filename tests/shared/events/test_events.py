import dataclasses
import logging

import pytest

from shared.events import (
    CustomerArrived,
    Event,
    EventFormatError,
    EventKind,
    InProcessBus,
    TicketCreated,
)
from shared.events.after_commit import publish_after_commit
from shared.events.payloads import PAYLOAD_TYPES


def _example(payload_type):
    values = {}
    for field in dataclasses.fields(payload_type):
        values[field.name] = {"int": 7, "str": "x", "float | None": 0.5}.get(field.type, 1)
    return payload_type(**values)


@pytest.mark.parametrize("kind", list(EventKind))
def test_every_kind_round_trips_through_json(kind):
    event = Event(branch_id=3, payload=_example(PAYLOAD_TYPES[kind]))
    again = Event.from_dict(event.to_dict())
    assert again == event
    assert again.kind is kind


def test_staff_facing_names_are_the_interface():
    names = {k.value for k in EventKind}
    assert {
        "customer.arrived",
        "customer.claimed",
        "customer.left",
        "ticket.created",
        "ticket.called",
        "device.unavailable",
    } <= names


@pytest.mark.parametrize(
    "bad",
    [
        {
            "kind": "customer.teleported",
            "branch_id": 1,
            "id": "a",
            "at": "2026-01-01T00:00:00+00:00",
            "payload": {},
        },
        {
            "kind": "ticket.created",
            "branch_id": 1,
            "id": "a",
            "at": "2026-01-01T00:00:00+00:00",
            "payload": {
                "ticket_id": 1,
                "number": "A1",
                "service": "cash",
                "reason": "x",
                "pin": "1234",
            },
        },
        {"kind": "ticket.created"},
    ],
)
def test_malformed_messages_are_refused(bad):
    with pytest.raises(EventFormatError):
        Event.from_dict(bad)


def test_payloads_are_frozen():
    payload = TicketCreated(1, "C001", "cash", "customer_request")
    with pytest.raises(dataclasses.FrozenInstanceError):
        payload.number = "C002"


def test_in_process_bus_survives_a_failing_listener(caplog):
    bus = InProcessBus()
    received = []

    def broken(event):
        raise RuntimeError("listener bug")

    bus.subscribe(broken)
    unsubscribe = bus.subscribe(received.append)
    event = Event(1, CustomerArrived(1, 2, "Ada L", "door_camera", 0.3))
    with caplog.at_level(logging.ERROR):
        bus.publish(event)
    assert received == [event]
    assert "listener bug" in caplog.text
    unsubscribe()
    bus.publish(event)
    assert received == [event]


def test_events_are_published_only_after_commit(db_session):
    bus = InProcessBus()
    received = []
    bus.subscribe(received.append)
    event = Event(1, TicketCreated(1, "C001", "cash", "customer_request"))
    publish_after_commit(db_session, bus, event)
    assert received == []
    db_session.commit()
    assert received == [event]


def test_events_are_dropped_on_rollback(db_session):
    bus = InProcessBus()
    received = []
    bus.subscribe(received.append)
    publish_after_commit(db_session, bus, Event(1, TicketCreated(1, "C001", "cash", "x")))
    db_session.rollback()
    db_session.commit()
    assert received == []


def test_a_failing_publish_after_commit_is_logged_and_the_others_still_go(db_session, caplog):
    class Down:
        def publish(self, event):
            raise ConnectionError("redis down")

    bus = InProcessBus()
    received = []
    bus.subscribe(received.append)
    lost, kept = (Event(1, TicketCreated(n, f"C00{n}", "cash", "x")) for n in (1, 2))
    publish_after_commit(db_session, Down(), lost)
    publish_after_commit(db_session, bus, kept)
    with caplog.at_level(logging.ERROR, logger="shared.events.after_commit"):
        db_session.commit()  # the commit itself succeeds: the write is durable
    assert received == [kept]
    assert f"publishing ticket.created event {lost.id} after commit failed" in caplog.text
