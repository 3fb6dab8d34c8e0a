"""Counter tickets: issue one with the customer's context, list the waiting queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.events import Event, EventBus, TicketCreated
from shared.events.after_commit import publish_after_commit
from shared.models import Branch, QueueTicket
from shared.models.enums import TicketStatus

# A letter per service so a called number tells the customer which counter queue it is.
SERVICE_PREFIX = {"cash": "C", "accounts": "A", "advice": "R", "cards": "D", "other": "G"}
WAITING_STATES = (TicketStatus.WAITING,)


class QueueError(ValueError):
    """A ticket request that cannot be honoured; the message says why."""


def issue_ticket(
    session: Session,
    bus: EventBus,
    branch_id: int,
    service: str,
    reason: str,
    context: dict | None = None,
    customer_id: int | None = None,
    device_id: int | None = None,
    now: datetime | None = None,
) -> QueueTicket:
    """Create the next numbered ticket of the day for a service and announce it."""
    if service not in SERVICE_PREFIX:
        raise QueueError(f"unknown service {service!r}; choose one of {sorted(SERVICE_PREFIX)}")
    now = now or utcnow()
    # Lock the branch row so two kiosks never take the same number (PostgreSQL row lock).
    branch = session.scalar(select(Branch).where(Branch.id == branch_id).with_for_update())
    if branch is None:
        raise QueueError(f"no branch with id {branch_id}")
    day = now.date().isoformat()
    prefix = SERVICE_PREFIX[service]
    issued = session.scalar(
        select(func.count(QueueTicket.id)).where(
            QueueTicket.branch_id == branch_id,
            QueueTicket.service_day == day,
            QueueTicket.service == service,
        )
    )
    ticket = QueueTicket(
        branch_id=branch_id,
        service_day=day,
        number=f"{prefix}{issued + 1:03d}",
        service=service,
        reason=reason,
        context=context or {},
        customer_id=customer_id,
        device_id=device_id,
        created_at=now,
    )
    session.add(ticket)
    session.flush()
    publish_after_commit(
        session,
        bus,
        Event(
            branch_id=branch_id,
            payload=TicketCreated(ticket.id, ticket.number, ticket.service, ticket.reason),
        ),
    )
    return ticket


def waiting_tickets(session: Session, branch_id: int) -> list[QueueTicket]:
    return list(
        session.scalars(
            select(QueueTicket)
            .where(QueueTicket.branch_id == branch_id, QueueTicket.status.in_(WAITING_STATES))
            .order_by(QueueTicket.created_at, QueueTicket.id)
        )
    )
