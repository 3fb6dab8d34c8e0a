"""The web tier's counter ticket for a kiosk whose agent does not answer (see shared.queue)."""

from __future__ import annotations

import logging

from flask import current_app

from kiosk.auth import find_kiosk
from kiosk.flows.ticket import qr_svg, queue_path, queue_url
from shared.models import Branch, QueueTicket
from shared.queue.out_of_service import out_of_service_ticket
from shared.settings import Settings
from shared.web.bus import get_bus
from shared.web.request_db import get_database

log = logging.getLogger(__name__)

# Nothing at a kiosk without its agent can print: the screen asks the customer to keep
# the number (any value but "printed" shows that line).
NOT_PRINTED = "out_of_service"


def ticket_for_screen(code: str, request_key: str) -> tuple[dict, bool]:
    """Issue (or find again) the ticket of this press; return it as the touch screen shows it."""
    settings: Settings = current_app.extensions["smartbranch.settings"]
    kiosk = find_kiosk(code)
    # A unit of work of its own: the request's session has read (the pairing check), and a
    # writer must take the write lock before its first statement.
    with get_database().session_factory() as session:
        ticket, new = out_of_service_ticket(session, get_bus(), kiosk.id, request_key,
                                            settings.kiosk.language)
        session.commit()
        ticket = _shown(ticket, session.get(Branch, ticket.branch_id), settings)
    if new:
        log.info("kiosk %s out of service: counter ticket %s from the web tier", code,
                 ticket["number"])
    return ticket, new


def _shown(ticket: QueueTicket, branch: Branch, settings: Settings) -> dict:
    url = queue_url(settings.kiosk_agent.public_url, branch.code, ticket.number)
    return {"number": ticket.number, "service": ticket.service, "reason": ticket.reason,
            "id": ticket.id, "branch": branch.code, "branch_name": branch.name,
            "issued_at": ticket.created_at.isoformat(), "timezone": branch.timezone,
            "queue_path": queue_path(branch.code), "queue_url": url, "qr_svg": qr_svg(url),
            "printed": NOT_PRINTED}
