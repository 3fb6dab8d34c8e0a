"""What every XFS-style device shares: completion codes, errors, status, results, events.

Names follow CEN/XFS4IoT: a command takes a request object and answers with a result that
carries a completion code (and, for a failed command, a device-class error code). Faults of
the hardware are answers, not exceptions; only a power loss interrupts the caller, because
the command's outcome is then unknown to the software (see PowerLoss).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

logger = logging.getLogger(__name__)


class CompletionCode(StrEnum):
    """XFS4IoT completionCode values a kiosk flow has to tell apart."""

    SUCCESS = "success"
    COMMAND_ERROR = "commandErrorCode"  # the request cannot be done; see error_code
    CANCELED = "canceled"
    TIMEOUT = "timeOut"
    HARDWARE_ERROR = "hardwareError"
    USER_ERROR = "userError"
    INVALID_DATA = "invalidData"
    SEQUENCE_ERROR = "sequenceError"
    DEVICE_NOT_READY = "deviceNotReady"
    UNSUPPORTED_COMMAND = "unsupportedCommand"


class DeviceState(StrEnum):
    """XFS4IoT Common.Status.device."""

    ONLINE = "online"
    OFFLINE = "offline"  # lost power or connection; reset() brings it back
    HARDWARE_ERROR = "hardwareError"  # a jam or similar; reset() tries to recover
    BUSY = "deviceBusy"


class DeviceClass(StrEnum):
    CARD_READER = "CardReader"
    PIN_PAD = "PinPad"
    CASH_DISPENSER = "CashDispenser"
    CASH_ACCEPTOR = "CashAcceptor"
    PRINTER = "Printer"


class DeviceError(Exception):
    """A driver's own exceptions end at our interface as one of these."""


class PowerLoss(DeviceError):
    """Power failed during a command; the device is OFFLINE and the outcome is unknown.

    The physical state (notes in the transport, a card in the throat) is what the device
    reports after reset(); the caller must treat the operation as suspect until then.
    """

    def __init__(self, device: DeviceClass, operation: str, step: str):
        super().__init__(f"{device} lost power during {operation} at step {step!r}")
        self.device = device
        self.operation = operation
        self.step = step


class InvalidRequest(DeviceError, ValueError):
    """A request object is malformed (a programming error in the caller)."""


@dataclass(frozen=True)
class Result:
    """The answer to one command."""

    completion: CompletionCode
    error_code: str = ""  # the device class's errorCode when completion is not success
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.completion is CompletionCode.SUCCESS


@dataclass(frozen=True)
class ResetResult(Result):
    """What Reset found and did (e.g. notes moved from the transport to a bin)."""

    recovered: str = ""


@dataclass(frozen=True)
class Status:
    """Common status; every device class extends it with its own fields."""

    device: DeviceState
    detail: str = ""


@dataclass(frozen=True)
class Capabilities:
    """Common capabilities; every device class extends it with its own fields."""

    device_class: DeviceClass
    model: str


class DeviceEventName(StrEnum):
    """Unsolicited events (XFS4IoT *Event names in brackets)."""

    CARD_INSERTED = "card.inserted"  # MediaInsertedEvent
    CARD_TAKEN = "card.taken"  # MediaRemovedEvent
    CARD_RETAINED = "card.retained"
    PIN_KEY = "pin.key"  # KeyEvent: one key pressed (never which digit)
    CASH_PRESENTED = "cash.presented"
    CASH_TAKEN = "cash.taken"  # ItemsTakenEvent
    CASH_RETRACTED = "cash.retracted"
    CASH_INSERTED = "cash.inserted"  # InputRefuseEvent / ItemsInsertedEvent
    CASH_RETURNED = "cash.returned"
    PAPER_LOW = "printer.paper_low"  # PaperThresholdEvent
    PAPER_OUT = "printer.paper_out"
    POWER_LOST = "device.power_lost"
    RESET = "device.reset"


@dataclass(frozen=True)
class DeviceEvent:
    device: DeviceClass
    name: DeviceEventName
    count: int = 0
    detail: str = ""


Listener = Callable[[DeviceEvent], None]


class XfsDevice(Protocol):
    """What every device class answers besides its own commands (XFS4IoT Common)."""

    def reset(self) -> ResetResult: ...

    def status(self) -> Status: ...

    def capabilities(self) -> Capabilities: ...

    def add_listener(self, listener: Listener) -> None: ...

    def remove_listener(self, listener: Listener) -> None: ...


class EventSource:
    """Listener registry every simulator embeds; a failing listener is logged and survived."""

    def __init__(self, device: DeviceClass):
        self._device = device
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def emit(self, name: DeviceEventName, count: int = 0, detail: str = "") -> None:
        event = DeviceEvent(self._device, name, count, detail)
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not break the device
                logger.exception("device event listener failed on %s", event.name)


def success(cls: type[Result] = Result, **fields) -> Result:
    """Build a successful result of `cls`."""
    return cls(completion=CompletionCode.SUCCESS, **fields)


def not_ready(cls: type[Result], detail: str, **fields) -> Result:
    """Build a DEVICE_NOT_READY result of `cls`."""
    return cls(completion=CompletionCode.DEVICE_NOT_READY, detail=detail, **fields)
