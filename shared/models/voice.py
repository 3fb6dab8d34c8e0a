"""The spoken challenge: a random phrase issued once, answered once, within a time limit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class VoiceChallenge(Base):
    """A phrase shown at a kiosk for a claimed customer to say; `outcome` once answered.

    `phrase` is the whole phrase ("pencil 7 left 2 9 4"), `digits` its digits alone; rows
    from before phrases (migration 0007) have no phrase and ask for their digits.
    """

    __tablename__ = "voice_challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    digits: Mapped[str] = mapped_column(String(16))
    phrase: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))
