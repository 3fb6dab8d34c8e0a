"""The cash dispenser interface (XFS4IoT CashDispenser + CashManagement / CDM)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hardware.cash import EMPTY, Notes
from hardware.xfs import Capabilities, Result, Status, XfsDevice

__all__ = [
    "Bin",
    "CashDispenser",
    "CashDispenserCapabilities",
    "CashDispenserError",
    "CashDispenserStatus",
    "CashUnitInfo",
    "DenominateRequest",
    "DenominateResult",
    "DispenseRequest",
    "DispenseResult",
    "OutputPosition",
    "PresentRequest",
    "PresentResult",
    "RetractRequest",
    "RetractResult",
    "ShutterState",
    "TakeRequest",
    "TakeResult",
    "UnitKind",
    "UnitStatus",
]


class CashDispenserError(StrEnum):
    """XFS4IoT CashDispenser/CashManagement errorCode values."""

    NOT_DISPENSABLE = "notDispensable"  # no note mix for the amount
    TOO_MANY_ITEMS = "tooManyItems"
    CASH_UNIT_EMPTY = "cashUnitEmpty"  # a pick failed: the cassette reads empty
    ITEMS_JAMMED = "itemsJammed"
    SHUTTER_NOT_OPEN = "shutterNotOpen"
    PARTIAL_PRESENT = "partialPresent"
    POSITION_UNKNOWN = "positionUnknown"  # where the notes are is not known
    NO_ITEMS = "noItems"
    ITEMS_PENDING = "itemsPending"  # notes still in the stacker or at the exit


class UnitKind(StrEnum):
    DISPENSE = "dispense"
    RETRACT = "retract"
    REJECT = "reject"


class UnitStatus(StrEnum):
    OK = "ok"
    LOW = "low"
    EMPTY = "empty"
    INOPERATIVE = "inoperative"
    FULL = "full"


class ShutterState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class OutputPosition(StrEnum):
    EMPTY = "empty"
    NOT_EMPTY = "notEmpty"
    UNKNOWN = "unknown"


class Bin(StrEnum):
    RETRACT = "retract"
    REJECT = "reject"


@dataclass(frozen=True)
class CashUnitInfo:
    """One cassette or bin as the device counts it (XFS4IoT CashManagement.GetCashUnitInfo)."""

    unit_id: str
    kind: UnitKind
    denomination_minor: int  # 0 for a bin (mixed notes)
    count: int
    capacity: int
    status: UnitStatus


@dataclass(frozen=True)
class DenominateRequest:
    amount_minor: int
    currency: str = "GBP"


@dataclass(frozen=True)
class DenominateResult(Result):
    mix: Notes | None = None


@dataclass(frozen=True)
class DispenseRequest:
    """Pick `amount_minor` (with `mix`, or the device's own) into the stacker."""

    amount_minor: int
    mix: Notes | None = None
    currency: str = "GBP"


@dataclass(frozen=True)
class DispenseResult(Result):
    """`dispensed`: notes now in the stacker; on a jam, the notes stuck in the transport."""

    dispensed: Notes = EMPTY
    mix_requested: Notes | None = None


@dataclass(frozen=True)
class PresentRequest:
    """Open the shutter and move the stacked notes to the exit."""


@dataclass(frozen=True)
class PresentResult(Result):
    """`presented`: notes at the exit (the customer can take them); `remaining`: still inside.

    With POSITION_UNKNOWN neither is known; both are None.
    """

    presented: Notes | None = EMPTY
    remaining: Notes | None = EMPTY


@dataclass(frozen=True)
class TakeRequest:
    """Wait up to `timeout_s` for the customer to take the presented notes."""

    timeout_s: float = 30.0


@dataclass(frozen=True)
class TakeResult(Result):
    """SUCCESS: taken (ItemsTakenEvent); TIMEOUT: still at the exit, retract them."""

    taken: Notes = EMPTY


@dataclass(frozen=True)
class RetractRequest:
    """Close the shutter and pull exit and stacker notes into a bin."""

    target: Bin = Bin.RETRACT


@dataclass(frozen=True)
class RetractResult(Result):
    """`items`: how many notes went into the bin (a bin counts items, not denominations)."""

    items: int = 0


@dataclass(frozen=True)
class CashDispenserStatus(Status):
    shutter: ShutterState = ShutterState.CLOSED
    output: OutputPosition = OutputPosition.EMPTY
    stacker_items: int = 0  # notes picked but not presented (the intermediate stacker)


@dataclass(frozen=True)
class CashDispenserCapabilities(Capabilities):
    currency: str = "GBP"
    max_dispense_items: int = 40
    denominations: tuple[int, ...] = ()


class CashDispenser(XfsDevice, Protocol):
    """A note dispenser. Events: cash.presented, cash.taken, cash.retracted."""

    def denominate(self, request: DenominateRequest) -> DenominateResult: ...

    def dispense(self, request: DispenseRequest) -> DispenseResult: ...

    def present(self, request: PresentRequest) -> PresentResult: ...

    def wait_for_take(self, request: TakeRequest) -> TakeResult: ...

    def retract(self, request: RetractRequest) -> RetractResult: ...

    def cash_units(self) -> tuple[CashUnitInfo, ...]: ...

    def status(self) -> CashDispenserStatus: ...

    def capabilities(self) -> CashDispenserCapabilities: ...
