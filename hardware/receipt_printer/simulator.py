"""A simulated receipt printer with a paper roll measured in lines.

Physical model: the roll holds `paper_lines`; each printed line (and each cut, which
feeds `CUT_FEED_LINES`) uses one line of paper, so remaining + used = loaded. Faults:
paper out (the roll ends half way through the receipt), jam (half printed, the paper
jammed until reset), power loss at 'print' (half printed, nothing cut).
"""

from __future__ import annotations

import logging

from hardware.faults import Fault, FaultPlan
from hardware.receipt_printer.base import (
    PaperState,
    PrinterCapabilities,
    PrinterError,
    PrinterStatus,
    PrintRequest,
    PrintResult,
)
from hardware.simulation import SimulatedDevice
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    not_ready,
)

logger = logging.getLogger(__name__)
CUT_FEED_LINES = 4


class ReceiptPrinterSimulator(SimulatedDevice):
    """A printer whose receipts land in `receipts` (what the customer would take away)."""

    device_class = DeviceClass.PRINTER

    def __init__(
        self,
        faults: FaultPlan | None = None,
        paper_lines: int = 2000,
        low_lines: int = 200,
        line_width: int = 40,
    ):
        super().__init__(faults)
        self.roll_lines = paper_lines
        self.low_lines = low_lines
        self.line_width = line_width
        self._remaining = paper_lines
        self._loaded = paper_lines
        self._jammed = False
        self._fed = 0
        self.receipts: list[tuple[str, ...]] = []

    def print_receipt(self, request: PrintRequest) -> PrintResult:
        lines = tuple(line[: self.line_width] for line in request.lines)
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(PrintResult, reason)
            if not lines:
                return PrintResult(CompletionCode.INVALID_DATA, PrinterError.EMPTY_FORM)
            if self._remaining <= 0:
                return PrintResult(CompletionCode.HARDWARE_ERROR, PrinterError.PAPER_OUT)
            was_low = self._remaining <= self.low_lines
            injection = self._draw("print_receipt", (Fault.PAPER_OUT, Fault.JAM), ("print",))
            fault = injection.fault if injection else None
            if fault is Fault.PAPER_OUT:
                # The roll was shorter than the sensor thought: it ends inside this receipt.
                shorter = min(self._remaining, len(lines) // 2)
                self._loaded -= self._remaining - shorter
                self._remaining = shorter
            limit = len(lines) // 2 if fault in (Fault.JAM, Fault.POWER_LOSS) else len(lines)
            printed = min(limit, self._remaining)
            self._remaining -= printed
            if printed:
                self.receipts.append(lines[:printed])
            self._maybe_power_loss(injection, "print_receipt", "print")
            if fault is Fault.JAM:
                self._jammed = True
                self._fail_hardware("paper jammed")
                return PrintResult(CompletionCode.HARDWARE_ERROR, PrinterError.PAPER_JAMMED,
                                   lines_printed=printed)
            if printed < len(lines):
                self._events.emit(DeviceEventName.PAPER_OUT)
                return PrintResult(CompletionCode.HARDWARE_ERROR, PrinterError.PAPER_OUT,
                                   lines_printed=printed)
            if request.cut:
                feed = min(CUT_FEED_LINES, self._remaining)
                self._remaining -= feed
                self._fed += feed
            now_low = self._remaining <= self.low_lines
            now_out = self._remaining == 0
        if now_low and not was_low:
            self._events.emit(DeviceEventName.PAPER_LOW, count=self._remaining)
        if now_out:  # the cut used the last of the roll
            self._events.emit(DeviceEventName.PAPER_OUT)
        return PrintResult(CompletionCode.SUCCESS, lines_printed=printed)

    def refill(self) -> None:
        """Staff put in a new roll."""
        with self._lock:
            self._loaded += self.roll_lines - self._remaining
            self._remaining = self.roll_lines

    def _recover(self) -> str:
        recovered = "jammed paper cleared" if self._jammed else ""
        self._jammed = False
        return recovered

    def status(self) -> PrinterStatus:
        with self._lock:
            if self._jammed:
                paper = PaperState.JAMMED
            elif self._remaining <= 0:
                paper = PaperState.OUT
            elif self._remaining <= self.low_lines:
                paper = PaperState.LOW
            else:
                paper = PaperState.FULL
            return PrinterStatus(self._state, self._state_detail, paper=paper)

    def capabilities(self) -> PrinterCapabilities:
        return PrinterCapabilities(self.device_class, "SmartBranch PTR simulator",
                                   line_width=self.line_width)

    @property
    def paper_remaining(self) -> int:
        return self._remaining

    def paper_accounting(self) -> dict[str, int]:
        """Lines of paper loaded, printed, fed for cuts and left: loaded = the other three."""
        with self._lock:
            printed = sum(len(r) for r in self.receipts)
            return {"loaded": self._loaded, "printed": printed, "fed": self._fed,
                    "remaining": self._remaining}
