"""What withdrawals and deposits share: state transitions, kiosk cash, suspects, out of service.

Sign convention (shared/demo): a kiosk's cash account is negative while its cassettes hold
notes, so a withdrawal posts customer -X and kiosk cash +X, a deposit customer +X and
kiosk cash -X; cassette and bin contents equal minus the kiosk cash balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.i18n.text import Text
from shared.models import Account, Device, LedgerTransaction
from shared.models.enums import ActorType, DeviceKind, DeviceStatus, TransactionState
from shared.models.money import CashKind, CashSession, CashSessionState
from shared.money.chart import kiosk_cash_account_number
from shared.money.ledger import AccountUnavailable, LedgerError, account_by_number

# Device.status_detail starts with this while open suspects keep the kiosk out of service.
SUSPECT_DETAIL = "cash session needs reconciliation"

# The ledger transaction's state that mirrors each cash session state.
TRANSACTION_STATE = {
    CashSessionState.AUTHORISED: TransactionState.AUTHORISED,
    CashSessionState.DISPENSING: TransactionState.DISPENSING,
    CashSessionState.PRESENTED: TransactionState.PRESENTED,
    CashSessionState.TAKEN: TransactionState.POSTED,
    CashSessionState.RETRACTED: TransactionState.RETRACTED,
    CashSessionState.RELEASED: TransactionState.RELEASED,
    CashSessionState.ESCROWED: TransactionState.PENDING,
    CashSessionState.ACCEPTING: TransactionState.PENDING,
    CashSessionState.ACCEPTED: TransactionState.POSTED,
    CashSessionState.ROLLED_BACK: TransactionState.RELEASED,
    CashSessionState.SUSPECT: TransactionState.SUSPECT,
}


class CashSessionError(LedgerError):
    code = "cash_session_error"


class KioskOutOfService(LedgerError):
    code = "kiosk_out_of_service"


def kiosk_cash_account(
    session: Session, device_id: int, *, in_service: bool = True
) -> tuple[Device, Account]:
    """Return the kiosk (refusing one out of service unless told) and its cash account."""
    kiosk = session.get(Device, device_id)
    if kiosk is None or kiosk.kind != DeviceKind.KIOSK:
        raise AccountUnavailable(f"device {device_id} is not a kiosk")
    if in_service and kiosk.status == DeviceStatus.OUT_OF_SERVICE:
        raise KioskOutOfService(f"kiosk {kiosk.code} is out of service: {kiosk.status_detail}")
    return kiosk, account_by_number(session, kiosk_cash_account_number(kiosk.code))


def customer_account(session: Session, account_id: int) -> Account:
    """Return a customer's open account (never an internal one) or refuse clearly."""
    account = session.get(Account, account_id)
    if account is None or account.customer_id is None:
        raise AccountUnavailable(Text("no customer account %(account)s", account=account_id))
    if account.closed_at is not None:
        raise AccountUnavailable(Text("account %(number)s is closed", number=account.number))
    return account


def load_for_update(session: Session, cash_session_id: int, kind: CashKind) -> CashSession:
    """Load the cash session fresh (row-locked on PostgreSQL) or refuse clearly."""
    cash = session.scalars(
        select(CashSession).where(CashSession.id == cash_session_id)
        .with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if cash is None or cash.kind != kind:
        raise CashSessionError(f"no {kind} cash session {cash_session_id}")
    return cash


def load_suspect(
    session: Session, suspect_id: int, kind: CashKind, counts: Mapping
) -> tuple[CashSession, dict[str, int]]:
    """Start reconciling: write lock, the suspect row locked, the teller's counts checked."""
    begin_write(session)
    cash = load_for_update(session, suspect_id, kind)
    if cash.state != CashSessionState.SUSPECT:
        raise CashSessionError(f"cash session {cash.id} is {cash.state}, not suspect")
    return cash, validate_counts(counts)


def move(
    session: Session, cash: CashSession, allowed: Iterable[CashSessionState],
    new: CashSessionState, now: datetime | None = None, *, reason: str = "",
) -> LedgerTransaction:
    """Move the session to `new` if it is in an allowed state; mirror it on the transaction."""
    allowed = tuple(allowed)
    if cash.state not in allowed:
        raise CashSessionError(
            f"cash session {cash.id} is {cash.state}; expected {' or '.join(allowed)}"
        )
    now = now or utcnow()
    cash.state = new
    if reason:
        cash.reason = reason[:240]
    if new in (CashSessionState.DISPENSING, CashSessionState.ACCEPTING):
        cash.device_command_at = now
    elif new == CashSessionState.PRESENTED:
        cash.presented_at = now
    elif new == CashSessionState.SUSPECT:
        cash.suspect_at = now
    else:
        cash.finished_at = now
    transaction = session.get(LedgerTransaction, cash.transaction_id)
    transaction.state = TRANSACTION_STATE.get(new, transaction.state)
    return transaction


def record_device_context(cash: CashSession, context: Mapping | None) -> None:
    """Merge what the device reported into the session (a new dict, so the ORM sees it)."""
    if context:
        cash.device_context = {**(cash.device_context or {}), **dict(context)}


def mark_suspect(session: Session, cash: CashSession, reason: str, now: datetime) -> None:
    """Flag a session with no known outcome and take its kiosk out of service."""
    state_before = str(cash.state)
    move(session, cash, (cash.state,), CashSessionState.SUSPECT, now, reason=reason)
    record_device_context(cash, {"state_before_suspect": state_before})
    kiosk = session.get(Device, cash.device_id)
    kiosk.status = DeviceStatus.OUT_OF_SERVICE
    kiosk.status_detail = f"{SUSPECT_DETAIL}: {cash.kind} {cash.id}"[:240]
    audit.record(session, audit.SYSTEM, "cash.suspect", subject_type="cash_session",
                 subject_id=cash.id, reason=reason,
                 detail={"device": kiosk.code, "state_before": state_before})


def open_suspects(session: Session, device_id: int | None = None) -> list[CashSession]:
    """Return the sessions waiting for the teller desk, oldest first."""
    query = select(CashSession).where(CashSession.state == CashSessionState.SUSPECT)
    if device_id is not None:
        query = query.where(CashSession.device_id == device_id)
    return list(session.scalars(query.order_by(CashSession.id)))


def sessions_in(session: Session, kind: CashKind, states: Iterable[CashSessionState],
                device_id: int | None = None):
    """Return the sessions of a kind in the given states (of one kiosk), locked, oldest first."""
    query = select(CashSession).where(CashSession.kind == kind,
                                      CashSession.state.in_(list(states)))
    if device_id is not None:
        query = query.where(CashSession.device_id == device_id)
    return list(session.scalars(
        query.order_by(CashSession.id).with_for_update()
        .execution_options(populate_existing=True)
    ))


def finish_reconciliation(
    session: Session, cash: CashSession, staff_id: int, finding: dict, now: datetime
) -> None:
    """Close a suspect, audit the finding, and bring the kiosk back when none is left."""
    move(session, cash, (CashSessionState.SUSPECT,), CashSessionState.RECONCILED, now)
    transaction = session.get(LedgerTransaction, cash.transaction_id)
    transaction.state = (TransactionState.POSTED if finding.get("posted_minor")
                         else TransactionState.RELEASED)
    cash.reconciled_at = now
    cash.reconciled_by_id = staff_id
    cash.reconciliation = finding
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "cash.reconciled",
                 subject_type="cash_session", subject_id=cash.id, detail=finding)
    session.flush()
    if not open_suspects(session, cash.device_id):
        kiosk = session.get(Device, cash.device_id)
        if kiosk.status == DeviceStatus.OUT_OF_SERVICE and kiosk.status_detail.startswith(
            SUSPECT_DETAIL
        ):
            kiosk.status = DeviceStatus.OK
            kiosk.status_detail = ""


def validate_counts(counts: Mapping) -> dict[str, int]:
    """Return note counts as {denomination in minor units: count} or refuse them."""
    clean: dict[str, int] = {}
    for denomination, count in dict(counts or {}).items():
        try:
            value, number = int(denomination), int(count)
        except (TypeError, ValueError) as exc:
            raise CashSessionError(f"bad note count {denomination!r}: {count!r}") from exc
        if value <= 0 or number < 0:
            raise CashSessionError(f"bad note count {denomination!r}: {count!r}")
        clean[str(value)] = number
    return clean


def notes_value(notes: Mapping[str, int]) -> int:
    """Return the value of a note mix in minor units."""
    return sum(int(d) * int(n) for d, n in notes.items())
