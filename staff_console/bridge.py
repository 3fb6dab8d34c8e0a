"""The one bridge from the event bus to this process's Socket.IO rooms."""

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
    }
)


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
    `staff.signed_out` closes that staff member's sockets in this process. A failure is
    logged and survived: the bridge stays subscribed for the next event.
    """

    def __init__(
        self,
        bus: EventBus,
        emitter: Emitter,
        replay: Replay,
        disconnect_staff: Callable[[int], object],
        kinds: frozenset[EventKind] = STAFF_EVENTS,
    ):
        self.bus = bus
        self.emitter = emitter
        self.replay = replay
        self.disconnect_staff = disconnect_staff
        self.kinds = kinds
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
        """Send one event where it belongs, or drop it if tablets do not receive its kind."""
        try:
            if event.kind is EventKind.STAFF_SIGNED_OUT:
                self.disconnect_staff(event.payload.staff_id)
            elif event.kind in self.kinds:
                message = event.to_dict()
                self.replay.add(event.branch_id, message)
                self.emitter.put(event.branch_id, event.kind.value, message)
        except Exception:
            # Not re-raised: the bus would log it too, but a bus of another kind might drop
            # the listener; one bad event must not silence the tablets.
            log.exception("forwarding %s event %s to sockets failed", event.kind, event.id)
