"""Accounts as the ledger reads them: found by number, locked in order, what they may spend."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.i18n.text import Text
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
        raise AccountUnavailable(Text("no such account: %(account)s", account=missing[0]))
    return accounts


def available_minor(account: Account) -> int | None:
    """Return what the account may still spend, or None when it may run negative."""
    if account.allow_negative:
        return None
    return account.balance_minor - account.held_minor + account.overdraft_limit_minor


def check_open(account: Account, currency: str) -> None:
    """Refuse a closed account, or one in another currency than the transaction's."""
    if account.closed_at is not None:
        raise AccountUnavailable(Text("account %(number)s is closed", number=account.number))
    if account.currency != currency:
        raise AccountUnavailable(Text("account %(number)s is in %(currency)s, not %(wanted)s",
                                      number=account.number, currency=account.currency,
                                      wanted=currency))


def account_by_number(session: Session, number: str) -> Account:
    """Return the account with this number or refuse clearly."""
    account = session.scalars(select(Account).where(Account.number == number)).one_or_none()
    if account is None:
        raise AccountUnavailable(Text("no account numbered %(number)s", number=repr(number)))
    return account
