"""Customers, their preferences, staff notes, visits and foot-traffic counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import Tier, VisitSource
from shared.models.types import str_enum


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(20), unique=True)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80), index=True)
    preferred_name: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    # The language they want to be served in; "" when they have not said (a kiosk then
    # keeps its own language rather than switching everyone to English).
    language: Mapped[str] = mapped_column(String(16), default="")
    tier: Mapped[Tier] = mapped_column(str_enum(Tier), default=Tier.STANDARD)
    accessibility_needs: Mapped[str] = mapped_column(String(240), default="")
    home_branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    # Last time the customer was recognised or served; drives biometric retention.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    preferences: Mapped[list[CustomerPreference]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"


class CustomerPreference(Base):
    """One preference: drink, contact channel, interests, salary day and the like."""

    __tablename__ = "customer_preference"
    __table_args__ = (UniqueConstraint("customer_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(400))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="preferences")


class StaffNote(Base):
    __tablename__ = "staff_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Visit(Base):
    """One customer's visit to a branch, opened at most once per visit window."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    source: Mapped[VisitSource] = mapped_column(str_enum(VisitSource))
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    match_score: Mapped[float | None] = mapped_column()
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    greeted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purpose: Mapped[str] = mapped_column(String(240), default="")


class FootTrafficCount(Base):
    """People counted by a camera in one time bucket; holds no biometrics."""

    __tablename__ = "foot_traffic_count"
    __table_args__ = (UniqueConstraint("device_id", "bucket_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    bucket_start: Mapped[datetime] = mapped_column(UTCDateTime)
    people: Mapped[int] = mapped_column(Integer, default=0)
    identified: Mapped[int] = mapped_column(Integer, default=0)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
