"""Holds: funds reserved on an account (counted in held_minor), then released or captured."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.i18n.text import Text
from shared.models import Account, LedgerTransaction
from shared.models.money import Hold, HoldState
from shared.money.ledger.accounts import available_minor, check_open, lock_accounts
from shared.money.ledger.amounts import DEFAULT_LIMITS, Leg, Limits, validate_legs
from shared.money.ledger.errors import InsufficientFunds, LedgerError
from shared.money.ledger.postings import apply_postings


def place_hold(
    session: Session, transaction: LedgerTransaction, account_id: int, amount_minor: int,
    reason: str = "",
) -> Hold:
    """Reserve funds on the account for the transaction (counted in held_minor)."""
    account = lock_accounts(session, [account_id])[account_id]
    check_open(account, transaction.currency)
    available = available_minor(account)
    if available is not None and available < amount_minor:
        raise InsufficientFunds(Text("insufficient funds in account %(number)s",
                                     number=account.number))
    account.held_minor += amount_minor
    hold = Hold(account_id=account_id, transaction_id=transaction.id,
                amount_minor=amount_minor, reason=reason[:120], state=HoldState.ACTIVE)
    session.add(hold)
    session.flush()
    return hold


def _close_hold(session: Session, hold: Hold, state: HoldState,
                now: datetime | None = None) -> Account:
    account = lock_accounts(session, [hold.account_id])[hold.account_id]
    if hold.state != HoldState.ACTIVE:
        raise LedgerError(f"hold {hold.id} is already {hold.state}")
    account.held_minor -= hold.amount_minor
    hold.state = state
    hold.closed_at = now or utcnow()
    return account


def release_hold(session: Session, hold: Hold, now: datetime | None = None) -> None:
    """Give the held funds back to the account."""
    _close_hold(session, hold, HoldState.RELEASED, now)
    session.flush()


def capture_hold(
    session: Session, hold: Hold, legs: Iterable[Leg], limits: Limits = DEFAULT_LIMITS
) -> None:
    """Close the hold and post the legs under its transaction, in one step."""
    legs = validate_legs(legs, limits)
    transaction = session.get(LedgerTransaction, hold.transaction_id)
    # Closed first: the funds check below must not count the captured amount twice.
    _close_hold(session, hold, HoldState.CAPTURED)
    apply_postings(session, transaction.id, transaction.currency, legs)
