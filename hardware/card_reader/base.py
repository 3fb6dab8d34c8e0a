"""The card reader interface (XFS4IoT CardReader / IDC): read, eject, retain, reset."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hardware.xfs import Capabilities, InvalidRequest, Result, Status, XfsDevice

__all__ = [
    "CardData",
    "CardReader",
    "CardReaderCapabilities",
    "CardReaderError",
    "CardReaderStatus",
    "EjectRequest",
    "EjectResult",
    "MediaPosition",
    "ReadCardRequest",
    "ReadCardResult",
    "RetainRequest",
    "RetainResult",
]


class CardReaderError(StrEnum):
    """XFS4IoT CardReader errorCode values."""

    MEDIA_JAM = "mediaJam"
    NO_MEDIA = "noMedia"
    INVALID_MEDIA = "invalidMedia"
    RETAIN_BIN_FULL = "retainBinFull"


class MediaPosition(StrEnum):
    """Where the card is (XFS4IoT CardReader.Status.media)."""

    NOT_PRESENT = "notPresent"
    PRESENT = "present"  # inside, at the read position
    ENTERING = "entering"  # at the throat: ejected, the customer can take it
    JAMMED = "jammed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, repr=False)
class CardData:
    """What the chip or track 2 gives: the PAN (never printed by repr), expiry YYMM, chip flag."""

    pan: str
    expiry: str  # YYMM, as on track 2
    chip: bool = True

    def __post_init__(self):
        if not (self.pan.isdigit() and 12 <= len(self.pan) <= 19):
            raise InvalidRequest("a PAN has 12 to 19 digits")
        yymm = self.expiry
        if not (yymm.isdigit() and len(yymm) == 4 and 1 <= int(yymm[2:]) <= 12):
            raise InvalidRequest("expiry must be YYMM")

    @property
    def last4(self) -> str:
        return self.pan[-4:]

    def __repr__(self) -> str:
        return f"CardData(pan=****{self.last4}, expiry={self.expiry}, chip={self.chip})"

    __str__ = __repr__


@dataclass(frozen=True)
class ReadCardRequest:
    """Wait up to `timeout_s` for a card, then read it (XFS4IoT CardReader.ReadRawData)."""

    timeout_s: float = 0.0


@dataclass(frozen=True)
class ReadCardResult(Result):
    card: CardData | None = None


@dataclass(frozen=True)
class EjectRequest:
    """Move the card to the throat and wait up to `take_timeout_s` for it to be taken."""

    take_timeout_s: float = 0.0


@dataclass(frozen=True)
class EjectResult(Result):
    """TIMEOUT: ejected but not taken (it waits at the throat; the flow may retain it)."""

    taken: bool = False


@dataclass(frozen=True)
class RetainRequest:
    """Pull the card into the retain bin (XFS4IoT CardReader.Move to retain)."""

    reason: str = ""


@dataclass(frozen=True)
class RetainResult(Result):
    retained_count: int = 0


@dataclass(frozen=True)
class CardReaderStatus(Status):
    media: MediaPosition = MediaPosition.NOT_PRESENT
    retained_count: int = 0


@dataclass(frozen=True)
class CardReaderCapabilities(Capabilities):
    reads_chip: bool = True
    retain_capacity: int = 50


class CardReader(XfsDevice, Protocol):
    """A motorised card reader. Events: card.inserted, card.taken, card.retained."""

    def read_card(self, request: ReadCardRequest) -> ReadCardResult: ...

    def eject(self, request: EjectRequest) -> EjectResult: ...

    def retain(self, request: RetainRequest) -> RetainResult: ...

    def status(self) -> CardReaderStatus: ...

    def capabilities(self) -> CardReaderCapabilities: ...
