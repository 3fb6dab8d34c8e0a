"""The parts every simulator shares: a lock, power state, fault drawing and events.

A simulator given a DeviceStateFile (hardware/state_file.py) also saves its physical
state after every physical move and comes back from it when rebuilt: `_moving()` before
a move, `_moved()` after it. A process that dies in between (a kill, a power cut) leaves
the move "in flight" in the file, and the rebuilt device puts those notes where its own
power-loss model would (`_cut_power`), offline until reset().
"""

from __future__ import annotations

import logging
import threading

from hardware.faults import Fault, FaultPlan, Injection
from hardware.state_file import DeviceStateFile
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    DeviceState,
    EventSource,
    Listener,
    PowerLoss,
    ResetResult,
)

logger = logging.getLogger(__name__)


class SimulatedDevice:
    """Base of the simulators: one lock per device; waits use its condition variable."""

    device_class: DeviceClass

    def __init__(self, faults: FaultPlan | None = None,
                 state_file: DeviceStateFile | None = None):
        self.faults = faults or FaultPlan()
        self._events = EventSource(self.device_class)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._state = DeviceState.ONLINE
        self._state_detail = ""
        self._state_file = state_file
        self._in_flight: dict | None = None

    def add_listener(self, listener: Listener) -> None:
        """Call `listener` with every DeviceEvent of this device."""
        self._events.add_listener(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._events.remove_listener(listener)

    def reset(self) -> ResetResult:
        """Power back on, first putting what the device holds somewhere safe (`_recover`)."""
        with self._lock:
            recovered = self._recover()
            self._state, self._state_detail = DeviceState.ONLINE, ""
            self._moved()
            self._changed.notify_all()
        self._events.emit(DeviceEventName.RESET, detail=recovered)
        return ResetResult(CompletionCode.SUCCESS, recovered=recovered)

    def _recover(self) -> str:
        """Called by reset() under the lock: clear media and jams; say what moved, or ''."""
        return ""

    # -- physical state that outlives the process (only with a state file) ----------------
    def _physical(self) -> dict:
        """Return where everything physically is, as JSON data (simulators that persist)."""
        raise NotImplementedError(f"{type(self).__name__} keeps no physical state on disk")

    def _restore(self, physical: dict) -> None:
        """Put everything back where `_physical()` said it was."""
        raise NotImplementedError(f"{type(self).__name__} keeps no physical state on disk")

    def _cut_power(self, in_flight: dict) -> None:
        """Finish an interrupted move the way the power-loss model leaves it (under the lock)."""

    def _load_or_save_state(self) -> None:
        """Called at the end of a persisting simulator's __init__: come back as saved."""
        if self._state_file is None:
            return
        saved = self._state_file.load()
        if saved is not None:
            self._restore(saved["physical"])
            self._state, self._state_detail = DeviceState(saved["state"]), saved["detail"]
            if saved["in_flight"]:
                self._cut_power(saved["in_flight"])
                self._state = DeviceState.OFFLINE
                self._state_detail = f"power lost during {saved['in_flight']['operation']}"
        self._moved()

    def _moving(self, operation: str, **detail) -> None:
        """Save that `operation` starts moving things (no-op without a state file)."""
        if self._state_file is not None:
            self._in_flight = {"operation": operation, **detail}
            self._save()

    def _moved(self) -> None:
        """Save the physical state after a move (no-op without a state file)."""
        if self._state_file is not None:
            self._in_flight = None
            self._save()

    def _save(self) -> None:
        self._state_file.save({"physical": self._physical(), "state": str(self._state),
                               "detail": self._state_detail, "in_flight": self._in_flight})

    def _draw(self, operation: str, supported: tuple[Fault, ...], steps: tuple[str, ...]):
        injection = self.faults.draw(operation, (*supported, Fault.POWER_LOSS), steps)
        if injection is not None:
            logger.info("%s: injecting %s into %s", self.device_class, injection.fault, operation)
        return injection

    def _maybe_power_loss(self, injection: Injection | None, operation: str, step: str) -> None:
        """Cut the power here if the injection says so (state is left as it physically is)."""
        if injection and injection.fault is Fault.POWER_LOSS and injection.step == step:
            self._state = DeviceState.OFFLINE
            self._state_detail = f"power lost during {operation} at {step}"
            self._moved()  # the device keeps its notes where the cut left them
            self._changed.notify_all()
            self._events.emit(DeviceEventName.POWER_LOST, detail=operation)
            raise PowerLoss(self.device_class, operation, step)

    def _not_ready_reason(self) -> str | None:
        if self._state is DeviceState.ONLINE:
            return None
        return f"{self.device_class} is {self._state}: {self._state_detail}; reset() it"

    def _fail_hardware(self, detail: str) -> None:
        self._state = DeviceState.HARDWARE_ERROR
        self._state_detail = detail

    def _wait(self, predicate, timeout_s: float) -> bool:
        """Wait (holding the lock) until `predicate()` or the timeout; return predicate()."""
        return self._changed.wait_for(predicate, timeout=max(timeout_s, 0.0))
