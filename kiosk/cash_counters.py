"""The dispenser's and acceptor's counters as the money services read them (device_counts.py)."""

from __future__ import annotations

from collections.abc import Iterable

from hardware.cash_acceptor import CashAcceptor
from hardware.cash_dispenser import CashDispenser, OutputPosition, UnitKind
from hardware.registry import KioskDevices
from hardware.xfs import DeviceState
from shared.money.cash.device_counts import CashReading, DeviceReading, UnitCounts


def _unit_counts(units: Iterable[tuple[int | None, int]]) -> UnitCounts:
    """Sum (denomination, count) pairs into cassettes per denomination; None: a bin."""
    cassettes: dict[int, int] = {}
    bin_items = 0
    for denomination, count in units:
        if denomination is None:
            bin_items += count
        else:
            cassettes[denomination] = cassettes.get(denomination, 0) + count
    return UnitCounts(cassettes, bin_items)


def dispenser_counts(dispenser: CashDispenser) -> UnitCounts:
    """Notes per denomination in the dispense cassettes, items in the retract and reject bins."""
    return _unit_counts((u.denomination_minor if u.kind is UnitKind.DISPENSE else None, u.count)
                        for u in dispenser.cash_units())


def acceptor_counts(acceptor: CashAcceptor) -> UnitCounts:
    """Notes per denomination in the acceptor's cassettes, items in its retract bin."""
    return _unit_counts((u.denomination_minor or None, u.count) for u in acceptor.cash_units())


def read_after_reset(devices: KioskDevices) -> CashReading:
    """Both cash devices' counters, each `clear` when its reset left nothing between places.

    Call it after `devices.reset_all()`: a note still in a transport, an escrow or at an
    exit, or a device that did not come back online, makes its counters no evidence.
    """
    dispenser, acceptor = devices.cash_dispenser, devices.cash_acceptor
    out = dispenser.status()
    back = acceptor.status()
    return CashReading(
        dispenser=DeviceReading(dispenser_counts(dispenser), clear=(
            out.device is DeviceState.ONLINE and out.output is OutputPosition.EMPTY
            and out.stacker_items == 0)),
        acceptor=DeviceReading(acceptor_counts(acceptor), clear=(
            back.device is DeviceState.ONLINE and not back.cash_in_active
            and back.escrow_items == 0 and back.output_items == 0)),
    )
