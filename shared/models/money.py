"""Holds, kiosk cash sessions, billers and digital-wallet bindings (the ledger's companions)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.types import str_enum


class HoldState(StrEnum):
    ACTIVE = "active"
    RELEASED = "released"
    CAPTURED = "captured"


class CashKind(StrEnum):
    WITHDRAWAL = "withdrawal"
    DEPOSIT = "deposit"


class CashSessionState(StrEnum):
    # Withdrawal: authorised -> dispensing -> presented -> taken | retracted; or released.
    AUTHORISED = "authorised"
    DISPENSING = "dispensing"
    PRESENTED = "presented"
    TAKEN = "taken"
    RETRACTED = "retracted"
    RELEASED = "released"
    # Deposit: escrowed -> accepting -> accepted; or rolled back.
    ESCROWED = "escrowed"
    ACCEPTING = "accepting"
    ACCEPTED = "accepted"
    ROLLED_BACK = "rolled_back"
    # Either, after a crash with no known outcome, until the teller desk reconciles it.
    SUSPECT = "suspect"
    RECONCILED = "reconciled"


class WalletProvider(StrEnum):
    APPLE_PAY = "apple_pay"
    GOOGLE_PAY = "google_pay"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"


class WalletTokenStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Hold(Base):
    """Funds reserved on an account (counted in held_minor) until released or captured."""

    __tablename__ = "hold"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transaction.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[HoldState] = mapped_column(str_enum(HoldState), default=HoldState.ACTIVE)
    reason: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CashSession(Base):
    """A withdrawal or deposit at a kiosk: its persisted state, per-state times, device context."""

    __tablename__ = "cash_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CashKind] = mapped_column(str_enum(CashKind))
    state: Mapped[CashSessionState] = mapped_column(str_enum(CashSessionState), index=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transaction.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    # The kiosk (Device of kind kiosk) whose cash account the money moves against.
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), index=True)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("hold.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    # Denomination (minor units, as a string key) -> note count, as planned or counted.
    notes: Mapped[dict] = mapped_column(JSON, default=dict)
    # What the devices reported (completion codes, cassette ids), for the teller desk.
    device_context: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(240), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Withdrawal: dispense commanded; deposit: accept (stash) commanded.
    device_command_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    presented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspect_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reconciled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reconciled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The teller's finding: outcome, amount and the cassette/bin counts seen.
    reconciliation: Mapped[dict | None] = mapped_column(JSON)


class Biller(Base):
    """A company customers pay bills to; payments settle through the clearing account."""

    __tablename__ = "biller"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(32), default="bills")
    # A regular expression the customer's reference with this biller must match.
    reference_pattern: Mapped[str] = mapped_column(String(120), default=r"[A-Za-z0-9-]{4,24}")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WalletToken(Base):
    """A card or account bound to a digital wallet: consent, one-time code hash, token."""

    __tablename__ = "wallet_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    # Masked card (e.g. "**** 1234"); never the full number.
    card_reference: Mapped[str] = mapped_column(String(32), default="")
    provider: Mapped[WalletProvider] = mapped_column(str_enum(WalletProvider))
    status: Mapped[WalletTokenStatus] = mapped_column(
        str_enum(WalletTokenStatus), default=WalletTokenStatus.PENDING, index=True
    )
    consent_text_version: Mapped[str] = mapped_column(String(32))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    # Salted hash of the one-time code shown at the kiosk; the code itself is never stored.
    code_hash: Mapped[str] = mapped_column(String(128))
    code_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    token_reference: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoke_reason: Mapped[str] = mapped_column(String(240), default="")
