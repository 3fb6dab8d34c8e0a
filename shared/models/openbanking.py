"""Consented data sharing with other banks (account information) and what it fetched."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import ConsentChannel
from shared.models.types import str_enum


class DataSharingConsent(Base):
    """A customer's consent to read their accounts at another bank (or to keep an imported
    statement): named scopes for a period. Revoking it deletes everything it fetched."""

    __tablename__ = "data_sharing_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    # The other bank, a key of the `openbanking.providers` settings, or "statement" for an
    # imported OFX/CSV file.
    provider: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[list] = mapped_column(JSON, default=list)  # accounts, balances, transactions
    text_version: Mapped[str] = mapped_column(String(32))
    channel: Mapped[ConsentChannel] = mapped_column(str_enum(ConsentChannel))
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The other bank's id of the account-access consent (its ConsentId).
    remote_consent_id: Mapped[str] = mapped_column(String(128), default="")
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last fetch's failure in words ("" after a good fetch); what was fetched before stays.
    last_error: Mapped[str] = mapped_column(String(400), default="")

    def active_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class ExternalAccount(Base):
    """An account at another bank, as its API (or a statement) describes it."""

    __tablename__ = "external_account"
    __table_args__ = (UniqueConstraint("consent_id", "remote_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(
        ForeignKey("data_sharing_consent.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    remote_id: Mapped[str] = mapped_column(String(64))  # AccountId, or the statement's account
    name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(32), default="")  # AccountSubType, lower case
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    # Last four of the account number or card: enough to tell accounts apart, no more.
    masked_identification: Mapped[str] = mapped_column(String(16), default="")
    balance_minor: Mapped[int | None] = mapped_column(BigInteger)
    balance_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExternalTransaction(Base):
    """One booked transaction of an external account; signed, money out negative."""

    __tablename__ = "external_transaction"
    __table_args__ = (UniqueConstraint("account_id", "remote_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("external_account.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    remote_id: Mapped[str] = mapped_column(String(128))  # TransactionId, FITID, or a row hash
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    description: Mapped[str] = mapped_column(String(240), default="")
    counterparty: Mapped[str] = mapped_column(String(120), default="")
    # How it moved, where the source says (direct_debit, standing_order, card_payment, ...).
    kind: Mapped[str] = mapped_column(String(32), default="")
