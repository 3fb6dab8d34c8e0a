"""Payment cards: the PAN only as a keyed hash plus its last four digits."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.types import str_enum


class CardStatus(StrEnum):
    ACTIVE = "active"
    RETAINED = "retained"  # kept by a kiosk after too many wrong PINs
    BLOCKED = "blocked"


class Card(Base):
    """A debit card linked to one account; PIN checked against a keyed hash, never stored."""

    __tablename__ = "card"

    id: Mapped[int] = mapped_column(primary_key=True)
    # HMAC-SHA256 of the PAN under kiosk.pan_key: lookup without storing the number.
    pan_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pan_last4: Mapped[str] = mapped_column(String(4))
    expires_on: Mapped[date] = mapped_column(Date)  # the last day of the expiry month
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    status: Mapped[CardStatus] = mapped_column(str_enum(CardStatus), default=CardStatus.ACTIVE)
    failed_pin_count: Mapped[int] = mapped_column(Integer, default=0)
    # HMAC-SHA256 of PAN and PIN under kiosk.pin_verification_key (outside the database).
    pin_verification_value: Mapped[str] = mapped_column(String(64))
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retained_by_device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
