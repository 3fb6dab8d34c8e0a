"""Who opened a customer's profile, when and why; exportable for the customer."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.models import AuditEntry, Staff
from shared.models.enums import ActorType

VIEWED = "customer.viewed"
EXPORTED = "customer.access_log_exported"


class ViewReason(StrEnum):
    ARRIVAL_CARD = "arrival_card"
    SEARCH = "search"
    PROFILE = "profile"  # opened again from within the console (e.g. after editing)
    FRAUD_CASE = "fraud_case"  # opened from a risk case, to check it


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    staff_id: int | None
    staff_name: str
    action: str
    reason: str


def record_view(session: Session, staff_id: int, customer_id: int, reason: ViewReason,
                detail: dict | None = None) -> None:
    """Write one profile opening to the tamper-evident audit log."""
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), VIEWED,
                 subject_type="customer", subject_id=customer_id, reason=str(reason),
                 detail=detail)


def access_log(session: Session, customer_id: int) -> list[AccessEntry]:
    """Every audited action on the customer by staff or the system, oldest first."""
    rows = session.execute(
        select(AuditEntry, Staff.full_name)
        .outerjoin(Staff, (AuditEntry.actor_type == ActorType.STAFF)
                   & (Staff.id == AuditEntry.actor_id))
        .where(AuditEntry.subject_type == "customer", AuditEntry.subject_id == customer_id)
        .order_by(AuditEntry.seq)
    ).all()
    return [
        AccessEntry(e.at, e.actor_id, name or str(e.actor_type), e.action, e.reason)
        for e, name in rows
    ]


def export_csv(session: Session, customer_id: int, staff_id: int) -> str:
    """Return the customer's access log as CSV; the export itself is logged first."""
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), EXPORTED,
                 subject_type="customer", subject_id=customer_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "staff_id", "staff_name", "action", "reason"])
    for entry in access_log(session, customer_id):
        writer.writerow([entry.at.isoformat(), entry.staff_id or "", entry.staff_name,
                         entry.action, entry.reason])
    return out.getvalue()
