"""Notes the kiosk adds to a ticket's context after issuing it (e.g. whether it was printed)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shared.models import QueueTicket


def note_on_ticket(session: Session, ticket_id: int, **notes: str) -> None:
    """Merge `notes` into the ticket's context (a new dict, so the JSON change is saved)."""
    ticket = session.get(QueueTicket, ticket_id)
    if ticket is None:
        raise ValueError(f"no ticket with id {ticket_id}")
    ticket.context = {**(ticket.context or {}), **notes}
    session.flush()
