"""Receipts: what the printer prints for a finished transaction (never a full card number)."""

from __future__ import annotations

from datetime import UTC, datetime

from hardware.receipt_printer import PrintRequest
from hardware.xfs import DeviceError
from kiosk.station import CardHolder, Station


def print_receipt(station: Station, holder: CardHolder, lines: list[str]) -> str:
    """Print the receipt; return 'printed' or why not (the screen shows the result anyway)."""
    header = [station.settings.app.name, f"Kiosk {station.kiosk.code}",
              datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              f"Card ****{holder.card.last4}"]
    return print_lines(station, header + list(lines))


def print_lines(station: Station, lines: list[str]) -> str:
    """Print and cut; return 'printed' or 'not printed (why)'. A fault never raises."""
    printer = station.devices.receipt_printer
    try:
        result = printer.print_receipt(PrintRequest(tuple(lines)))
    except DeviceError as exc:  # a power loss: what it was for stands, only the paper is lost
        printer.reset()
        return f"not printed ({type(exc).__name__})"
    if result.ok:
        return "printed"
    printer.reset()
    return f"not printed ({result.error_code or result.completion})"
