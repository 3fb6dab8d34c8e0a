"""The branch floor: who is here, the queue, and the live feed."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from shared.floor.stats import branch_stats
from shared.queue.tickets import waiting_tickets
from shared.web.request_db import get_session
from staff_console.labels import label
from staff_console.page_text.floor import floor_text
from staff_console.policy import Can, allows
from staff_console.realtime import replay_buffer

bp = Blueprint("staff_floor", __name__, url_prefix="/staff")


@bp.get("/")
@login_required
def floor():
    """The branch floor: arrivals, the live feed and the counter queue, in the staff's language."""
    identity = current_user.identity
    if not allows(identity.role, Can.SEE_FLOOR):
        # Admins manage staff; the floor (and its customers) belongs to branch staff.
        return render_template("staff/no_floor.html", me=identity)
    session = get_session()
    return render_template(
        "staff/floor.html",
        me=identity,
        stats=branch_stats(session, identity.branch_id),
        tickets=waiting_tickets(session, identity.branch_id),
        can_greet=allows(identity.role, Can.GREET),
        can_see_arrivals=allows(identity.role, Can.SEE_ARRIVALS),
        last_event_id=replay_buffer(current_app).last_id(identity.branch_id),
        label=label,
        page_text=floor_text(),
    )
