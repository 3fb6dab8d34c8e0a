"""Templates that learn, with consent: a confirmed visit's best door frame joins the gallery.

The door holds the best frame of a clear match (sealed, like a template) only for a customer
with an active face consent; a relationship manager who marks the arrival greeted confirms
who it was, and the frame becomes a template (`learned_from_visit_id`), the oldest learned
one going beyond `max_learned`. Enrolment templates are never dropped. A wrong confirmation
is undone at the 360 (`unlearn_visit`); every step is audited; an unconfirmed frame is
erased when it expires, and everything with the consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.audit import Actor, record
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import active_consent
from shared.db.base import utcnow
from shared.events import Event, EventBus, TemplatesEnrolled
from shared.events.after_commit import publish_after_commit
from shared.models import BiometricTemplate, TemplateCandidate, Visit
from shared.models.enums import Modality
from shared.settings import TemplateLearningSettings


@dataclass(frozen=True)
class LearnedTemplate:
    """One learned template as the 360 lists it."""

    template_id: int
    visit_id: int
    learned_at: datetime


def hold_candidate(session: Session, cipher: TemplateCipher, visit_id: int, customer_id: int,
                   vector: np.ndarray, *, quality: float, distance: float,
                   model_version: str, cfg: TemplateLearningSettings,
                   now: datetime | None = None) -> int | None:
    """Seal the visit's best frame for later confirmation; None if not consenting or held."""
    consent = active_consent(session, customer_id, Modality.FACE)
    if not cfg.enabled or consent is None:
        return None
    if session.scalar(select(TemplateCandidate.id).where(
            TemplateCandidate.visit_id == visit_id)) is not None:
        return None
    now = now or utcnow()
    purge_candidates(session, now)  # every new frame clears the unconfirmed old ones
    sealed = cipher.seal(vector, customer_id, Modality.FACE, model_version)
    row = TemplateCandidate(
        customer_id=customer_id, consent_id=consent.id, visit_id=visit_id,
        modality=Modality.FACE, model_version=model_version, nonce=sealed.nonce,
        ciphertext=sealed.ciphertext, mac=sealed.mac, quality=float(quality),
        distance=float(distance), created_at=now,
        expires_at=now + timedelta(hours=cfg.candidate_hours))
    session.add(row)
    session.flush()
    return row.id


def learn_from_visit(session: Session, visit_id: int, actor: Actor,
                     cfg: TemplateLearningSettings, bus: EventBus | None = None,
                     now: datetime | None = None) -> int | None:
    """Make the confirmed visit's held frame a template; the new template's id, or None."""
    now = now or utcnow()
    candidate = session.scalar(select(TemplateCandidate).where(
        TemplateCandidate.visit_id == visit_id))
    if candidate is None:
        return None
    session.delete(candidate)
    consent = active_consent(session, candidate.customer_id, Modality.FACE)
    if not cfg.enabled or consent is None or candidate.expires_at < now:
        session.flush()
        return None
    template = BiometricTemplate(
        customer_id=candidate.customer_id, consent_id=consent.id, modality=Modality.FACE,
        model_version=candidate.model_version, nonce=candidate.nonce,
        ciphertext=candidate.ciphertext, mac=candidate.mac, quality=candidate.quality,
        created_at=now, learned_from_visit_id=visit_id)
    session.add(template)
    session.flush()
    dropped = _drop_oldest_learned(session, candidate.customer_id, cfg.max_learned)
    record(session, actor, "biometrics.template_learned", subject_type="customer",
           subject_id=candidate.customer_id,
           detail={"visit_id": visit_id, "template_id": template.id,
                   "distance": round(candidate.distance, 4), "dropped": dropped})
    _announce(session, bus, visit_id, candidate.customer_id)
    return template.id


def _drop_oldest_learned(session: Session, customer_id: int, keep: int) -> list[int]:
    learned = session.scalars(select(BiometricTemplate.id).where(
        BiometricTemplate.customer_id == customer_id,
        BiometricTemplate.modality == Modality.FACE,
        BiometricTemplate.learned_from_visit_id.is_not(None))
        .order_by(BiometricTemplate.created_at.desc(), BiometricTemplate.id.desc())).all()
    dropped = list(learned[keep:])
    if dropped:
        session.execute(delete(BiometricTemplate).where(BiometricTemplate.id.in_(dropped)))
    return dropped


def unlearn_visit(session: Session, customer_id: int, visit_id: int, actor: Actor,
                  reason: str, bus: EventBus | None = None) -> int:
    """Undo what a visit taught: delete its learned template and held frame; the count."""
    deleted = session.execute(delete(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer_id,
        BiometricTemplate.learned_from_visit_id == visit_id)).rowcount or 0
    deleted += session.execute(delete(TemplateCandidate).where(
        TemplateCandidate.customer_id == customer_id,
        TemplateCandidate.visit_id == visit_id)).rowcount or 0
    session.flush()
    record(session, actor, "biometrics.template_unlearned", subject_type="customer",
           subject_id=customer_id, reason=reason[:240],
           detail={"visit_id": visit_id, "deleted": deleted})
    if deleted:
        _announce(session, bus, visit_id, customer_id)
    return deleted


def learned_templates(session: Session, customer_id: int) -> list[LearnedTemplate]:
    """The customer's learned face templates, newest first."""
    rows = session.execute(select(
        BiometricTemplate.id, BiometricTemplate.learned_from_visit_id,
        BiometricTemplate.created_at).where(
        BiometricTemplate.customer_id == customer_id,
        BiometricTemplate.learned_from_visit_id.is_not(None))
        .order_by(BiometricTemplate.created_at.desc(), BiometricTemplate.id.desc()))
    return [LearnedTemplate(*row) for row in rows]


def purge_candidates(session: Session, now: datetime | None = None) -> int:
    """Erase held frames nobody confirmed in time; how many."""
    return session.execute(delete(TemplateCandidate).where(
        TemplateCandidate.expires_at < (now or utcnow()))).rowcount or 0


def _announce(session: Session, bus: EventBus | None, visit_id: int, customer_id: int) -> None:
    """Galleries in every process reload the customer (as after an enrolment)."""
    if bus is None:
        return
    branch_id = session.scalar(select(Visit.branch_id).where(Visit.id == visit_id))
    if branch_id is not None:
        publish_after_commit(session, bus, Event(branch_id, TemplatesEnrolled(
            customer_id, Modality.FACE.value)))
