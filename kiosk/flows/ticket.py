"""A counter ticket's paper and screen forms: printed lines, and a QR code to the queue screen."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from kiosk.flows.receipt import print_lines


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


def ticket_lines(ticket: dict) -> list[str]:
    """The printed ticket: branch, the number large, service, time, where to watch the queue."""
    number = ticket["number"]
    return [
        ticket["branch_name"],
        f"Branch {ticket['branch']}",
        "",
        "YOUR TICKET",
        # A text-only printer: the number spaced out stands out from the rest.
        " ".join(number),
        "",
        f"Service: {ticket['service'].replace('_', ' ')}",
        f"Issued: {ticket['issued_at']}",
        f"Queue screen: {ticket['queue_path']}",
        "We will call your number.",
    ]


def print_ticket(agent, ticket: dict) -> str:
    """Print the ticket; return 'printed' or why not (the screen shows it either way)."""
    return print_lines(agent, ticket_lines(ticket))
