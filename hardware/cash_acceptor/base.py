"""The cash acceptor interface (XFS4IoT CashAcceptor / CIM): cash-in through an escrow."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hardware.cash import EMPTY, Notes
from hardware.xfs import Capabilities, Result, Status, XfsDevice

__all__ = [
    "AcceptorCashUnit",
    "AcceptorRetractResult",
    "CashAcceptor",
    "CashAcceptorCapabilities",
    "CashAcceptorError",
    "CashAcceptorStatus",
    "CashInEndResult",
    "CashInRequest",
    "CashInResult",
    "CashInStartRequest",
    "RollbackResult",
]


class CashAcceptorError(StrEnum):
    """XFS4IoT CashAcceptor errorCode values."""

    CASH_IN_ACTIVE = "cashInActive"
    NO_CASH_IN_ACTIVE = "noCashInActive"
    NO_ITEMS = "noItems"
    ESCROW_FULL = "tooManyItems"
    CASH_UNIT_FULL = "cashUnitFull"
    ITEMS_JAMMED = "itemsJammed"
    SHUTTER_NOT_OPEN = "shutterNotOpen"
    POSITION_UNKNOWN = "positionUnknown"


@dataclass(frozen=True)
class CashInStartRequest:
    """Begin a cash-in transaction (XFS4IoT CashAcceptor.CashInStart)."""

    max_items: int = 200


@dataclass(frozen=True)
class CashInRequest:
    """Wait up to `timeout_s` for notes in the input tray, count them into escrow."""

    timeout_s: float = 0.0


@dataclass(frozen=True)
class CashInResult(Result):
    """`accepted`: recognised this time; `escrow`: all held now; `rejected_items`: handed back."""

    accepted: Notes = EMPTY
    escrow: Notes = EMPTY
    rejected_items: int = 0


@dataclass(frozen=True)
class CashInEndResult(Result):
    """`stored`: notes now in the cassettes (credit exactly this)."""

    stored: Notes = EMPTY


@dataclass(frozen=True)
class RollbackResult(Result):
    """`returned`: notes handed back to the customer at the output slot."""

    returned: Notes = EMPTY


@dataclass(frozen=True)
class AcceptorRetractResult(Result):
    items: int = 0


@dataclass(frozen=True)
class AcceptorCashUnit:
    unit_id: str
    denomination_minor: int  # 0: the retract bin (mixed)
    count: int
    capacity: int


@dataclass(frozen=True)
class CashAcceptorStatus(Status):
    cash_in_active: bool = False
    escrow_items: int = 0
    output_items: int = 0  # notes handed back and not yet taken


@dataclass(frozen=True)
class CashAcceptorCapabilities(Capabilities):
    currency: str = "GBP"
    denominations: tuple[int, ...] = ()
    max_escrow_items: int = 200


class CashAcceptor(XfsDevice, Protocol):
    """A note acceptor with escrow. Events: cash.inserted, cash.returned, cash.taken."""

    def cash_in_start(self, request: CashInStartRequest) -> Result: ...

    def cash_in(self, request: CashInRequest) -> CashInResult: ...

    def cash_in_end(self) -> CashInEndResult: ...

    def cash_in_rollback(self) -> RollbackResult: ...

    def retract(self) -> AcceptorRetractResult:
        """Pull notes left at the output slot into the retract bin."""
        ...

    def cash_units(self) -> tuple[AcceptorCashUnit, ...]: ...

    def status(self) -> CashAcceptorStatus: ...

    def capabilities(self) -> CashAcceptorCapabilities: ...
