"""The one bridge from the event bus to this process's Socket.IO rooms.

Two kinds of room per branch. `branch:<id>:staff` (the floor's tablets and the teller desk)
gets the events themselves. `branch:<id>:managers` (the dashboards of its branch manager
and area manager) gets a notice per event that moves a figure: which kind, which branch,
when, and nothing about whom, since the page refetches its figures anyway and an area
manager sees no customers. Notices travel under their own names (`metrics.changed`, a
backlog as `metrics.changes`), so a branch manager in both rooms never gets a notice where
the floor expects an event.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from shared.events import Event, EventBus, EventKind

log = logging.getLogger(__name__)

# What the tablets receive; the rest (consent, enrolment, traffic counts) stays server-side.
STAFF_EVENTS = frozenset(
    {
        EventKind.CUSTOMER_ARRIVED,
        EventKind.CUSTOMER_CLAIMED,
        EventKind.CUSTOMER_LEFT,
        EventKind.CUSTOMER_GREETED,
        EventKind.CUSTOMER_ESCALATED,
        EventKind.TICKET_CREATED,
        EventKind.TICKET_CALLED,
        EventKind.TICKET_UPDATED,
        EventKind.DEVICE_UNAVAILABLE,
        EventKind.DEVICE_AVAILABLE,
        # No customer data in these: the cases page refetches its list through the API.
        EventKind.FRAUD_CASE_OPENED,
        EventKind.FRAUD_CASE_CLOSED,
    }
)


# What moves a figure of the manager's dashboard; door crossings, kiosk sessions and offers
# reach the managers' rooms only.
DASHBOARD_EVENTS = frozenset(
    {
        EventKind.CUSTOMER_ARRIVED,
        EventKind.CUSTOMER_CLAIMED,
        EventKind.CUSTOMER_GREETED,
        EventKind.TICKET_CREATED,
        EventKind.TICKET_CALLED,
        EventKind.TICKET_UPDATED,
        EventKind.DOOR_CROSSED,
        EventKind.KIOSK_SESSION_ENDED,
        EventKind.OFFER_RECORDED,
    }
)
METRICS_CHANGED = "metrics.changed"  # a notice to the managers' room
METRICS_CHANGES = "metrics.changes"  # a backlog of notices, as one message


def notice(event: Event) -> dict:
    """What the managers' room hears of an event: its kind, branch and time, no payload."""
    return {"id": event.id, "kind": METRICS_CHANGED, "branch_id": event.branch_id,
            "at": event.at.isoformat(), "event": event.kind.value}


def managers_room(branch_id: int) -> str:
    """The room of the dashboards showing a branch (its branch and area managers)."""
    return f"branch:{branch_id}:managers"


def branch_room(branch_id: int) -> str:
    """The room of a branch's floor staff: every staff event of the branch goes there."""
    return f"branch:{branch_id}:staff"


def user_room(staff_id: int) -> str:
    """The room of one staff member's own sockets, so sign-out can find and close them."""
    return f"user:{staff_id}"


class Emitter(Protocol):
    """Sends one event to a branch's room (`RoomEmitter` is the real one)."""

    def put(self, branch_id: int, name: str, message: dict) -> None: ...


class Replay(Protocol):
    """Remembers a branch's recent events for tablets that reconnect (`ReplayBuffer`)."""

    def add(self, branch_id: int, event: dict) -> None: ...


class EventBridge:
    """Forwards bus events to this process's sockets; `start()` subscribes, `stop()` leaves.

    Every server process runs one bridge and receives every bus event, and emits to its own
    sockets only (no Socket.IO message queue), so each tablet gets each event exactly once.
    A staff event goes to the replay buffer first, then to its branch's room: a tablet that
    missed the emit (or an emit that failed) still catches up from the buffer.
    `staff.signed_out` closes that staff member's sockets in this process. A dashboard
    event also goes, as a notice, to `managers` (the managers' rooms), on its own: a failed
    emit to one room does not keep the other from hearing. A failure is logged and
    survived: the bridge stays subscribed for the next event.
    """

    def __init__(
        self,
        bus: EventBus,
        emitter: Emitter,
        replay: Replay,
        disconnect_staff: Callable[[int], object],
        kinds: frozenset[EventKind] = STAFF_EVENTS,
        managers: Emitter | None = None,
        dashboard_kinds: frozenset[EventKind] = DASHBOARD_EVENTS,
    ):
        self.bus = bus
        self.emitter = emitter
        self.replay = replay
        self.disconnect_staff = disconnect_staff
        self.kinds = kinds
        self.managers = managers
        self.dashboard_kinds = dashboard_kinds
        self._unsubscribe: Callable[[], None] | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._unsubscribe is not None

    def start(self) -> None:
        """Subscribe to the bus; a second start does not subscribe twice (no duplicates)."""
        with self._lock:
            if self._unsubscribe is None:
                self._unsubscribe = self.bus.subscribe(self.forward)

    def stop(self) -> None:
        """Leave the bus; events published afterwards reach no socket through this bridge."""
        with self._lock:
            unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()

    def forward(self, event: Event) -> None:
        """Send one event where it belongs, or drop it if no room receives its kind."""
        if event.kind is EventKind.STAFF_SIGNED_OUT:
            self._safely(event, lambda: self.disconnect_staff(event.payload.staff_id))
        if event.kind in self.kinds:
            self._safely(event, lambda: self._to_staff(event))
        if self.managers is not None and event.kind in self.dashboard_kinds:
            self._safely(event, lambda: self.managers.put(event.branch_id, METRICS_CHANGED,
                                                          notice(event)))

    def _to_staff(self, event: Event) -> None:
        message = event.to_dict()
        self.replay.add(event.branch_id, message)
        self.emitter.put(event.branch_id, event.kind.value, message)

    def _safely(self, event: Event, send: Callable[[], object]) -> None:
        try:
            send()
        except Exception:
            # Not re-raised: the bus would log it too, but a bus of another kind might drop
            # the listener; one bad event must not silence the tablets.
            log.exception("forwarding %s event %s to sockets failed", event.kind, event.id)
