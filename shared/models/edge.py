"""What the centre has taken in from the branch edges (store and forward over NATS)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow


class EdgeEventIngested(Base):
    """One row per edge event applied at the centre, written in the same transaction as its
    effect: a redelivered or re-sent event finds its id here and is skipped."""

    __tablename__ = "edge_events_ingested"

    # The edge's event id, also its Nats-Msg-Id (so JetStream de-duplicates it first).
    event_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    branch: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
