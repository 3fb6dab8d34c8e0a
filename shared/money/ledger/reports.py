"""What the ledger tells people: an account's mini statement, and every broken invariant."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.models import Account, LedgerTransaction, Posting
from shared.models.money import Hold, HoldState
from shared.money.ledger.accounts import available_minor


def mini_statement(session: Session, account_id: int, limit: int = 10) -> list[dict]:
    """Return the account's latest postings, newest first, with their descriptions."""
    rows = session.execute(
        select(Posting.amount_minor, Posting.posted_at, LedgerTransaction.description,
               LedgerTransaction.kind, LedgerTransaction.id)
        .join(LedgerTransaction, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id == account_id)
        .order_by(Posting.id.desc())
        .limit(limit)
    ).all()
    return [{"transaction_id": r.id, "kind": r.kind, "description": r.description,
             "amount_minor": r.amount_minor, "posted_at": r.posted_at.isoformat()}
            for r in rows]


def find_inconsistencies(session: Session, account_ids: Iterable[int] | None = None) -> list[str]:
    """List every broken ledger invariant (balances, holds, unbalanced transactions)."""
    problems: list[str] = []
    sums = dict(session.execute(
        select(Posting.account_id, func.coalesce(func.sum(Posting.amount_minor), 0))
        .group_by(Posting.account_id)
    ).all())
    held = dict(session.execute(
        select(Hold.account_id, func.sum(Hold.amount_minor))
        .where(Hold.state == HoldState.ACTIVE).group_by(Hold.account_id)
    ).all())
    query = select(Account)
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    for account in session.scalars(query.execution_options(populate_existing=True)):
        if account.balance_minor != sums.get(account.id, 0):
            problems.append(f"account {account.number}: balance {account.balance_minor} "
                            f"!= postings {sums.get(account.id, 0)}")
        if account.held_minor != held.get(account.id, 0):
            problems.append(f"account {account.number}: held {account.held_minor} "
                            f"!= active holds {held.get(account.id, 0)}")
        available = available_minor(account)
        if available is not None and available < 0:
            problems.append(f"account {account.number}: overdrawn past its limit")
    for tx_id, total in session.execute(
        select(Posting.transaction_id, func.sum(Posting.amount_minor))
        .group_by(Posting.transaction_id).having(func.sum(Posting.amount_minor) != 0)
    ):
        problems.append(f"transaction {tx_id}: postings sum to {total}")
    return problems
