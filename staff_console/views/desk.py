"""The teller desk page: the counter queue and cash reconciliation (data over the desk API)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from shared.queue.tickets import OUTCOMES, SERVICE_PREFIX
from staff_console.policy import Can, current_can, requires

bp = Blueprint("staff_desk_pages", __name__, url_prefix="/staff")


@bp.get("/desk")
@requires(Can.WORK_QUEUE)
def desk():
    return render_template(
        "staff/desk.html",
        me=current_user.identity,
        services=list(SERVICE_PREFIX),
        outcomes=OUTCOMES,
        can_reconcile=current_can(Can.RECONCILE_CASH),
    )
