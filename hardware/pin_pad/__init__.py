"""PIN pad (EPP): the interface and its simulator."""

from hardware.pin_pad.base import (
    EntryEnd,
    PinBlockFormat,
    PinBlockRequest,
    PinBlockResult,
    PinEntryRequest,
    PinEntryResult,
    PinKey,
    PinPad,
    PinPadCapabilities,
    PinPadError,
    PinPadStatus,
)
from hardware.pin_pad.simulator import PinPadSimulator

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
    "PinPadSimulator",
    "PinPadStatus",
]
