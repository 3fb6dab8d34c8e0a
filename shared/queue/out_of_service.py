"""A counter ticket for a kiosk whose agent is not answering, issued by the web tier.

A kiosk cut off from the centre (its branch's link down, its agent process gone) cannot
take money and cannot print; its touch screen still reaches the central web tier, so
"Talk to someone" there takes a ticket here instead: shown on the screen with its QR code,
never printed. A retried press (the same request key) returns the first ticket.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.events import EventBus
from shared.models import Device, QueueTicket
from shared.queue.tickets import WAITING_STATES, issue_ticket

REASON = "kiosk_out_of_service"
# Most people at a cash machine came for cash; the teller can transfer the ticket.
SERVICE = "cash"
# How long a retried press finds its first ticket (a screen retries within seconds).
REPLAY_WINDOW = timedelta(minutes=15)


def out_of_service_ticket(session: Session, bus: EventBus, kiosk_id: int, request_key: str,
                          language: str) -> tuple[QueueTicket, bool]:
    """Return the ticket of this press of "Talk to someone", and whether it is new."""
    begin_write(session)  # two presses of one key never both find nothing
    kiosk = session.get(Device, kiosk_id)
    since = utcnow() - REPLAY_WINDOW
    recent = session.scalars(
        select(QueueTicket).where(
            QueueTicket.device_id == kiosk.id,
            QueueTicket.reason == REASON,
            QueueTicket.status.in_(WAITING_STATES),
            QueueTicket.created_at >= since,
        )
    )
    for ticket in recent:
        if (ticket.context or {}).get("request_key") == request_key:
            return ticket, False
    context = {"kiosk": kiosk.code, "screen": "out_of_service", "asked_for": "a person",
               "language": language, "request_key": request_key}
    ticket = issue_ticket(session, bus, kiosk.branch_id, SERVICE, REASON, context=context,
                          device_id=kiosk.id)
    return ticket, True
