"""Consents and the biometric templates they permit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import Base, UTCDateTime, utcnow
from shared.models.enums import ConsentChannel, ConsentPurpose, Modality
from shared.models.types import str_enum


class Consent(Base):
    """A customer's consent to one biometric purpose and modality; active until withdrawn."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(str_enum(ConsentPurpose))
    modality: Mapped[Modality] = mapped_column(str_enum(Modality))
    text_version: Mapped[str] = mapped_column(String(32))
    channel: Mapped[ConsentChannel] = mapped_column(str_enum(ConsentChannel))
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class BiometricTemplate(Base):
    """An encrypted template, MAC-bound to customer, modality, model version and vector."""

    __tablename__ = "biometric_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consent.id"))
    modality: Mapped[Modality] = mapped_column(str_enum(Modality))
    model_version: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    quality: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set on a template learned from a visit a relationship manager confirmed (undoable).
    learned_from_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))


class TemplateCandidate(Base):
    """A consenting customer's best door frame of one visit, sealed, kept until the visit is
    confirmed (it becomes a template) or it expires; erased with the consent."""

    __tablename__ = "template_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consent.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), unique=True)
    modality: Mapped[Modality] = mapped_column(str_enum(Modality))
    model_version: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    quality: Mapped[float] = mapped_column(default=0.0)
    distance: Mapped[float] = mapped_column(default=0.0)  # to the customer, when matched
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
