"""Receipts: what the printer prints for a finished transaction (never a full card number)."""

from __future__ import annotations

from datetime import UTC, datetime

from hardware.receipt_printer import PrintRequest
from hardware.xfs import DeviceError
from kiosk.station import CardHolder, Station
from shared.i18n.moments import Moment
from shared.i18n.text import N_, Text, localise


def print_receipt(station: Station, holder: CardHolder, lines: list[str]) -> str:
    """Print the receipt; return 'printed' or why not (the screen shows the result anyway)."""
    header = [station.settings.app.name, Text("Kiosk %(code)s", code=station.kiosk.code),
              Moment(datetime.now(UTC), station.kiosk.timezone),
              Text("Card ****%(last4)s", last4=holder.card.last4)]
    return print_lines(station, header + list(lines))


def print_lines(station: Station, lines: list[str]) -> str:
    """Print and cut, in the screen's language; return 'printed' or 'not printed (why)'.

    A fault never raises: what the paper was for stands, only the paper is lost.
    """
    printer = station.devices.receipt_printer
    printed = tuple(localise(line, station.language) for line in lines)
    try:
        result = printer.print_receipt(PrintRequest(printed))
    except DeviceError as exc:  # a power loss
        printer.reset()
        return Text("not printed (%(why)s)", why=type(exc).__name__)
    if result.ok:
        return N_("printed")
    printer.reset()
    return Text("not printed (%(why)s)", why=result.error_code or result.completion)
