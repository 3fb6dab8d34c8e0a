"""The public queue screen on the branch's wall: numbers called, next numbers, the wait.

Live by short polling of /api/queue/<code> (every `queue.display_poll_seconds`), not a
socket: the screen is unauthenticated, so it gets no Socket.IO connection at all (nothing
for an anonymous client to subscribe to, no rooms to guard), a screen that reconnects or
reloads simply asks again, and one cheap indexed read every few seconds per screen is
nothing for the server. A called number appears within one poll interval.
"""

from __future__ import annotations

import string

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from shared.web.i18n import use_browser_language
from staff_console.api.queue_board import board_for

bp = Blueprint("queue_display", __name__)


@bp.get("/queue/<code>")
def display(code: str):
    """The wall screen; `?ticket=A012` (the ticket's QR code) also shows where that number is."""
    use_browser_language()
    board = board_for(code[:64])
    ticket = "".join(c for c in request.args.get("ticket", "").upper()
                     if c in string.ascii_uppercase or c in string.digits)[:8]
    return render_template("queue/display.html", board=board, ticket=ticket,
                           page_text=_page_text())


def _page_text() -> dict[str, str]:
    """What queue_display.js writes as the board changes, in the page's language."""
    return {
        "counter": _("counter {counter}"),
        "please_wait": _("Please wait for your number"),
        "no_one_waiting": _("No one waiting"),
        "go_to_counter": _("Please go to counter {counter}."),
        "next": _("You are next. Estimated wait: {wait}."),
        "ahead": _("{ahead} ahead of you. Estimated wait: {wait}."),
        "no_show": _("This number was called but nobody came. Please ask at the counter."),
        "served": _("This number has been served. Thank you."),
        "not_found": _("We cannot find this number today. Please ask at the counter."),
        "no_wait": _("no wait"),
        "about": _("about {minutes} min"),
        "over": _("over {minutes} min"),
    }
