"""Typed, frozen payloads, one per event kind, and their JSON round trip."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from shared.events.kinds import EventKind


class EventFormatError(ValueError):
    """A message on the wire is not one of our events."""


@dataclass(frozen=True)
class Payload:
    kind: ClassVar[EventKind]


@dataclass(frozen=True)
class CustomerArrived(Payload):
    """A consenting customer was recognised; carries identity only, never a template."""

    kind: ClassVar[EventKind] = EventKind.CUSTOMER_ARRIVED
    visit_id: int
    customer_id: int
    display_name: str
    source: str
    score: float | None = None


@dataclass(frozen=True)
class CustomerClaimed(Payload):
    kind: ClassVar[EventKind] = EventKind.CUSTOMER_CLAIMED
    visit_id: int
    customer_id: int
    staff_id: int
    staff_name: str


@dataclass(frozen=True)
class CustomerLeft(Payload):
    kind: ClassVar[EventKind] = EventKind.CUSTOMER_LEFT
    visit_id: int
    customer_id: int


@dataclass(frozen=True)
class CustomerGreeted(Payload):
    kind: ClassVar[EventKind] = EventKind.CUSTOMER_GREETED
    visit_id: int
    customer_id: int
    staff_id: int
    staff_name: str


@dataclass(frozen=True)
class CustomerEscalated(Payload):
    """Nobody claimed an arrival in time; managers are asked to step in."""

    kind: ClassVar[EventKind] = EventKind.CUSTOMER_ESCALATED
    visit_id: int
    customer_id: int
    display_name: str
    waited_seconds: int


@dataclass(frozen=True)
class TicketCreated(Payload):
    kind: ClassVar[EventKind] = EventKind.TICKET_CREATED
    ticket_id: int
    number: str
    service: str
    reason: str


@dataclass(frozen=True)
class TicketCalled(Payload):
    kind: ClassVar[EventKind] = EventKind.TICKET_CALLED
    ticket_id: int
    number: str
    counter: str


@dataclass(frozen=True)
class TicketUpdated(Payload):
    """A ticket was served, transferred, closed or missed; numbers and counters only."""

    kind: ClassVar[EventKind] = EventKind.TICKET_UPDATED
    ticket_id: int
    number: str
    status: str
    counter: str
    service: str


@dataclass(frozen=True)
class DeviceUnavailable(Payload):
    kind: ClassVar[EventKind] = EventKind.DEVICE_UNAVAILABLE
    device_code: str
    device_kind: str
    detail: str


@dataclass(frozen=True)
class DeviceAvailable(Payload):
    kind: ClassVar[EventKind] = EventKind.DEVICE_AVAILABLE
    device_code: str
    device_kind: str


@dataclass(frozen=True)
class ConsentWithdrawn(Payload):
    """Every process drops the customer's templates for the modality from memory."""

    kind: ClassVar[EventKind] = EventKind.CONSENT_WITHDRAWN
    customer_id: int
    modality: str


@dataclass(frozen=True)
class TemplatesEnrolled(Payload):
    """A customer's templates changed; galleries reload that customer from the database."""

    kind: ClassVar[EventKind] = EventKind.TEMPLATES_ENROLLED
    customer_id: int
    modality: str


@dataclass(frozen=True)
class StaffSignedOut(Payload):
    """Every server process closes this staff member's sockets."""

    kind: ClassVar[EventKind] = EventKind.STAFF_SIGNED_OUT
    staff_id: int


@dataclass(frozen=True)
class TrafficCounted(Payload):
    kind: ClassVar[EventKind] = EventKind.TRAFFIC_COUNTED
    device_code: str
    people: int
    identified: int


@dataclass(frozen=True)
class DoorCrossed(Payload):
    """One person crossed the door's counting line; no face, no identity, only which way."""

    kind: ClassVar[EventKind] = EventKind.DOOR_CROSSED
    device_code: str
    direction: str  # "in" or "out"
    seconds_in_view: float


@dataclass(frozen=True)
class KioskSessionEnded(Payload):
    """A customer's kiosk session ended: how, why it fell back, and how long it took."""

    kind: ClassVar[EventKind] = EventKind.KIOSK_SESSION_ENDED
    device_code: str
    outcome: str  # shared.analytics.kinds.KioskOutcome
    reason: str
    seconds: float


@dataclass(frozen=True)
class OfferRecorded(Payload):
    """A relationship manager recorded an offer discussed, accepted or declined on a visit."""

    kind: ClassVar[EventKind] = EventKind.OFFER_RECORDED
    visit_id: int
    product: str
    outcome: str  # "discussed", "accepted" or "declined"


@dataclass(frozen=True)
class FraudCaseOpened(Payload):
    """A risk rule opened a case; names the rule and the kiosk, never the customer."""

    kind: ClassVar[EventKind] = EventKind.FRAUD_CASE_OPENED
    case_id: int
    rule: str
    step_up: bool
    device_code: str = ""


@dataclass(frozen=True)
class FraudCaseClosed(Payload):
    kind: ClassVar[EventKind] = EventKind.FRAUD_CASE_CLOSED
    case_id: int
    status: str  # shared.models.fraud.CaseStatus


PAYLOAD_TYPES: dict[EventKind, type[Payload]] = {
    cls.kind: cls
    for cls in (
        CustomerArrived,
        CustomerClaimed,
        CustomerLeft,
        CustomerGreeted,
        CustomerEscalated,
        TicketCreated,
        TicketCalled,
        TicketUpdated,
        DeviceUnavailable,
        DeviceAvailable,
        ConsentWithdrawn,
        TemplatesEnrolled,
        StaffSignedOut,
        TrafficCounted,
        DoorCrossed,
        KioskSessionEnded,
        OfferRecorded,
        FraudCaseOpened,
        FraudCaseClosed,
    )
}
assert set(PAYLOAD_TYPES) == set(EventKind), "every event kind needs exactly one payload type"


@dataclass(frozen=True)
class Event:
    """An envelope: which branch, when, a unique id, and one typed payload."""

    branch_id: int
    payload: Payload
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def kind(self) -> EventKind:
        return self.payload.kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "branch_id": self.branch_id,
            "at": self.at.isoformat(),
            "payload": dataclasses.asdict(self.payload),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        try:
            kind = EventKind(data["kind"])
            payload_type = PAYLOAD_TYPES[kind]
            names = {f.name for f in dataclasses.fields(payload_type)}
            raw = data["payload"]
            if set(raw) - names:
                raise EventFormatError(f"unknown payload fields for {kind}: {set(raw) - names}")
            return cls(
                branch_id=int(data["branch_id"]),
                payload=payload_type(**raw),
                id=str(data["id"]),
                at=datetime.fromisoformat(data["at"]),
            )
        except EventFormatError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise EventFormatError(f"not an event: {exc}") from exc
