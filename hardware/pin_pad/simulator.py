"""A simulated encrypting PIN pad.

The entered digits live in one private buffer object whose repr, str and pickling say
nothing; they are wiped after the PIN block is built, on a new entry, cancel and reset.
Faults: power loss during entry (the buffer is lost with the power).
"""

from __future__ import annotations

import logging

from hardware.faults import FaultPlan
from hardware.pin_pad.base import (
    EntryEnd,
    PinBlockFormat,
    PinBlockRequest,
    PinBlockResult,
    PinEntryRequest,
    PinEntryResult,
    PinKey,
    PinPadCapabilities,
    PinPadError,
    PinPadStatus,
)
from hardware.simulation import SimulatedDevice
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    DeviceState,
    InvalidRequest,
    not_ready,
)
from shared.money.pin_block import PinBlockError, encipher_pin_block

logger = logging.getLogger(__name__)

KEYS = frozenset("0123456789") | {"enter", "cancel", "clear", "backspace"}


class _Digits:
    """The secure buffer: holds digits, shows only how many."""

    __slots__ = ("_value",)

    def __init__(self):
        self._value = ""

    def __len__(self) -> int:
        return len(self._value)

    def __repr__(self) -> str:
        return f"<{len(self._value)} digits>"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("the PIN buffer cannot be pickled")

    def add(self, digit: str) -> None:
        self._value += digit

    def drop_last(self) -> None:
        self._value = self._value[:-1]

    def wipe(self) -> None:
        self._value = ""

    def reveal_to_cipher(self) -> str:
        return self._value


class _PinKeyStore:
    """The pad's key slots; repr never shows key bytes."""

    __slots__ = ("_keys",)

    def __init__(self, keys: dict[PinKey, bytes]):
        self._keys = dict(keys)

    def __repr__(self) -> str:
        return f"<keys {sorted(self._keys)}>"

    def get(self, name: PinKey) -> bytes | None:
        return self._keys.get(name)


class PinPadSimulator(SimulatedDevice):
    """A PIN pad the UI or a test drives with press() and type_pin()."""

    device_class = DeviceClass.PIN_PAD

    def __init__(self, pin_key: bytes, faults: FaultPlan | None = None):
        super().__init__(faults)
        self._keys = _PinKeyStore({PinKey.TERMINAL_PIN_KEY: pin_key})
        self._buffer = _Digits()
        self._entering = False
        self._ended: EntryEnd | None = None
        self._pin_ready = False  # a completed entry waits for get_pin_block

    def __repr__(self) -> str:
        return f"PinPadSimulator(state={self._state}, digits={len(self._buffer)})"

    # -- the customer's side ----------------------------------------------------------
    def press(self, key: str) -> None:
        """Press one key: a digit, 'enter', 'cancel', 'clear' or 'backspace'."""
        if key not in KEYS:
            raise InvalidRequest("unknown PIN pad key")
        with self._lock:
            if self._state is not DeviceState.ONLINE or self._ended is not None:
                return
            if key.isdigit():
                self._buffer.add(key)
            elif key == "backspace":
                self._buffer.drop_last()
            elif key == "clear":
                self._buffer.wipe()
            else:
                self._ended = EntryEnd.ENTER if key == "enter" else EntryEnd.CANCEL
            count = len(self._buffer)
            self._changed.notify_all()
        logger.debug("PIN pad key pressed (%d digits buffered)", count)
        self._events.emit(DeviceEventName.PIN_KEY, count=count)

    def type_pin(self, pin: str, enter: bool = True) -> None:
        """Press each digit of `pin`, then Enter."""
        for digit in pin:
            self.press(digit)
        if enter:
            self.press("enter")

    # -- the interface ----------------------------------------------------------------
    def pin_entry(self, request: PinEntryRequest) -> PinEntryResult:
        if not 1 <= request.min_digits <= request.max_digits <= 12:
            raise InvalidRequest("need 1 <= min_digits <= max_digits <= 12")
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(PinEntryResult, reason)
            injection = self._draw("pin_entry", (), ("entry",))
            self._entering, self._pin_ready = True, False
            try:
                self._wait(lambda: self._ended is not None, request.timeout_s)
                self._maybe_power_loss(injection, "pin_entry", "entry")
                ended = self._ended or EntryEnd.TIMEOUT
                digits = len(self._buffer)
                if ended is EntryEnd.ENTER and not (
                    request.min_digits <= digits <= request.max_digits
                ):
                    self._buffer.wipe()
                    return PinEntryResult(CompletionCode.USER_ERROR, detail="wrong PIN length",
                                          digits=digits, ended_by=ended)
                if ended is not EntryEnd.ENTER:
                    self._buffer.wipe()
                    code = (CompletionCode.CANCELED if ended is EntryEnd.CANCEL
                            else CompletionCode.TIMEOUT)
                    return PinEntryResult(code, digits=digits, ended_by=ended)
                self._pin_ready = True
                return PinEntryResult(CompletionCode.SUCCESS, digits=digits, ended_by=ended)
            finally:
                self._entering, self._ended = False, None
                if self._state is not DeviceState.ONLINE:
                    self._buffer.wipe()

    def get_pin_block(self, request: PinBlockRequest) -> PinBlockResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(PinBlockResult, reason)
            if request.format is not PinBlockFormat.ISO4:
                return PinBlockResult(CompletionCode.UNSUPPORTED_COMMAND,
                                      PinPadError.FORMAT_NOT_SUPPORTED)
            key = self._keys.get(request.key_name)
            if key is None:
                return PinBlockResult(CompletionCode.INVALID_DATA, PinPadError.KEY_NOT_FOUND)
            if not self._pin_ready:
                return PinBlockResult(CompletionCode.SEQUENCE_ERROR, PinPadError.NO_PIN)
            try:
                block = encipher_pin_block(self._buffer.reveal_to_cipher(), request.pan, key)
            except PinBlockError:
                return PinBlockResult(CompletionCode.INVALID_DATA, PinPadError.INVALID_PAN)
            finally:
                self._buffer.wipe()
                self._pin_ready = False
            return PinBlockResult(CompletionCode.SUCCESS, pin_block=block,
                                  format=request.format, key_name=request.key_name)

    def cancel(self) -> None:
        with self._lock:
            if self._entering:
                self._ended = EntryEnd.CANCEL
            self._buffer.wipe()
            self._pin_ready = False
            self._changed.notify_all()

    def _recover(self) -> str:
        self._buffer.wipe()
        self._pin_ready, self._ended = False, None
        return ""

    def status(self) -> PinPadStatus:
        with self._lock:
            return PinPadStatus(self._state, self._state_detail, entering=self._entering,
                                digits=len(self._buffer))

    def capabilities(self) -> PinPadCapabilities:
        return PinPadCapabilities(self.device_class, "SmartBranch EPP simulator")
