"""The door camera's status, wired to the camera driver's callbacks."""

from __future__ import annotations

import logging

from shared.devices.status import report_available, report_unavailable
from shared.events import EventBus
from shared.models.enums import DeviceKind

log = logging.getLogger(__name__)


class CameraStatusReporter:
    """Tells the branch a door camera was lost or is back, through the device status service.

    The callbacks run inside the camera's read, on the watcher's thread: a failing bus is
    logged here and never raised into the camera loop.
    """

    def __init__(self, bus: EventBus, branch_id: int, device_code: str):
        self.bus = bus
        self.branch_id = branch_id
        self.device_code = device_code

    def unavailable(self, detail: str) -> None:
        try:
            report_unavailable(
                self.bus, self.branch_id, self.device_code, DeviceKind.DOOR_CAMERA, detail
            )
        except Exception:
            log.exception("announcing that %s is unavailable failed", self.device_code)

    def available(self) -> None:
        try:
            report_available(self.bus, self.branch_id, self.device_code, DeviceKind.DOOR_CAMERA)
        except Exception:
            log.exception("announcing that %s is available failed", self.device_code)
