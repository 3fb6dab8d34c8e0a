"""Bounded retention: purge the templates of customers not seen for the retention period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor, record
from shared.db.base import utcnow
from shared.models import BiometricTemplate, Consent, Customer


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    customers: int
    templates: int
    customer_ids: list[int]


def purge_stale_templates(
    session: Session,
    retention_days: int,
    now: datetime | None = None,
    actor: Actor = SYSTEM,
    dry_run: bool = False,
) -> PurgeResult:
    """Delete templates of customers last seen (or, never seen, consenting) before the cutoff."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    # A customer never recognised counts from their latest consent for the template.
    consent_given = (
        select(func.max(Consent.given_at))
        .where(Consent.id == BiometricTemplate.consent_id)
        .scalar_subquery()
    )
    last_activity = func.coalesce(Customer.last_seen_at, consent_given)
    stale = session.execute(
        select(BiometricTemplate.id, BiometricTemplate.customer_id)
        .join(Customer, Customer.id == BiometricTemplate.customer_id)
        .where(last_activity < cutoff)
    ).all()
    template_ids = [row.id for row in stale]
    customer_ids = sorted({row.customer_id for row in stale})
    if template_ids and not dry_run:
        session.execute(delete(BiometricTemplate).where(BiometricTemplate.id.in_(template_ids)))
        for customer_id in customer_ids:
            record(
                session, actor, "biometrics.purged", subject_type="customer",
                subject_id=customer_id, reason=f"not seen for {retention_days} days",
                detail={"cutoff": cutoff.isoformat(),
                        "templates": sum(r.customer_id == customer_id for r in stale)},
            )
        session.flush()
    return PurgeResult(cutoff, len(customer_ids), len(template_ids), customer_ids)
