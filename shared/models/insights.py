"""What the insight engine keeps: staff category corrections, the precomputed insights of
each customer, and the outbox of warnings a real sender would drain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class CategoryCorrection(Base):
    """A relationship manager's category for one transaction; wins over the model and is
    used at the next training (the text and amount are kept for that)."""

    __tablename__ = "category_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)  # "ledger:<id>", "external:<id>"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    description: Mapped[str] = mapped_column(String(240))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(32))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CustomerInsight(Base):
    """A customer's insights, computed ahead (as transactions arrive and nightly) so the
    arrival card never waits on a model. `stale_since` is set when new data arrives."""

    __tablename__ = "customer_insight"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stale_since: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class Notification(Base):
    """A message to a customer, waiting in the outbox for a sender; at most one per
    `dedupe_key` (one warning per low-balance event)."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # email, sms, app, post
    kind: Mapped[str] = mapped_column(String(32))  # low_balance, ...
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
