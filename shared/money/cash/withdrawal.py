"""Cash withdrawal as a persisted state machine, with crash recovery and reconciliation.

authorised (funds held) -> dispensing -> presented -> taken (posted) | retracted (released).
Each state is committed BEFORE the device is told to act, so after a crash the database
says how far the device may have gone: before dispensing nothing left the kiosk (release
the hold); from dispensing on, notes may be out (suspect, kiosk out of service, teller
reconciles against the cassette counts). Nothing ever commands a second dispense: only
`begin_dispense` leaves "authorised", and only once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models import Hold
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

KIND = "cash_withdrawal"
S = CashSessionState


@dataclass(frozen=True)
class Authorised:
    cash_session_id: int
    response: dict
    replayed: bool


@dataclass
class RecoveryReport:
    released: list[int] = field(default_factory=list)
    suspects: list[int] = field(default_factory=list)


def authorise(
    session: Session,
    *,
    account_id: int,
    device_id: int,
    amount_minor: int,
    idempotency_key: str,
    notes: Mapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Authorised:
    """Hold the funds and open the withdrawal; a replayed key returns the first answer."""
    ledger.validate_amount(amount_minor, limits.max_withdrawal_minor, "withdrawal amount")
    planned = validate_counts(notes or {})
    if planned and notes_value(planned) != amount_minor:
        raise CashSessionError("the note mix does not add up to the amount")
    request = {"account_id": account_id, "device_id": device_id, "amount_minor": amount_minor}
    claimed = ledger.claim(session, idempotency_key=idempotency_key, kind=KIND,
                           request=request, state=TransactionState.AUTHORISED,
                           category="cash", device_id=device_id)
    transaction = claimed.transaction
    if claimed.replayed:
        return Authorised(transaction.response["cash_session_id"], dict(transaction.response),
                          replayed=True)
    account = customer_account(session, account_id)
    kiosk, _cash_account = kiosk_cash_account(session, device_id)
    transaction.description = f"Cash withdrawal at kiosk {kiosk.code}"
    transaction.counterparty = kiosk.code
    transaction.amount_minor = amount_minor
    hold = ledger.place_hold(session, transaction, account.id, amount_minor, "cash withdrawal")
    cash = CashSession(kind=CashKind.WITHDRAWAL, state=S.AUTHORISED,
                       transaction_id=transaction.id, account_id=account.id, device_id=kiosk.id,
                       hold_id=hold.id, amount_minor=amount_minor, notes=planned,
                       device_context={}, started_at=utcnow())
    session.add(cash)
    session.flush()
    transaction.response = {"cash_session_id": cash.id, "transaction_id": transaction.id,
                            "state": "authorised", "amount_minor": amount_minor,
                            "notes": planned}
    return Authorised(cash.id, dict(transaction.response), replayed=False)


def begin_dispense(session: Session, cash_session_id: int,
                   now: datetime | None = None) -> CashSession:
    """Record that the dispenser is about to be commanded; commit this before dispensing."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    move(session, cash, (S.AUTHORISED,), S.DISPENSING, now)
    session.flush()
    return cash


def presented(session: Session, cash_session_id: int, notes: Mapping | None = None,
              context: Mapping | None = None, now: datetime | None = None) -> CashSession:
    """Record that the notes are at the shutter."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    move(session, cash, (S.DISPENSING,), S.PRESENTED, now)
    if notes is not None:
        counted = validate_counts(notes)
        if notes_value(counted) != cash.amount_minor:
            raise CashSessionError("the notes presented do not add up to the amount")
        cash.notes = counted
    record_device_context(cash, context)
    session.flush()
    return cash


def _capture(session: Session, cash: CashSession, amount_minor: int) -> None:
    """Post customer -X and kiosk cash +X, closing the hold (see cash_sessions' signs)."""
    _kiosk, kiosk_cash = kiosk_cash_account(session, cash.device_id, in_service=False)
    hold = session.get(Hold, cash.hold_id)
    ledger.capture_hold(session, hold, [Leg(cash.account_id, -amount_minor),
                                        Leg(kiosk_cash.id, amount_minor)])


def taken(session: Session, cash_session_id: int, context: Mapping | None = None,
          now: datetime | None = None) -> CashSession:
    """The customer took the notes: post the withdrawal."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    move(session, cash, (S.PRESENTED,), S.TAKEN, now)
    _capture(session, cash, cash.amount_minor)
    record_device_context(cash, context)
    session.flush()
    return cash


def _release(session: Session, cash: CashSession, now: datetime | None) -> None:
    ledger.release_hold(session, session.get(Hold, cash.hold_id), now)


def retracted(session: Session, cash_session_id: int, context: Mapping | None = None,
              now: datetime | None = None) -> CashSession:
    """The notes were not taken and went back into the kiosk: release the hold."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    move(session, cash, (S.PRESENTED,), S.RETRACTED, now)
    _release(session, cash, now)
    record_device_context(cash, context)
    session.flush()
    return cash


def cancel(session: Session, cash_session_id: int, reason: str,
           now: datetime | None = None) -> CashSession:
    """Drop an authorised withdrawal before the dispenser was commanded."""
    begin_write(session)
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    move(session, cash, (S.AUTHORISED,), S.RELEASED, now, reason=reason)
    _release(session, cash, now)
    session.flush()
    return cash


def dispense_failed(session: Session, cash_session_id: int, *, nothing_dispensed: bool,
                    reason: str, context: Mapping | None = None,
                    now: datetime | None = None) -> CashSession:
    """The dispenser failed: release if it reports no note left, otherwise flag a suspect."""
    begin_write(session)
    now = now or utcnow()
    cash = load_for_update(session, cash_session_id, CashKind.WITHDRAWAL)
    record_device_context(cash, context)
    if nothing_dispensed:
        move(session, cash, (S.DISPENSING,), S.RELEASED, now, reason=reason)
        _release(session, cash, now)
    else:
        if cash.state not in (S.DISPENSING, S.PRESENTED):
            raise CashSessionError(f"cash session {cash.id} is {cash.state}")
        mark_suspect(session, cash, reason, now)
    session.flush()
    return cash


def recover(session: Session, now: datetime | None = None,
            device_id: int | None = None) -> RecoveryReport:
    """After a restart (of all kiosks or of `device_id`): release undispensed, flag the rest."""
    begin_write(session)
    now = now or utcnow()
    report = RecoveryReport()
    for cash in sessions_in(session, CashKind.WITHDRAWAL,
                            (S.AUTHORISED, S.DISPENSING, S.PRESENTED),
                            device_id=device_id):
        if cash.state == S.AUTHORISED:
            move(session, cash, (S.AUTHORISED,), S.RELEASED, now,
                 reason="released on restart: the dispenser was never commanded")
            _release(session, cash, now)
            report.released.append(cash.id)
        else:
            mark_suspect(session, cash, f"restart while {cash.state}: outcome unknown", now)
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
    taken_minor: int | None = None,
    now: datetime | None = None,
) -> CashSession:
    """Settle a suspect from the teller's count: "taken" posts it, "not_taken" releases it."""
    cash, counted = load_suspect(session, suspect_id, CashKind.WITHDRAWAL, counts)
    now = now or utcnow()
    if outcome == "taken":
        amount = cash.amount_minor if taken_minor is None else taken_minor
        ledger.validate_amount(amount, cash.amount_minor, "amount taken")
        _capture(session, cash, amount)
    elif outcome == "not_taken":
        amount = 0
        _release(session, cash, now)
    else:
        raise CashSessionError("outcome must be 'taken' or 'not_taken'")
    finish_reconciliation(session, cash, staff_id,
                          {"outcome": outcome, "posted_minor": amount, "counts": counted}, now)
    return cash
