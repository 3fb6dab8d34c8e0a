"""What the door watcher's recorder and status reporter put in the database and on the bus."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.door.crossing import Crossing
from kiosk.door.recorder import Arrival, DbVisitRecorder
from kiosk.door.status import CameraStatusReporter
from shared.biometrics.consent import give_consent
from shared.events import CustomerArrived, DoorCrossed, EventKind, InProcessBus, TrafficCounted
from shared.floor.traffic import Direction, crossing_key
from shared.models import Device
from shared.models.analytics import AnalyticsFact
from shared.models.enums import ConsentChannel, DeviceKind, Modality, PrivacyMode
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def door(database):
    with database.session() as session:
        branch = make_branch(session, privacy_mode=PrivacyMode.AMBIENT)
        device = Device(branch_id=branch.id, code=f"{branch.code}-DOOR", name="Door",
                        kind=DeviceKind.DOOR_CAMERA)
        session.add(device)
        consenting = make_customer(session, branch, given_name="Grace", family_name="Hopper")
        give_consent(session, consenting.id, Modality.FACE, "v1", ConsentChannel.TABLET)
        never = make_customer(session, branch)
        ids = branch.id, device.id, device.code, consenting.id, never.id
    bus = InProcessBus()
    events = []
    bus.subscribe(events.append)
    branch_id, device_id, device_code, consenting_id, never_id = ids
    recorder = DbVisitRecorder(database, bus, branch_id, device_id, timedelta(hours=1))
    return recorder, events, device_code, consenting_id, never_id


def test_privacy_mode_is_the_branchs(door):
    recorder = door[0]
    assert recorder.privacy_mode() == PrivacyMode.AMBIENT


def test_a_consenting_customers_arrival_is_recorded_and_announced(door):
    recorder, events, _, consenting_id, _ = door
    arrival = recorder.arrive(consenting_id, 0.28765, NOW)
    assert arrival == Arrival(arrival.visit_id, consenting_id, "Grace Hopper")
    assert [(e.branch_id, e.payload) for e in events] == [(recorder.branch_id, CustomerArrived(
        arrival.visit_id, consenting_id, "Grace Hopper", "door_camera", 0.2877))]
    assert recorder.arrive(consenting_id, 0.3, NOW + timedelta(minutes=5)) is None
    assert len(events) == 1  # one visit, one arrival


def test_no_consent_no_visit_no_event(door):
    recorder, events, _, _, never_id = door
    assert recorder.arrive(never_id, 0.2, NOW) is None
    assert events == []


def test_a_crossing_is_a_fact_announced_once_even_when_written_twice(door, database):
    recorder, events, device_code, _, _ = door
    crossing = Crossing(7, Direction.OUT, NOW, NOW - timedelta(seconds=2), 1.5, 0.4)
    recorder.cross(crossing)
    recorder.cross(crossing)  # a retry after a write that did commit
    assert [e.payload for e in events] == [DoorCrossed(device_code, "out", 1.5)]
    with database.session() as session:
        facts = session.scalars(select(AnalyticsFact).where(
            AnalyticsFact.branch_id == recorder.branch_id)).all()
        assert [(f.kind, f.key, f.dim, f.duration_ms) for f in facts] == [
            ("door.exit", crossing_key(device_code, 7, crossing.track_started), device_code,
             1500)]


def test_counts_are_written_and_announced(door):
    recorder, events, device_code, _, _ = door
    recorder.count(NOW, 4, 1)
    assert [e.payload for e in events] == [TrafficCounted(device_code, 4, 1)]
    assert events[0].kind is EventKind.TRAFFIC_COUNTED


def test_camera_status_is_announced_and_a_failing_bus_never_reaches_the_camera(caplog):
    bus = InProcessBus()
    events = []
    bus.subscribe(events.append)
    status = CameraStatusReporter(bus, 3, "TST-DOOR")
    status.unavailable("no frames")
    status.available()
    assert [e.kind for e in events] == [EventKind.DEVICE_UNAVAILABLE, EventKind.DEVICE_AVAILABLE]
    assert {e.branch_id for e in events} == {3}

    class Down:
        def publish(self, event):
            raise ConnectionError("redis down")

    broken = CameraStatusReporter(Down(), 3, "TST-DOOR")
    with caplog.at_level(logging.ERROR, logger="kiosk.door.status"):
        broken.unavailable("no frames")
        broken.available()
    assert caplog.text.count("TST-DOOR") == 2


def test_a_learning_recorder_holds_a_consenting_customers_frame_sealed(door, database,
                                                                       settings):
    import numpy as np

    from kiosk.door.recorder import Learning
    from shared.biometrics.cipher import TemplateCipher
    from shared.models import TemplateCandidate

    plain, _events, _, consenting_id, _ = door
    recorder = DbVisitRecorder(plain.database, plain.bus, plain.branch_id, plain.device_id,
                               timedelta(hours=1), learning=Learning(
                                   TemplateCipher.from_settings(settings), "m1",
                                   settings.biometrics.learning.model_copy(
                                       update={"enabled": True})))
    frame = np.full(128, 0.088, np.float32)
    arrival = recorder.arrive(consenting_id, 0.2, NOW, frame=frame, quality=0.6)
    with database.session() as session:
        held = session.scalars(select(TemplateCandidate)).one()
        assert (held.visit_id, held.customer_id, held.quality) == (
            arrival.visit_id, consenting_id, 0.6)
        assert frame.tobytes() not in held.ciphertext
