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


@dataclass(frozen=True)
class _Change:
    """What moved between the counts recorded with a step and a reading after the reset."""

    before: UnitCounts
    after: UnitCounts
    moved: dict[int, int]  # notes out of the cassettes, per denomination (negative: in)
    binned: int  # items added to the bins

    @property
    def evidence(self) -> dict:
        return {"before": self.before.as_json(), "after": self.after.as_json()}


def _change(context: Mapping | None, key: str, reading: DeviceReading | None) -> _Change | None:
    """The change since the counts under `key`; None without both counts, a clear reading,
    or when the bins lost items (emptied meanwhile: not this session's doing)."""
    before = UnitCounts.from_json((context or {}).get(key))
    if before is None or reading is None or not reading.clear:
        return None
    after = reading.counts
    binned = after.bin_items - before.bin_items
    if binned < 0:
        return None
    moved = {d: before.cassettes.get(d, 0) - after.cassettes.get(d, 0)
             for d in set(before.cassettes) | set(after.cassettes)}
    return _Change(before, after, {d: n for d, n in moved.items() if n}, binned)


def withdrawal_outcome(context: Mapping | None, planned: Mapping,
                       reading: DeviceReading | None) -> Settled | None:
    """What the dispenser's counters say of a withdrawal cut off after begin_dispense."""
    change = _change(context, DISPENSER_BEFORE, reading)
    if change is None or any(n < 0 for n in change.moved.values()):
        return None  # a cassette refilled meanwhile
    moved, binned, evidence = change.moved, change.binned, change.evidence
    picked = sum(moved.values())
    notes = _denominations(planned)
    if not picked and not binned:
        return Settled("none_picked", "the dispenser's counters: no note left its cassettes",
                       evidence)
    if not all(n <= notes.get(d, 0) for d, n in moved.items()):
        return None  # more notes than this withdrawal asked for: not ours to explain
    if picked and binned == picked:
        return Settled("all_in_bins", f"the dispenser's counters: every note picked ({picked}) "
                                      "is in its bins", evidence)
    if moved == notes and not binned:
        return Settled("taken_by_customer", f"the dispenser's counters: every note picked "
                       f"({picked}) left through the exit, none came back", evidence)
    return None


def deposit_outcome(context: Mapping | None, escrowed: Mapping,
                    reading: DeviceReading | None) -> Settled | None:
    """What the acceptor's counters say of a deposit cut off after begin_accept."""
    change = _change(context, ACCEPTOR_BEFORE, reading)
    if change is None:
        return None
    stored = {d: -n for d, n in change.moved.items()}
    if stored == _denominations(escrowed) and not change.binned:
        return Settled("all_stored", f"the acceptor's counters: every note in escrow "
                       f"({sum(stored.values())}) is in its cassettes", change.evidence)
    return None
