"""Edge records on the wire: one JSON object each, typed both ways, no biometrics."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from shared.cluster.names import edge_api_prefix, edge_domain, edge_event_subject, edge_local_stream
from shared.cluster.records import (
    DoorArrival,
    DoorCount,
    DoorCrossing,
    EdgeRecord,
    RecordFormatError,
    RecordType,
)
from shared.events import DeviceUnavailable, Event

AT = datetime(2026, 12, 6, 10, 30, 15, 250000, tzinfo=UTC)


@pytest.mark.parametrize("body", [
    DoorArrival(branch_id=3, customer_id=7, score=0.31, at=AT, window_s=3600.0),
    DoorCrossing(branch_id=3, device_id=9, direction="in", at=AT, seconds_in_view=2.5,
                 track_id=4, track_started=AT),
    DoorCount(branch_id=3, device_id=9, bucket_start=AT, people=5, identified=2),
    Event(3, DeviceUnavailable("LDN-01-K1", "kiosk", "cash dispenser jammed"), at=AT),
])
def test_round_trip(body):
    record = EdgeRecord("r-1", "LDN-01", body)
    back = EdgeRecord.from_bytes(record.to_bytes())
    assert back == record
    assert back.type in RecordType


def test_an_event_record_keeps_the_event_id_and_kind():
    event = Event(3, DeviceUnavailable("LDN-01-K1", "kiosk", "jam"))
    record = EdgeRecord.of_event("LDN-01", event)
    assert record.id == event.id and record.kind == "device.unavailable"
    assert record.type is RecordType.EVENT


def test_an_arrival_carries_no_encoding():
    record = EdgeRecord("a", "LDN-01", DoorArrival(3, 7, 0.3, AT, 60.0))
    body = json.loads(record.to_bytes())["body"]
    assert set(body) == {"branch_id", "customer_id", "score", "at", "window_s"}


@pytest.mark.parametrize("data", [
    b"not json",
    b'{"id": "x", "branch": "B", "type": "door.nothing", "body": {}}',
    b'{"id": "x", "branch": "B", "type": "door.count", "body": {"people": 1}}',
    b'{"id": "x", "branch": "B", "type": "door.arrival", "body": {"branch_id": 1, '
    b'"customer_id": 1, "score": 0.1, "at": "2026-01-01T00:00:00+00:00", "window_s": 1, '
    b'"frame": [0.1]}}',
    b'{"id": "x", "branch": "B", "type": "event", "body": {"kind": "nope"}}',
])
def test_malformed_records_are_refused(data):
    with pytest.raises(RecordFormatError):
        EdgeRecord.from_bytes(data)


def test_names_are_nats_safe():
    assert edge_domain("LDN-01") == "edge-ldn-01"
    assert edge_api_prefix("LDN-01") == "$JS.edge-ldn-01.API"
    assert edge_event_subject("Ldn 01.x") == "sb.edge.ldn-01-x.event"
    assert edge_local_stream("LDN-01") == "SB_EDGE_LDN_01"
    with pytest.raises(ValueError):
        edge_domain("...")
