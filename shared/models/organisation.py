"""Areas, branches, staff and devices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import DeviceKind, DeviceStatus, PrivacyMode, Role
from shared.models.types import str_enum


class Area(Base):
    """A group of branches one area manager covers (their dashboard compares them)."""

    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    branches: Mapped[list[Branch]] = relationship(back_populates="area")


class Branch(Base):
    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(240), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    privacy_mode: Mapped[PrivacyMode] = mapped_column(
        str_enum(PrivacyMode), default=PrivacyMode.AMBIENT
    )
    # A branch in no area is seen by its own branch manager only.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area | None] = relationship(back_populates="branches")
    staff: Mapped[list[Staff]] = relationship(back_populates="branch")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on sign-out or role change: sessions and sockets carrying an older value end.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_signin_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    branch: Mapped[Branch] = relationship(back_populates="staff")


class Device(Base):
    """A kiosk, camera or peripheral; peripherals name their kiosk as parent."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[DeviceKind] = mapped_column(str_enum(DeviceKind))
    name: Mapped[str] = mapped_column(String(120))
    driver: Mapped[str] = mapped_column(String(64), default="simulator")
    status: Mapped[DeviceStatus] = mapped_column(str_enum(DeviceStatus), default=DeviceStatus.OK)
    status_detail: Mapped[str] = mapped_column(String(240), default="")
    # Hash of the device's bearer token (kiosks authenticate as devices, not staff).
    token_hash: Mapped[str | None] = mapped_column(String(255))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
