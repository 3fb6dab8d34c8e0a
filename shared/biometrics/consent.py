"""Biometric consent: give it, look it up, withdraw it (erasing the templates it allowed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor, record
from shared.db.base import utcnow
from shared.events.bus import EventBus
from shared.events.payloads import ConsentWithdrawn, Event
from shared.models import BiometricTemplate, Consent, Customer, TemplateCandidate
from shared.models.enums import ActorType, ConsentChannel, ConsentPurpose, Modality


class ConsentError(ValueError):
    """A consent operation cannot be done (unknown customer, nothing to withdraw)."""


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal did, and the event to publish once the transaction commits."""

    customer_id: int
    modality: Modality
    consents_ended: int
    templates_deleted: int
    event: Event


def active_consent(
    session: Session,
    customer_id: int,
    modality: Modality,
    purpose: ConsentPurpose = ConsentPurpose.BIOMETRIC_IDENTIFICATION,
) -> Consent | None:
    """Return the customer's active consent for the modality, or None."""
    return session.scalars(
        select(Consent)
        .where(
            Consent.customer_id == customer_id,
            Consent.modality == modality,
            Consent.purpose == purpose,
            Consent.withdrawn_at.is_(None),
        )
        .order_by(Consent.given_at.desc(), Consent.id.desc())
        .limit(1)
    ).first()


def consenting_customer_ids(modality: Modality):
    """Return a SELECT of the ids of customers with an active consent for the modality."""
    return select(Consent.customer_id).where(
        Consent.modality == modality,
        Consent.purpose == ConsentPurpose.BIOMETRIC_IDENTIFICATION,
        Consent.withdrawn_at.is_(None),
    )


def give_consent(
    session: Session,
    customer_id: int,
    modality: Modality,
    text_version: str,
    channel: ConsentChannel,
    witness_id: int | None = None,
    branch_id: int | None = None,
    purpose: ConsentPurpose = ConsentPurpose.BIOMETRIC_IDENTIFICATION,
) -> Consent:
    """Record a consent; an active one for the same text version is returned unchanged."""
    if session.get(Customer, customer_id) is None:
        raise ConsentError(f"no customer with id {customer_id}")
    current = active_consent(session, customer_id, modality, purpose)
    if current is not None and current.text_version == text_version:
        return current
    now = utcnow()
    if current is not None:
        # A newer consent text supersedes the old record; the templates stay allowed.
        current.withdrawn_at = now
    consent = Consent(
        customer_id=customer_id,
        purpose=purpose,
        modality=modality,
        text_version=text_version,
        channel=channel,
        witness_id=witness_id,
        branch_id=branch_id,
        given_at=now,
    )
    session.add(consent)
    session.flush()
    if current is not None:
        session.execute(
            BiometricTemplate.__table__.update()
            .where(BiometricTemplate.consent_id == current.id)
            .values(consent_id=consent.id)
        )
    actor = Actor(ActorType.STAFF, witness_id) if witness_id else SYSTEM
    record(
        session, actor, "consent.given", subject_type="customer", subject_id=customer_id,
        detail={"consent_id": consent.id, "modality": str(modality),
                "text_version": text_version, "channel": str(channel), "branch_id": branch_id},
    )
    return consent


def withdraw_consent(
    session: Session,
    customer_id: int,
    modality: Modality,
    actor: Actor,
    branch_id: int = 0,
    reason: str = "",
    bus: EventBus | None = None,
) -> Withdrawal:
    """End the consent and delete the customer's templates of the modality, audited.

    The returned event must reach every process only after commit: pass `bus` to have it
    queued with publish_after_commit, or publish `Withdrawal.event` yourself after commit.
    """
    now = utcnow()
    consents = session.scalars(
        select(Consent).where(
            Consent.customer_id == customer_id,
            Consent.modality == modality,
            Consent.withdrawn_at.is_(None),
        )
    ).all()
    for consent in consents:
        consent.withdrawn_at = now
        consent.withdrawn_by_id = actor.id if actor.type == ActorType.STAFF else None
    deleted = session.execute(
        delete(BiometricTemplate).where(
            BiometricTemplate.customer_id == customer_id,
            BiometricTemplate.modality == modality,
        )
    ).rowcount or 0
    # Frames held for a confirmation go too: nothing of the face outlives the consent.
    deleted += session.execute(
        delete(TemplateCandidate).where(
            TemplateCandidate.customer_id == customer_id,
            TemplateCandidate.modality == modality,
        )
    ).rowcount or 0
    session.flush()
    record(
        session, actor, "consent.withdrawn", subject_type="customer", subject_id=customer_id,
        reason=reason,
        detail={"modality": str(modality), "consents_ended": len(consents),
                "templates_deleted": deleted},
    )
    event = Event(branch_id=branch_id, payload=ConsentWithdrawn(customer_id, str(modality)))
    if bus is not None:
        from shared.events.after_commit import publish_after_commit

        publish_after_commit(session, bus, event)
    return Withdrawal(customer_id, modality, len(consents), deleted, event)
