"""Insights computed ahead: read by the card, marked stale when new data arrives, saved by
the refresher. The card never computes: it reads what is here (or nothing yet)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, func, insert, literal, select, update
from sqlalchemy.orm import Session

from shared.models import Account, Customer, CustomerInsight, Posting

# Bumped when the payload's shape changes: an older payload is recomputed, never misread.
PAYLOAD_VERSION = 1


def stored_insights(session: Session, customer_id: int) -> dict | None:
    """The customer's last computed insights, or None (never computed, or an old shape)."""
    row = session.get(CustomerInsight, customer_id)
    if row is None or row.version != PAYLOAD_VERSION:
        return None
    return row.payload


def mark_stale(session: Session, customer_id: int, now: datetime) -> None:
    """Ask for the customer's insights to be recomputed (their data changed)."""
    row = session.get(CustomerInsight, customer_id)
    if row is None:
        session.add(CustomerInsight(customer_id=customer_id, computed_at=now, stale_since=now,
                                    version=0, payload={}))
    elif row.stale_since is None:
        row.stale_since = now
    session.flush()


def save_insights(session: Session, customer_id: int, payload: dict, now: datetime,
                  read_at: datetime) -> None:
    """Store freshly computed insights; a customer marked stale after `read_at` stays stale."""
    row = session.get(CustomerInsight, customer_id)
    if row is None:
        row = CustomerInsight(customer_id=customer_id)
        session.add(row)
    row.payload, row.version, row.computed_at = payload, PAYLOAD_VERSION, now
    if row.stale_since is None or row.stale_since <= read_at:
        row.stale_since = None
    session.flush()


def stale_customers(session: Session, limit: int) -> list[int]:
    """Customers waiting for a recompute, longest-waiting first."""
    return list(session.scalars(
        select(CustomerInsight.customer_id).where(CustomerInsight.stale_since.is_not(None))
        .order_by(CustomerInsight.stale_since, CustomerInsight.customer_id).limit(limit)))


def newest_posting_id(session: Session) -> int:
    return session.scalar(select(func.max(Posting.id))) or 0


def customers_with_postings_after(session: Session, posting_id: int) -> tuple[list[int], int]:
    """Customers with a posting newer than `posting_id`, and the newest posting id seen:
    how the refresher learns of transactions as they arrive without the ledger knowing it."""
    newest = newest_posting_id(session)
    if newest <= posting_id:
        return [], posting_id
    customers = session.scalars(
        select(Account.customer_id).distinct().join(Posting, Posting.account_id == Account.id)
        .where(Posting.id > posting_id, Posting.id <= newest,
               Account.customer_id.is_not(None))).all()
    return sorted(customers), newest


def mark_all_stale(session: Session, now: datetime) -> int:
    """The nightly pass: every customer waits for a recompute (dates moved on), including
    customers never computed; returns how many were marked."""
    missing = select(Customer.id, literal(now), literal(now), literal(0), literal({}, JSON)).where(
        ~select(CustomerInsight.customer_id).where(
            CustomerInsight.customer_id == Customer.id).exists())
    added = session.execute(insert(CustomerInsight).from_select(
        ["customer_id", "computed_at", "stale_since", "version", "payload"], missing))
    marked = session.execute(update(CustomerInsight).where(CustomerInsight.stale_since.is_(None))
                             .values(stale_since=now))
    return (added.rowcount or 0) + (marked.rowcount or 0)
