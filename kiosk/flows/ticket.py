"""Counter tickets from the kiosk: issued with what the customer was doing, shown, printed.

The ticket is committed first and shown with its QR code whatever the printer does;
paper out or a fault only loses the paper, and the ticket's context says so.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from kiosk.flows.receipt import print_lines
from kiosk.station import Station
from shared.i18n.moments import Moment
from shared.i18n.text import N_, Text
from shared.models import Branch
from shared.queue.notes import note_on_ticket
from shared.queue.tickets import issue_ticket

log = logging.getLogger(__name__)


def issue_counter_ticket(station: Station, reason: str, service: str, context: dict,
                         customer_id: int | None = None) -> dict:
    """Give the customer a counter ticket carrying what they were doing; show and print it."""
    kiosk = station.kiosk
    station.turn.note_ticket(reason, context)  # sent to the counter, whatever happens next
    # The currency goes with the ticket: the teller desk shows its amounts in it; the
    # language tells the teller which language the customer was served in.
    context = {"kiosk": kiosk.code, "currency": station.currency,
               "language": station.language, **context}
    ticket = station.unit_of_work(_issue, station, reason, service, context, customer_id)
    ticket["queue_path"] = queue_path(ticket["branch"])
    ticket["queue_url"] = queue_url(station.timeouts.public_url, ticket["branch"],
                                    ticket["number"])
    ticket["qr_svg"] = qr_svg(ticket["queue_url"])
    log.info("kiosk %s: counter ticket %s (%s)", kiosk.code, ticket["number"], reason)
    station.update(ticket=ticket)
    ticket["printed"] = print_lines(station, ticket_lines(ticket))
    try:
        station.unit_of_work(note_on_ticket, ticket["id"], ticket_print=ticket["printed"])
    except Exception:  # the ticket stands; only the note about its paper is missing
        log.exception("kiosk %s: could not note the print of ticket %s", kiosk.code,
                      ticket["number"])
    station.update(ticket=dict(ticket))
    return ticket


def _issue(session: Session, station: Station, reason: str, service: str, context: dict,
           customer_id: int | None) -> dict:
    kiosk = station.kiosk
    ticket = issue_ticket(session, station.bus, kiosk.branch_id, service, reason,
                          context=context, customer_id=customer_id, device_id=kiosk.device_id)
    branch = session.get(Branch, kiosk.branch_id)
    return {"number": ticket.number, "service": service, "reason": reason, "id": ticket.id,
            "branch": branch.code, "branch_name": branch.name,
            "issued_at": ticket.created_at.isoformat(), "timezone": branch.timezone}


def queue_path(branch_code: str) -> str:
    """Return the path of the branch's public queue screen, e.g. /queue/LDN-01."""
    return f"/queue/{quote(branch_code, safe='')}"


def queue_url(base: str, branch_code: str, number: str) -> str:
    """Return the queue screen's URL with this ticket, e.g. /queue/LDN-01?ticket=C004."""
    return f"{base.rstrip('/')}{queue_path(branch_code)}?{urlencode({'ticket': number})}"


def qr_svg(text: str) -> str:
    """Render `text` as an inline SVG QR code (dark on white, quiet zone kept for scanners)."""
    import segno

    # omitsize: a viewBox instead of fixed pixels, so CSS can size the code on the screen.
    return segno.make_qr(text, error="m").svg_inline(
        scale=6, dark="#000", light="#fff", omitsize=True,
        title="Your ticket on the queue screen")


# The counter services as a printed ticket names them (Text: said in the ticket's language).
SERVICE_NAMES = {
    "cash": Text("Cash and cheques"),
    "accounts": Text("Accounts and statements"),
    "advice": Text("Mortgages, savings and advice"),
    "cards": Text("Cards and digital wallets"),
    "other": Text("Something else"),
}


def ticket_lines(ticket: dict) -> list[str]:
    """The printed ticket: branch, the number large, service, time, where to watch the queue."""
    number = ticket["number"]
    return [
        ticket["branch_name"],
        Text("Branch %(code)s", code=ticket["branch"]),
        "",
        N_("YOUR TICKET"),
        # A text-only printer: the number spaced out stands out from the rest.
        " ".join(number),
        "",
        Text("Service: %(service)s", service=SERVICE_NAMES.get(ticket["service"],
                                                             ticket["service"])),
        Text("Issued: %(at)s", at=Moment(datetime.fromisoformat(ticket["issued_at"]),
                                         ticket.get("timezone", "UTC"))),
        Text("Queue screen: %(path)s", path=ticket["queue_path"]),
        N_("We will call your number."),
    ]
