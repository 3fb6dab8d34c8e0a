"""Door crossings: each person a door camera saw cross its counting line, as a fact and an event.

A crossing holds no face and no identity: which camera, which way, when, and how long the
person was in view. Footfall, exits, occupancy and dwell on the manager's dashboard are
read from these facts (docs/METRICS.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.kinds import FactKind
from shared.events import DoorCrossed, Event, EventBus
from shared.events.after_commit import publish_after_commit
from shared.models import Device


class Direction(StrEnum):
    IN = "in"  # an entry: the person crossed the line into the branch
    OUT = "out"  # an exit


FACT_KINDS = {Direction.IN: FactKind.DOOR_ENTRY, Direction.OUT: FactKind.DOOR_EXIT}


def crossing_key(device_code: str, track_id: int, track_started: datetime) -> str:
    """Name one track's crossing: the camera, when the track started (ms) and its number.

    Track numbers restart with the watcher; with the start time the key stays unique, and a
    retried write of the same crossing finds its key taken.
    """
    return fact_key("door", device_code, round(track_started.timestamp() * 1000), track_id)


def record_crossing(
    session: Session,
    bus: EventBus,
    device_id: int,
    branch_id: int,
    direction: Direction | str,
    at: datetime,
    seconds_in_view: float,
    track_id: int,
    track_started: datetime,
) -> bool:
    """Record a door entry or exit once and announce it after commit; True if it was new.

    A crossing already recorded (a retry after a write that did commit) changes nothing and
    is not announced again.
    """
    direction = Direction(direction)
    device = session.get(Device, device_id)
    if device is None or device.branch_id != branch_id:
        raise LookupError(f"no device {device_id} at branch {branch_id}")
    stored = record(session, Fact(
        FACT_KINDS[direction], crossing_key(device.code, track_id, track_started), branch_id,
        at, dim=device.code, duration=timedelta(seconds=max(0.0, seconds_in_view)),
    ))
    if stored:
        publish_after_commit(session, bus, Event(branch_id, DoorCrossed(
            device.code, direction.value, round(float(seconds_in_view), 2))))
    return stored
