"""Receipt printer (PTR): the interface and its simulator."""

from hardware.receipt_printer.base import (
    PaperState,
    PrinterCapabilities,
    PrinterError,
    PrinterStatus,
    PrintRequest,
    PrintResult,
    ReceiptPrinter,
)
from hardware.receipt_printer.simulator import ReceiptPrinterSimulator

__all__ = [
    "PaperState",
    "PrintRequest",
    "PrintResult",
    "PrinterCapabilities",
    "PrinterError",
    "PrinterStatus",
    "ReceiptPrinter",
    "ReceiptPrinterSimulator",
]
