"""What the insight engine reads about one customer: their accounts and a year and more of
movements, ours from the ledger and theirs fetched from other banks under an active consent.

A transaction between two of the customer's own accounts is an own transfer on both legs,
except a mortgage or loan payment: the paying leg is housing or a repayment (money that
left them), the leg on the mortgage or loan is the debt going down (an own transfer), so
no payment counts as both income and spending.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.insights.movements import Movement
from shared.models import (
    Account,
    DataSharingConsent,
    ExternalAccount,
    ExternalTransaction,
    LedgerTransaction,
    Posting,
)
from shared.models.enums import AccountKind

# Long enough to see an annual payment twice (the streams need two); the spending figures
# use their own, shorter windows.
LOOKBACK = timedelta(days=400)
# The category of the paying leg of a transfer to the customer's own account of this kind.
_PAID_TO_OWN = {AccountKind.MORTGAGE: "housing", AccountKind.LOAN: "repayments"}


@dataclass(frozen=True, slots=True)
class AccountView:
    """One account as the insights see it: ours or at another bank."""

    key: str  # "ours:<id>" or "external:<id>"
    name: str
    kind: str  # an AccountKind value, or the other bank's account sub-type
    currency: str
    balance_minor: int | None
    # How far under zero it may go: the overdraft, or a card's limit (0 when unknown).
    limit_minor: int
    ours: bool
    last4: str


@dataclass(frozen=True, slots=True)
class CustomerData:
    customer_id: int
    accounts: tuple[AccountView, ...]
    movements: tuple[Movement, ...]  # in time order; own transfers already categorised


def narrative(description: str, counterparty: str) -> str:
    """The text the categoriser reads: the description, with the payee where it is not in it."""
    if counterparty and counterparty.lower() not in description.lower():
        return f"{description} {counterparty}".strip()
    return description


def _our_accounts(session: Session, customer_id: int) -> list[Account]:
    return list(session.scalars(
        select(Account).where(Account.customer_id == customer_id, Account.closed_at.is_(None))
        .order_by(Account.id)))


def _ledger_movements(session: Session, accounts: list[Account], since: datetime) -> list[Movement]:
    if not accounts:
        return []
    by_id = {a.id: a for a in accounts}
    rows = session.execute(
        select(LedgerTransaction.id, LedgerTransaction.created_at, LedgerTransaction.kind,
               LedgerTransaction.description, LedgerTransaction.counterparty,
               Posting.account_id, Posting.amount_minor)
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id.in_(by_id), LedgerTransaction.created_at >= since,
               LedgerTransaction.kind != "opening_balance")
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id, Posting.id)
    ).all()
    legs: dict[int, list] = defaultdict(list)
    for row in rows:
        legs[row.id].append(row)
    movements = []
    for tx_legs in legs.values():
        own = len(tx_legs) > 1  # both legs on this customer's accounts
        kinds = {by_id[leg.account_id].kind for leg in tx_legs}
        for leg in tx_legs:
            category = ""
            if own:
                paid_to = next((_PAID_TO_OWN[k] for k in kinds if k in _PAID_TO_OWN), None)
                category = (paid_to if paid_to and leg.amount_minor < 0
                            and by_id[leg.account_id].kind not in _PAID_TO_OWN
                            else "own_transfer")
            movements.append(Movement(
                at=leg.created_at, amount_minor=leg.amount_minor,
                currency=by_id[leg.account_id].currency,
                description=narrative(leg.description, leg.counterparty),
                counterparty=leg.counterparty, account=f"ours:{leg.account_id}",
                kind=leg.kind, category=category, ref=f"ledger:{leg.id}"))
    return movements


def _external(session: Session, customer_id: int, now: datetime, since: datetime):
    """The customer's accounts and movements at other banks under a consent still active."""
    accounts = session.scalars(
        select(ExternalAccount)
        .join(DataSharingConsent, DataSharingConsent.id == ExternalAccount.consent_id)
        .where(ExternalAccount.customer_id == customer_id,
               DataSharingConsent.revoked_at.is_(None), DataSharingConsent.expires_at > now)
        .order_by(ExternalAccount.id)).all()
    if not accounts:
        return [], []
    rows = session.scalars(
        select(ExternalTransaction)
        .where(ExternalTransaction.account_id.in_([a.id for a in accounts]),
               ExternalTransaction.booked_at >= since)
        .order_by(ExternalTransaction.booked_at, ExternalTransaction.id)).all()
    movements = [Movement(at=t.booked_at, amount_minor=t.amount_minor, currency=t.currency,
                          description=narrative(t.description, t.counterparty),
                          counterparty=t.counterparty, account=f"external:{t.account_id}",
                          kind=t.kind, ref=f"external:{t.id}") for t in rows]
    views = [AccountView(f"external:{a.id}", a.name, a.kind, a.currency, a.balance_minor, 0,
                         False, a.masked_identification[-4:]) for a in accounts]
    return views, movements


def customer_data(session: Session, customer_id: int, now: datetime) -> CustomerData:
    """Read everything the insights of one customer are computed from."""
    since = now - LOOKBACK
    ours = _our_accounts(session, customer_id)
    views = [AccountView(f"ours:{a.id}", a.name, str(a.kind), a.currency, a.balance_minor,
                         a.overdraft_limit_minor, True, a.number[-4:]) for a in ours]
    movements = _ledger_movements(session, ours, since)
    external_views, external_movements = _external(session, customer_id, now, since)
    movements = sorted(movements + external_movements, key=lambda m: m.at)
    return CustomerData(customer_id, tuple(views + external_views), tuple(movements))
