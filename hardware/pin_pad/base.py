"""The PIN pad interface (XFS4IoT Keyboard.PinEntry + PinPad.GetPinBlock).

The pad collects the digits itself and hands out only an enciphered PIN block; no
method, event, result or exception carries a digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from hardware.xfs import Capabilities, Result, Status, XfsDevice

__all__ = [
    "EntryEnd",
    "PinBlockFormat",
    "PinBlockRequest",
    "PinBlockResult",
    "PinEntryRequest",
    "PinEntryResult",
    "PinKey",
    "PinPad",
    "PinPadCapabilities",
    "PinPadError",
    "PinPadStatus",
]


class PinPadError(StrEnum):
    """XFS4IoT Keyboard/PinPad errorCode values."""

    NO_PIN = "noPin"  # GetPinBlock before a completed entry
    KEY_NOT_FOUND = "keyNotFound"
    FORMAT_NOT_SUPPORTED = "formatNotSupported"
    INVALID_PAN = "invalidCustomerData"


class PinBlockFormat(StrEnum):
    ISO4 = "ISO4"  # ISO 9564-1 format 4 (AES, binds the PAN)


class PinKey(StrEnum):
    """The named keys the pad holds (loaded by key management, never by the app)."""

    TERMINAL_PIN_KEY = "terminal_pin_key"


class EntryEnd(StrEnum):
    ENTER = "enter"
    CANCEL = "cancel"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class PinEntryRequest:
    """Collect `min_digits`..`max_digits` digits until Enter, Cancel or `timeout_s`."""

    min_digits: int = 4
    max_digits: int = 6
    timeout_s: float = 0.0


@dataclass(frozen=True)
class PinEntryResult(Result):
    """SUCCESS with `digits` entered on Enter; CANCELED; TIMEOUT."""

    digits: int = 0
    ended_by: EntryEnd | None = None


@dataclass(frozen=True)
class PinBlockRequest:
    """Encipher the entered PIN bound to `pan` under the named key (PAN masked in repr)."""

    pan: str = field(repr=False)
    format: PinBlockFormat = PinBlockFormat.ISO4
    key_name: PinKey = PinKey.TERMINAL_PIN_KEY


@dataclass(frozen=True)
class PinBlockResult(Result):
    pin_block: bytes | None = field(default=None, repr=False)
    format: PinBlockFormat = PinBlockFormat.ISO4
    key_name: PinKey = PinKey.TERMINAL_PIN_KEY


@dataclass(frozen=True)
class PinPadStatus(Status):
    entering: bool = False
    digits: int = 0  # how many digits are buffered (for the asterisks on screen)


@dataclass(frozen=True)
class PinPadCapabilities(Capabilities):
    formats: tuple[PinBlockFormat, ...] = (PinBlockFormat.ISO4,)
    keys: tuple[PinKey, ...] = (PinKey.TERMINAL_PIN_KEY,)


class PinPad(XfsDevice, Protocol):
    """An encrypting PIN pad. Events: pin.key (count of digits so far, never the digit)."""

    def pin_entry(self, request: PinEntryRequest) -> PinEntryResult: ...

    def get_pin_block(self, request: PinBlockRequest) -> PinBlockResult: ...

    def cancel(self) -> None:
        """End a running pin_entry with CANCELED (the kiosk's own cancel button)."""
        ...

    def status(self) -> PinPadStatus: ...

    def capabilities(self) -> PinPadCapabilities: ...
