"""The receipt printer interface (XFS4IoT Printer / PTR)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hardware.xfs import Capabilities, Result, Status, XfsDevice

__all__ = [
    "PaperState",
    "PrinterCapabilities",
    "PrinterError",
    "PrinterStatus",
    "PrintRequest",
    "PrintResult",
    "ReceiptPrinter",
]


class PrinterError(StrEnum):
    """XFS4IoT Printer errorCode values."""

    PAPER_OUT = "paperOut"
    PAPER_JAMMED = "mediaJammed"
    EMPTY_FORM = "fieldError"


class PaperState(StrEnum):
    """XFS4IoT Printer.Status.paper."""

    FULL = "full"
    LOW = "low"
    OUT = "out"
    JAMMED = "jammed"


@dataclass(frozen=True)
class PrintRequest:
    """Print lines of text and cut the receipt (XFS4IoT Printer.PrintRaw + ControlMedia cut)."""

    lines: tuple[str, ...]
    cut: bool = True


@dataclass(frozen=True)
class PrintResult(Result):
    """`lines_printed` < len(lines) when the paper ran out or jammed part way."""

    lines_printed: int = 0


@dataclass(frozen=True)
class PrinterStatus(Status):
    paper: PaperState = PaperState.FULL


@dataclass(frozen=True)
class PrinterCapabilities(Capabilities):
    line_width: int = 40


class ReceiptPrinter(XfsDevice, Protocol):
    """A receipt printer. Events: printer.paper_low, printer.paper_out."""

    def print_receipt(self, request: PrintRequest) -> PrintResult: ...

    def status(self) -> PrinterStatus: ...

    def capabilities(self) -> PrinterCapabilities: ...
