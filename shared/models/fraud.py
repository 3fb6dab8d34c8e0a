"""The fraud engine's memory (one row per observed act) and the cases its rules open."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.types import str_enum


class SignalKind(StrEnum):
    WITHDRAWAL = "withdrawal"
    TRANSFER = "transfer"
    BILL = "bill"
    WALLET_BIND = "wallet_bind"
    PIN_WRONG = "pin_wrong"
    PIN_OK = "pin_ok"  # the card holder is at this branch's kiosk
    CARD_ISSUED = "card_issued"
    PROFILE_VIEWED = "profile_viewed"


class CaseStatus(StrEnum):
    OPEN = "open"
    GENUINE = "genuine"  # closed: the customer (or colleague) was who and what they said
    FRAUD = "fraud"  # closed: confirmed fraud, handed on to the fraud team


class FraudSignal(Base):
    """One act the rules look back on: who, where, how much, to whom; never a biometric."""

    __tablename__ = "fraud_signal"
    __table_args__ = (
        Index("ix_fraud_signal_customer_at", "customer_id", "at"),
        Index("ix_fraud_signal_device_at", "device_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SignalKind] = mapped_column(str_enum(SignalKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("card.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Whom the money goes to (an account number, a biller, a wallet provider), or why a
    # card was issued ("renewal", "replacement").
    counterparty: Mapped[str] = mapped_column(String(64), default="")
    stepped_up: Mapped[bool] = mapped_column(default=False)


class FraudCase(Base):
    """A rule's hit for a person on the floor to look at; hits on one subject gather here."""

    __tablename__ = "fraud_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(48), index=True)
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus), default=CaseStatus.OPEN,
                                               index=True)
    step_up: Mapped[bool] = mapped_column(default=False)  # the act was sent to the counter
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # a staff look-up's
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("fraud_signal.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    hits: Mapped[int] = mapped_column(Integer, default=1)
    # The figures that made the rule fire (counts, windows, limits), shown to staff.
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_hit_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(String(240), default="")
