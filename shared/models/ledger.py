"""Accounts and the double-entry ledger, in integer minor units."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import AccountKind, TransactionState
from shared.models.types import str_enum


class Account(Base):
    """A customer's account or an internal one (clearing, branch cash, suspense)."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(34), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind))
    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    # Maintained by the ledger service in the same transaction as the postings; it
    # must always equal the sum of the account's postings (a test checks it).
    balance_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    held_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    overdraft_limit_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Internal accounts may run negative (an external clearing account mirrors the world).
    allow_negative: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LedgerTransaction(Base):
    """One money movement: its postings sum to zero; money requests carry an idempotency key."""

    __tablename__ = "ledger_transaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    request_hash: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32), default="", index=True)
    description: Mapped[str] = mapped_column(String(240), default="")
    counterparty: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[TransactionState] = mapped_column(
        str_enum(TransactionState), default=TransactionState.POSTED
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    # The first answer, returned again when the same key is replayed.
    response: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    postings: Mapped[list[Posting]] = relationship(back_populates="transaction")


class Posting(Base):
    """One leg of a transaction; never edited, only added."""

    __tablename__ = "posting"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transaction.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    transaction: Mapped[LedgerTransaction] = relationship(back_populates="postings")
