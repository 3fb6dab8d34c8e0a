"""Kiosk leases: which agent process drives a kiosk now, under which fencing token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class KioskLease(Base):
    """One row per kiosk ever leased; the token only grows, so a stale holder is told apart."""

    __tablename__ = "kiosk_leases"

    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True)
    # Who holds it: "host:pid:random" (shared.devices.leases.holder_name).
    holder: Mapped[str] = mapped_column(String(200))
    # The fencing token: +1 each time the lease changes hands (never reused, never reset).
    token: Mapped[int] = mapped_column(BigInteger)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Released leases are expired now; the row (and its token) stays.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
