"""Queue tickets for the counter and the append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import ActorType, TicketStatus
from shared.models.types import str_enum


class QueueTicket(Base):
    """A counter ticket carrying what the customer was doing when they asked for a person."""

    __tablename__ = "queue_ticket"
    __table_args__ = (UniqueConstraint("branch_id", "service_day", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    service_day: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, numbering restarts daily
    number: Mapped[str] = mapped_column(String(8))
    service: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(64))
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[TicketStatus] = mapped_column(
        str_enum(TicketStatus), default=TicketStatus.WAITING, index=True
    )
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    counter: Mapped[str] = mapped_column(String(16), default="")
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[str] = mapped_column(String(240), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """An append-only, hash-chained record; the database refuses updates and deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_type: Mapped[ActorType] = mapped_column(str_enum(ActorType))
    actor_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32), default="")
    subject_id: Mapped[int | None] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(240), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
