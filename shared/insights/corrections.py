"""A relationship manager's category for one transaction: kept, shown instead of the
model's, and used at the next training (`smartbranch insights train`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.i18n.text import N_, Text
from shared.insights.sources import narrative
from shared.insights.store import mark_stale
from shared.insights.taxonomy import KEYS
from shared.models import (
    Account,
    CategoryCorrection,
    ExternalTransaction,
    LedgerTransaction,
    Posting,
)
from shared.models.enums import ActorType


class CorrectionError(ValueError):
    """A correction that cannot be kept; the message says why."""


def _transaction_of(session: Session, customer_id: int, ref: str) -> tuple[str, int]:
    """(the text the categoriser reads, signed amount as the customer saw it) of one of
    their transactions: a correction trains on exactly what the model was shown."""
    source, _, raw = ref.partition(":")
    if raw.isdigit() and source == "ledger":
        row = session.execute(
            select(LedgerTransaction.description, LedgerTransaction.counterparty,
                   Posting.amount_minor)
            .join(Posting, Posting.transaction_id == LedgerTransaction.id)
            .join(Account, Account.id == Posting.account_id)
            .where(LedgerTransaction.id == int(raw), Account.customer_id == customer_id)
            .order_by(Posting.amount_minor)  # the paying leg of an own transfer
        ).first()
        if row is not None:
            return narrative(row.description, row.counterparty), row.amount_minor
    elif raw.isdigit() and source == "external":
        row = session.get(ExternalTransaction, int(raw))
        if row is not None and row.customer_id == customer_id:
            return narrative(row.description, row.counterparty), row.amount_minor
    raise CorrectionError(N_("that transaction is not this customer's"))


def correct_category(session: Session, customer_id: int, ref: str, category: str,
                     staff_id: int, now: datetime) -> CategoryCorrection:
    """Keep the category a relationship manager chose for a transaction, audited."""
    if category not in KEYS:
        raise CorrectionError(Text("unknown category %(category)s", category=category))
    description, amount = _transaction_of(session, customer_id, ref)
    row = session.scalar(select(CategoryCorrection).where(CategoryCorrection.ref == ref))
    old = row.category if row else None
    if row is None:
        row = CategoryCorrection(ref=ref, customer_id=customer_id, description=description[:240],
                                 amount_minor=amount, category=category, staff_id=staff_id,
                                 created_at=now)
        session.add(row)
    else:
        row.category, row.staff_id, row.created_at = category, staff_id, now
    session.flush()
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "insights.category_corrected",
                 subject_type="customer", subject_id=customer_id,
                 detail={"ref": ref, "old": old, "new": category})
    mark_stale(session, customer_id, now)
    return row


def training_corrections(session: Session) -> list[CategoryCorrection]:
    """Every kept correction (each has `description`, `amount_minor`, `category`)."""
    return list(session.scalars(select(CategoryCorrection).order_by(CategoryCorrection.id)))
