"""Receipt printer: printing, paper low, paper out, jam."""

from __future__ import annotations

import pytest
from xfs_devices import factories_for

from hardware.faults import Fault
from hardware.receipt_printer import PaperState, PrinterError, PrintRequest
from hardware.xfs import CompletionCode


@pytest.fixture(params=factories_for("receipt_printer"))
def printer(request):
    return request.param()


def _balanced(printer) -> bool:
    paper = printer.paper_accounting()
    return paper["loaded"] == paper["printed"] + paper["fed"] + paper["remaining"]


def test_prints_cut_receipts_and_truncates_long_lines(printer):
    result = printer.print_receipt(PrintRequest(("SMARTBRANCH", "x" * 100)))
    assert result.ok and result.lines_printed == 2
    assert printer.receipts[-1] == ("SMARTBRANCH", "x" * printer.line_width)
    assert printer.print_receipt(PrintRequest(())).completion is CompletionCode.INVALID_DATA
    assert _balanced(printer)


def test_paper_low_then_out_with_events(printer):
    events = []
    printer.add_listener(events.append)
    receipt = PrintRequest(tuple(f"line {i}" for i in range(6)))
    results = [printer.print_receipt(receipt) for _ in range(printer.roll_lines // 10 + 2)]
    assert results[-1].error_code == PrinterError.PAPER_OUT
    assert printer.status().paper is PaperState.OUT
    names = [e.name for e in events]
    assert names.index("printer.paper_low") < names.index("printer.paper_out")
    assert _balanced(printer)
    printer.refill()
    assert printer.status().paper is PaperState.FULL
    assert printer.print_receipt(receipt).ok and _balanced(printer)


def test_injected_paper_out_prints_part_of_the_receipt(printer):
    printer.faults.inject("print_receipt", Fault.PAPER_OUT)
    result = printer.print_receipt(PrintRequest(("a", "b", "c", "d")))
    assert result.error_code == PrinterError.PAPER_OUT and result.lines_printed == 2
    assert printer.status().paper is PaperState.OUT
    assert _balanced(printer)


def test_jam_needs_a_reset(printer):
    printer.faults.inject("print_receipt", Fault.JAM)
    assert printer.print_receipt(PrintRequest(("a", "b"))).error_code == (
        PrinterError.PAPER_JAMMED)
    assert printer.status().paper is PaperState.JAMMED
    assert printer.print_receipt(PrintRequest(("a",))).completion is (
        CompletionCode.DEVICE_NOT_READY)
    assert printer.reset().recovered
    assert printer.print_receipt(PrintRequest(("a",))).ok
