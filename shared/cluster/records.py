"""What an edge stores and forwards: typed events and door records, one JSON object each.

Door records carry numbers, times and at most a customer id and a match score: never a
face, an encoding or a frame (they cross a network and sit in two streams).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from shared.events.payloads import Event, EventFormatError


class RecordType(StrEnum):
    EVENT = "event"  # a typed Event, re-published on the central bus
    ARRIVAL = "door.arrival"  # a door camera recognised a customer: open a visit centrally
    CROSSING = "door.crossing"  # a person crossed a door's counting line
    COUNT = "door.count"  # people (and how many identified) to add to a traffic bucket


class RecordFormatError(ValueError):
    """A message on an edge stream is not one of our records."""


def _dt(value: datetime) -> str:
    return value.isoformat()


@dataclass(frozen=True)
class DoorArrival:
    """Open a visit for a recognised customer (the centre checks consent and the window)."""

    type: ClassVar[RecordType] = RecordType.ARRIVAL
    branch_id: int
    customer_id: int
    score: float
    at: datetime
    window_s: float


@dataclass(frozen=True)
class DoorCrossing:
    """One door entry or exit; the centre records it once by its crossing key."""

    type: ClassVar[RecordType] = RecordType.CROSSING
    branch_id: int
    device_id: int
    direction: str
    at: datetime
    seconds_in_view: float
    track_id: int
    track_started: datetime


@dataclass(frozen=True)
class DoorCount:
    """People and identified people to add to a device's foot-traffic bucket."""

    type: ClassVar[RecordType] = RecordType.COUNT
    branch_id: int
    device_id: int
    bucket_start: datetime
    people: int
    identified: int


DoorRecord = DoorArrival | DoorCrossing | DoorCount
DOOR_TYPES: dict[RecordType, type] = {t.type: t for t in (DoorArrival, DoorCrossing, DoorCount)}
_DATETIMES = {"at", "track_started", "bucket_start"}


def _door_to_dict(body: DoorRecord) -> dict[str, Any]:
    raw = dataclasses.asdict(body)
    return {k: _dt(v) if isinstance(v, datetime) else v for k, v in raw.items()}


def _door_from_dict(kind: RecordType, raw: dict[str, Any]) -> DoorRecord:
    cls = DOOR_TYPES[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    if set(raw) != names:
        raise RecordFormatError(f"{kind} fields {sorted(raw)} are not {sorted(names)}")
    values = {k: datetime.fromisoformat(v) if k in _DATETIMES else v for k, v in raw.items()}
    return cls(**values)


@dataclass(frozen=True)
class EdgeRecord:
    """One stored-and-forwarded message: its id (the Nats-Msg-Id), branch, and body."""

    id: str
    branch: str
    body: Event | DoorRecord

    @property
    def type(self) -> RecordType:
        return RecordType.EVENT if isinstance(self.body, Event) else self.body.type

    @property
    def kind(self) -> str:
        """What the ingest table records: the event kind, or the door record's type."""
        return str(self.body.kind) if isinstance(self.body, Event) else str(self.type)

    @classmethod
    def of_event(cls, branch: str, event: Event) -> EdgeRecord:
        return cls(event.id, branch, event)

    def to_bytes(self) -> bytes:
        body = self.body.to_dict() if isinstance(self.body, Event) else _door_to_dict(self.body)
        return json.dumps(
            {"id": self.id, "branch": self.branch, "type": self.type.value, "body": body},
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> EdgeRecord:
        try:
            raw = json.loads(data)
            kind = RecordType(raw["type"])
            body = (
                Event.from_dict(raw["body"])
                if kind is RecordType.EVENT
                else _door_from_dict(kind, raw["body"])
            )
            return cls(str(raw["id"]), str(raw["branch"]), body)
        except RecordFormatError:
            raise
        except (EventFormatError, KeyError, TypeError, ValueError) as exc:
            raise RecordFormatError(f"not an edge record: {exc}") from exc
