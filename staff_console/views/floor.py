"""The branch floor: who is here, the queue, and the live feed."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from shared.services.branch_stats import branch_stats
from shared.services.queue import waiting_tickets
from shared.web.request_db import get_session

bp = Blueprint("staff_floor", __name__, url_prefix="/staff")


@bp.get("/")
@login_required
def floor():
    session = get_session()
    identity = current_user.identity
    return render_template(
        "staff/floor.html",
        me=identity,
        stats=branch_stats(session, identity.branch_id),
        tickets=waiting_tickets(session, identity.branch_id),
    )
