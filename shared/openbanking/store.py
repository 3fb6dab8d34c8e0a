"""Write what a consent fetched (or a statement held) into ExternalAccount and
ExternalTransaction: accounts upserted by their remote id, transactions added once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import DataSharingConsent, ExternalAccount, ExternalTransaction
from shared.openbanking.records import AccountData, RemoteTransaction

REMOTE_ID_MAX = 128


@dataclass(frozen=True)
class Saved:
    """What one save did."""

    accounts: int
    new_accounts: int
    new_transactions: int
    duplicates: int  # transactions already stored (or repeated in the data), not added again


def _remote_id(transaction_id: str) -> str:
    # A TransactionId may be up to 210 characters; a longer one is kept as its hash.
    if len(transaction_id) <= REMOTE_ID_MAX:
        return transaction_id
    return "sha256:" + hashlib.sha256(transaction_id.encode()).hexdigest()


def save_accounts(session: Session, consent: DataSharingConsent,
                  data: Iterable[AccountData]) -> Saved:
    """Upsert the accounts and add the booked transactions not stored yet, in one savepoint
    (a failure part-way leaves nothing of this save behind)."""
    accounts = new_accounts = new_transactions = duplicates = 0
    with session.begin_nested():
        # Two saves of one consent at once would both add the same rows: take turns.
        session.execute(select(DataSharingConsent.id)
                        .where(DataSharingConsent.id == consent.id).with_for_update())
        existing = {a.remote_id: a for a in session.scalars(
            select(ExternalAccount).where(ExternalAccount.consent_id == consent.id))}
        for item in data:
            accounts += 1
            remote = item.account
            row = existing.get(remote.account_id)
            if row is None:
                row = ExternalAccount(consent_id=consent.id, customer_id=consent.customer_id,
                                      remote_id=remote.account_id)
                session.add(row)
                existing[remote.account_id] = row
                new_accounts += 1
            row.name = remote.name[:120]
            row.kind = remote.kind[:32]
            row.currency = remote.currency
            row.masked_identification = remote.masked_identification[-16:]
            if item.balance is not None and item.balance.currency == remote.currency:
                row.balance_minor = item.balance.amount_minor
                row.balance_at = item.balance.at
            session.flush()
            added, repeated = _add_transactions(session, consent, row, item.transactions)
            new_transactions += added
            duplicates += repeated
        session.flush()
    return Saved(accounts, new_accounts, new_transactions, duplicates)


def _add_transactions(session: Session, consent: DataSharingConsent, row: ExternalAccount,
                      transactions: Iterable[RemoteTransaction]) -> tuple[int, int]:
    known = set(session.scalars(select(ExternalTransaction.remote_id)
                                .where(ExternalTransaction.account_id == row.id)))
    added = repeated = 0
    for t in transactions:
        if not t.booked:
            continue  # a pending one may still change or vanish; it is kept once booked
        remote_id = _remote_id(t.transaction_id)
        if remote_id in known:
            repeated += 1
            continue
        known.add(remote_id)
        session.add(ExternalTransaction(
            account_id=row.id, customer_id=consent.customer_id, remote_id=remote_id,
            booked_at=t.booked_at, amount_minor=t.amount_minor, currency=t.currency,
            description=t.description[:240], counterparty=t.counterparty[:120],
            kind=t.kind[:32]))
        added += 1
    return added, repeated
