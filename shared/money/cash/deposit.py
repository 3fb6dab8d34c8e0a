"""Cash deposit through escrow as a persisted state machine, with crash recovery.

escrowed (notes counted, nothing posted) -> accepting (stash commanded) -> accepted (posted);
or rolled back (notes returned). Each state is committed before the acceptor acts: after a
crash, a session still in escrow is rolled back (the acceptor returns its escrow on reset),
and one whose stash was commanded has an unknown outcome: suspect, kiosk out of service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models import LedgerTransaction
from shared.models.enums import TransactionState
from shared.models.money import CashKind, CashSession, CashSessionState
from shared.money import ledger
from shared.money.cash.sessions import (
    CashSessionError,
    customer_account,
    finish_reconciliation,
    kiosk_cash_account,
    load_for_update,
    load_suspect,
    mark_suspect,
    move,
    notes_value,
    record_device_context,
    sessions_in,
    validate_counts,
)
from shared.money.ledger import DEFAULT_LIMITS, Leg, Limits

KIND = "cash_deposit"
S = CashSessionState


@dataclass(frozen=True)
class Escrowed:
    cash_session_id: int
    response: dict
    replayed: bool


@dataclass
class RecoveryReport:
    rolled_back: list[int] = field(default_factory=list)
    suspects: list[int] = field(default_factory=list)


def escrow(
    session: Session,
    *,
    account_id: int,
    device_id: int,
    notes: Mapping,
    idempotency_key: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Escrowed:
    """Record the notes counted in escrow; a replayed key returns the first answer."""
    counted = validate_counts(notes)
    amount = ledger.validate_amount(notes_value(counted), limits.max_deposit_minor,
                                    "deposit amount")
    request = {"account_id": account_id, "device_id": device_id, "notes": counted}
    claimed = ledger.claim(session, idempotency_key=idempotency_key, kind=KIND,
                           request=request, state=TransactionState.PENDING,
                           category="cash", device_id=device_id)
    transaction = claimed.transaction
    if claimed.replayed:
        return Escrowed(transaction.response["cash_session_id"], dict(transaction.response),
                        replayed=True)
    account = customer_account(session, account_id)
    kiosk, _cash_account = kiosk_cash_account(session, device_id)
    transaction.description = f"Cash deposit at kiosk {kiosk.code}"
    transaction.counterparty = kiosk.code
    transaction.amount_minor = amount
    cash = CashSession(kind=CashKind.DEPOSIT, state=S.ESCROWED, transaction_id=transaction.id,
                       account_id=account.id, device_id=kiosk.id, amount_minor=amount,
                       notes=counted, device_context={}, started_at=utcnow())
    session.add(cash)
    session.flush()
    transaction.response = {"cash_session_id": cash.id, "transaction_id": transaction.id,
                            "state": "escrowed", "amount_minor": amount, "notes": counted}
    return Escrowed(cash.id, dict(transaction.response), replayed=False)


def begin_accept(session: Session, cash_session_id: int,
                 now: datetime | None = None) -> CashSession:
    """Record that the acceptor is about to stash the escrow; commit this before it acts."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.DEPOSIT)
    move(session, cash, (S.ESCROWED,), S.ACCEPTING, now)
    session.flush()
    return cash


def _post(session: Session, cash: CashSession, amount_minor: int) -> None:
    """Post customer +X and kiosk cash -X (the kiosk now holds X more in notes)."""
    _kiosk, kiosk_cash = kiosk_cash_account(session, cash.device_id, in_service=False)
    transaction = session.get(LedgerTransaction, cash.transaction_id)
    ledger.apply_postings(session, transaction.id, transaction.currency, ledger.validate_legs(
        [Leg(cash.account_id, amount_minor), Leg(kiosk_cash.id, -amount_minor)]))


def accepted(session: Session, cash_session_id: int, context: Mapping | None = None,
             now: datetime | None = None) -> CashSession:
    """The notes are in the cassettes: post the deposit."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.DEPOSIT)
    move(session, cash, (S.ACCEPTING,), S.ACCEPTED, now)
    _post(session, cash, cash.amount_minor)
    record_device_context(cash, context)
    session.flush()
    return cash


def rolled_back(session: Session, cash_session_id: int, reason: str = "",
                context: Mapping | None = None, now: datetime | None = None) -> CashSession:
    """The notes went back to the customer (cancel, or the acceptor reports a rollback)."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.DEPOSIT)
    move(session, cash, (S.ESCROWED, S.ACCEPTING), S.ROLLED_BACK, now, reason=reason)
    record_device_context(cash, context)
    session.flush()
    return cash


def accept_failed(session: Session, cash_session_id: int, reason: str,
                  context: Mapping | None = None, now: datetime | None = None) -> CashSession:
    """The stash failed with notes in an unknown place: flag a suspect."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.DEPOSIT)
    if cash.state != S.ACCEPTING:
        raise CashSessionError(f"cash session {cash.id} is {cash.state}, not accepting")
    record_device_context(cash, context)
    mark_suspect(session, cash, reason, now or utcnow())
    session.flush()
    return cash


def recover(session: Session, now: datetime | None = None,
            device_id: int | None = None) -> RecoveryReport:
    """After a restart (of all kiosks or of `device_id`): roll back escrows, flag stashes."""
    begin_write(session)
    now = now or utcnow()
    report = RecoveryReport()
    for cash in sessions_in(session, CashKind.DEPOSIT, (S.ESCROWED, S.ACCEPTING),
                            device_id=device_id):
        if cash.state == S.ESCROWED:
            move(session, cash, (S.ESCROWED,), S.ROLLED_BACK, now,
                 reason="rolled back on restart: the escrow is returned on reset")
            report.rolled_back.append(cash.id)
        else:
            mark_suspect(session, cash, "restart while accepting: outcome unknown", now)
            report.suspects.append(cash.id)
    session.flush()
    return report


def reconcile(
    session: Session,
    suspect_id: int,
    *,
    outcome: str,
    counts: Mapping,
    staff_id: int,
    accepted_minor: int | None = None,
    now: datetime | None = None,
) -> CashSession:
    """Settle a suspect deposit: "accepted" credits the customer, "returned" posts nothing."""
    cash, counted = load_suspect(session, suspect_id, CashKind.DEPOSIT, counts)
    now = now or utcnow()
    if outcome == "accepted":
        amount = cash.amount_minor if accepted_minor is None else accepted_minor
        ledger.validate_amount(amount, cash.amount_minor, "amount accepted")
        _post(session, cash, amount)
    elif outcome == "returned":
        amount = 0
    else:
        raise CashSessionError("outcome must be 'accepted' or 'returned'")
    finish_reconciliation(session, cash, staff_id,
                          {"outcome": outcome, "posted_minor": amount, "counts": counted}, now)
    return cash
