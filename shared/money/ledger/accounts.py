"""Accounts as the ledger reads them: found by number, locked in order, what they may spend."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Account
from shared.money.ledger.errors import AccountUnavailable


def lock_accounts(session: Session, account_ids: Iterable[int]) -> dict[int, Account]:
    """Load the accounts fresh, row-locked on PostgreSQL, in ascending id order."""
    ids = sorted(set(account_ids))
    rows = session.scalars(
        select(Account)
        .where(Account.id.in_(ids))
        .order_by(Account.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    accounts = {a.id: a for a in rows}
    missing = [i for i in ids if i not in accounts]
    if missing:
        raise AccountUnavailable(f"no such account: {missing[0]}")
    return accounts


def available_minor(account: Account) -> int | None:
    """Return what the account may still spend, or None when it may run negative."""
    if account.allow_negative:
        return None
    return account.balance_minor - account.held_minor + account.overdraft_limit_minor


def check_open(account: Account, currency: str) -> None:
    """Refuse a closed account, or one in another currency than the transaction's."""
    if account.closed_at is not None:
        raise AccountUnavailable(f"account {account.number} is closed")
    if account.currency != currency:
        raise AccountUnavailable(
            f"account {account.number} is in {account.currency}, not {currency}"
        )


def account_by_number(session: Session, number: str) -> Account:
    """Return the account with this number or refuse clearly."""
    account = session.scalars(select(Account).where(Account.number == number)).one_or_none()
    if account is None:
        raise AccountUnavailable(f"no account numbered {number!r}")
    return account
