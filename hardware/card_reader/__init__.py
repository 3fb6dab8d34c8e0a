"""Card reader (IDC): the interface and its simulator."""

from hardware.card_reader.base import (
    CardData,
    CardReader,
    CardReaderCapabilities,
    CardReaderError,
    CardReaderStatus,
    EjectRequest,
    EjectResult,
    MediaPosition,
    ReadCardRequest,
    ReadCardResult,
    RetainRequest,
    RetainResult,
)
from hardware.card_reader.simulator import CardReaderSimulator

__all__ = [
    "CardData",
    "CardReader",
    "CardReaderCapabilities",
    "CardReaderError",
    "CardReaderSimulator",
    "CardReaderStatus",
    "EjectRequest",
    "EjectResult",
    "MediaPosition",
    "ReadCardRequest",
    "ReadCardResult",
    "RetainRequest",
    "RetainResult",
]
