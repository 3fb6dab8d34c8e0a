"""Door crossings are recorded once each, as entry or exit facts, and announced after commit."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.analytics.cells import TOTALS
from shared.analytics.store import daily_snapshot
from shared.events import DoorCrossed, Event, InProcessBus
from shared.floor.traffic import Direction, crossing_key, record_crossing
from shared.models import Device
from shared.models.analytics import AnalyticsFact
from shared.models.enums import DeviceKind
from tests.factories import make_branch

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
STARTED = NOW - timedelta(seconds=3)


@pytest.fixture
def received() -> list[Event]:
    return []


@pytest.fixture
def bus(received) -> InProcessBus:
    bus = InProcessBus()
    bus.subscribe(received.append)
    return bus


@pytest.fixture
def door(db_session) -> Device:
    branch = make_branch(db_session)
    device = Device(branch_id=branch.id, code=f"{branch.code}-DOOR", name="Door",
                    kind=DeviceKind.DOOR_CAMERA)
    db_session.add(device)
    db_session.flush()
    return device


def _facts(session, branch_id: int):
    return session.scalars(select(AnalyticsFact).where(AnalyticsFact.branch_id == branch_id)
                           .order_by(AnalyticsFact.id)).all()


def test_the_key_names_the_camera_the_tracks_start_and_its_number():
    assert crossing_key("LDN-01-DOOR-1", 17, STARTED) == "door:LDN-01-DOOR-1:1772445597000:17"


def test_an_entry_and_an_exit_are_facts_with_their_dwell_and_events_after_commit(
    db_session, bus, received, door
):
    assert record_crossing(db_session, bus, door.id, door.branch_id, Direction.IN, NOW, 2.4,
                           track_id=1, track_started=STARTED)
    assert record_crossing(db_session, bus, door.id, door.branch_id, "out", NOW, 1.25,
                           track_id=2, track_started=STARTED)
    facts = _facts(db_session, door.branch_id)
    assert [(f.kind, f.key, f.dim, f.duration_ms, f.customer_id, f.at) for f in facts] == [
        ("door.entry", crossing_key(door.code, 1, STARTED), door.code, 2400, None, NOW),
        ("door.exit", crossing_key(door.code, 2, STARTED), door.code, 1250, None, NOW),
    ]
    assert received == []
    db_session.commit()
    assert [(e.branch_id, e.payload) for e in received] == [
        (door.branch_id, DoorCrossed(door.code, "in", 2.4)),
        (door.branch_id, DoorCrossed(door.code, "out", 1.25)),
    ]
    assert received[0].to_dict()["kind"] == "door.crossed"


def test_a_retried_crossing_is_one_fact_one_event_and_counted_once(db_session, bus, received,
                                                                   door):
    for _ in range(2):
        record_crossing(db_session, bus, door.id, door.branch_id, Direction.IN, NOW, 2.0,
                        track_id=5, track_started=STARTED)
    assert not record_crossing(db_session, bus, door.id, door.branch_id, Direction.IN, NOW,
                               2.0, track_id=5, track_started=STARTED)
    assert len(_facts(db_session, door.branch_id)) == 1
    days = daily_snapshot(db_session).items()
    totals = [amount for (branch, _, metric, dim, bin_), amount in days
              if (branch, metric, dim, bin_) == (door.branch_id, "door.entry", door.code, TOTALS)]
    assert [(a.count, a.total_ms) for a in totals] == [(1, 2000)]
    db_session.commit()
    assert len(received) == 1


def test_a_rolled_back_crossing_is_neither_kept_nor_announced(db_session, bus, received, door):
    db_session.commit()
    record_crossing(db_session, bus, door.id, door.branch_id, Direction.IN, NOW, 2.0,
                    track_id=1, track_started=STARTED)
    db_session.rollback()
    assert _facts(db_session, door.branch_id) == []
    assert received == []


def test_a_camera_of_another_branch_is_refused(db_session, bus, door):
    other = make_branch(db_session)
    with pytest.raises(LookupError):
        record_crossing(db_session, bus, door.id, other.id, Direction.IN, NOW, 1.0,
                        track_id=1, track_started=STARTED)
    with pytest.raises(ValueError):
        record_crossing(db_session, bus, door.id, door.branch_id, "sideways", NOW, 1.0,
                        track_id=1, track_started=STARTED)
