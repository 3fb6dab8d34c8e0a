"""Cash acceptor (CIM): the interface and its simulator."""

from hardware.cash_acceptor.base import (
    AcceptorCashUnit,
    AcceptorRetractResult,
    CashAcceptor,
    CashAcceptorCapabilities,
    CashAcceptorError,
    CashAcceptorStatus,
    CashInEndResult,
    CashInRequest,
    CashInResult,
    CashInStartRequest,
    RollbackResult,
)
from hardware.cash_acceptor.simulator import CashAcceptorSimulator

__all__ = [
    "AcceptorCashUnit",
    "AcceptorRetractResult",
    "CashAcceptor",
    "CashAcceptorCapabilities",
    "CashAcceptorError",
    "CashAcceptorSimulator",
    "CashAcceptorStatus",
    "CashInEndResult",
    "CashInRequest",
    "CashInResult",
    "CashInStartRequest",
    "RollbackResult",
]
