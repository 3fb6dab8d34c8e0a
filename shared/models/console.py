"""What staff did with an arrival: claims, greetings, hand-overs and escalations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.types import str_enum


class ArrivalAction(StrEnum):
    CLAIMED = "claimed"
    GREETED = "greeted"
    HANDED_OVER = "handed_over"
    ESCALATED = "escalated"


class ArrivalEvent(Base):
    """One step in an arrival's life on the floor; the visit row holds the current state."""

    __tablename__ = "arrival_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    action: Mapped[ArrivalAction] = mapped_column(str_enum(ArrivalAction))
    # Who acted (None for the system's escalation) and, for a hand-over, to whom.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    to_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(String(240), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
