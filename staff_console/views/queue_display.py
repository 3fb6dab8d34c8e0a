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

from staff_console.api.queue_board import board_for

bp = Blueprint("queue_display", __name__)


@bp.get("/queue/<code>")
def display(code: str):
    """The wall screen; `?ticket=A012` (the ticket's QR code) also shows where that number is."""
    board = board_for(code[:64])
    ticket = "".join(c for c in request.args.get("ticket", "").upper()
                     if c in string.ascii_uppercase or c in string.digits)[:8]
    return render_template("queue/display.html", board=board, ticket=ticket)
