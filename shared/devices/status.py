"""Device status: tell the branch's staff a device went out of reach or came back."""

from __future__ import annotations

from shared.events import DeviceAvailable, DeviceUnavailable, Event, EventBus
from shared.models.enums import DeviceKind

# Published at once, not after a commit: nothing is written, and a camera that loses its
# feed must be able to say so when the database is out of reach too.


def report_unavailable(
    bus: EventBus, branch_id: int, device_code: str, kind: DeviceKind, detail: str
) -> None:
    """Announce that a device stopped working, and why (no customer data in `detail`)."""
    bus.publish(Event(branch_id, DeviceUnavailable(device_code, DeviceKind(kind).value, detail)))


def report_available(bus: EventBus, branch_id: int, device_code: str, kind: DeviceKind) -> None:
    """Announce that a device works again."""
    bus.publish(Event(branch_id, DeviceAvailable(device_code, DeviceKind(kind).value)))
