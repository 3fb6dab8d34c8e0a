"""The cash devices' own counters, and what they say happened to an interrupted session's notes.

The kiosk records a device's counters in the session with the step it commits just before
commanding the device (begin_dispense, begin_accept), and reads them again when the next
tenure recovers, or when a flow has reset the device after a fault: after the reset has
put every note left in its transport or at its exit into a bin. Nothing else used the
device in between: a kiosk serves one session at a time and recovers before it serves
again. Only an account that closes exactly, note
for note, settles a session here; anything else (a reading missing or not clear, counts
that rose, some notes back and some not) leaves it a suspect for the teller. This is what
an ATM host does with the device's last-transaction counters after a power cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DISPENSER_BEFORE = "dispenser_before"
ACCEPTOR_BEFORE = "acceptor_before"


def _denominations(counts: Mapping) -> dict[int, int]:
    return {int(d): int(n) for d, n in counts.items() if int(n)}


@dataclass(frozen=True)
class UnitCounts:
    """Notes per denomination in the cassettes, and items in the bins (bins count no values)."""

    cassettes: Mapping[int, int] = field(default_factory=dict)
    bin_items: int = 0

    def as_json(self) -> dict:
        return {"cassettes": {str(d): n for d, n in sorted(self.cassettes.items())},
                "bin_items": self.bin_items}

    @classmethod
    def from_json(cls, data) -> UnitCounts | None:
        """The counts recorded in a session, or None if none were (or they are garbled)."""
        try:
            return cls(_denominations(data["cassettes"]), int(data["bin_items"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass(frozen=True)
class DeviceReading:
    """A device's counters after its reset; `clear`: online, nothing left between places."""

    counts: UnitCounts
    clear: bool


@dataclass(frozen=True)
class CashReading:
    """The kiosk's dispenser and acceptor as recovery found them (None: not read)."""

    dispenser: DeviceReading | None = None
    acceptor: DeviceReading | None = None


@dataclass(frozen=True)
class Settled:
    """A step the counters justify, and why (kept as the session's reason and audited)."""

    step: str
    reason: str
    evidence: dict


def _change(before: UnitCounts, after: UnitCounts) -> tuple[dict[int, int], int] | None:
    """Notes that left (or entered) each cassette kind, items added to the bins; None if
    a count moved the other way (a refill, a bin emptied: not this session's doing)."""
    moved = {d: before.cassettes.get(d, 0) - after.cassettes.get(d, 0)
             for d in set(before.cassettes) | set(after.cassettes)}
    binned = after.bin_items - before.bin_items
    if binned < 0:
        return None
    return {d: n for d, n in moved.items() if n}, binned


def _evidence(before: UnitCounts, after: UnitCounts) -> dict:
    return {"before": before.as_json(), "after": after.as_json()}


def _readable(context: Mapping | None, key: str,
              reading: DeviceReading | None) -> tuple[UnitCounts, UnitCounts] | None:
    before = UnitCounts.from_json((context or {}).get(key))
    if before is None or reading is None or not reading.clear:
        return None
    return before, reading.counts


def withdrawal_outcome(context: Mapping | None, planned: Mapping,
                       reading: DeviceReading | None) -> Settled | None:
    """What the dispenser's counters say of a withdrawal cut off after begin_dispense."""
    found = _readable(context, DISPENSER_BEFORE, reading)
    if found is None:
        return None
    before, after = found
    change = _change(before, after)
    if change is None:
        return None
    moved, binned = change
    if any(n < 0 for n in moved.values()):
        return None
    picked = sum(moved.values())
    notes = _denominations(planned)
    evidence = _evidence(before, after)
    if not picked and not binned:
        return Settled("none_picked", "the dispenser's counters: no note left its cassettes",
                       evidence)
    if not all(n <= notes.get(d, 0) for d, n in moved.items()):
        return None  # more notes than this withdrawal asked for: not ours to explain
    if picked and binned == picked:
        return Settled("all_in_bins", f"the dispenser's counters: the {picked} notes picked "
                                      "are all in its bins", evidence)
    if moved == notes and not binned:
        return Settled("taken_by_customer", f"the dispenser's counters: the {picked} notes "
                       "picked left through the exit and none came back", evidence)
    return None


def deposit_outcome(context: Mapping | None, escrowed: Mapping,
                    reading: DeviceReading | None) -> Settled | None:
    """What the acceptor's counters say of a deposit cut off after begin_accept."""
    found = _readable(context, ACCEPTOR_BEFORE, reading)
    if found is None:
        return None
    before, after = found
    change = _change(before, after)
    if change is None:
        return None
    moved, binned = change
    stored = {d: -n for d, n in moved.items()}
    if stored == _denominations(escrowed) and not binned:
        return Settled("all_stored", f"the acceptor's counters: the {sum(stored.values())} "
                       "notes in escrow are all in its cassettes", _evidence(before, after))
    return None
