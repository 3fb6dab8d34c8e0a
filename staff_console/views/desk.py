"""The teller desk page: the counter queue and cash reconciliation (data over the desk API)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from shared.queue.tickets import OUTCOMES, SERVICE_PREFIX
from staff_console.page_text.desk import desk_text
from staff_console.policy import Can, current_can, requires

bp = Blueprint("staff_desk_pages", __name__, url_prefix="/staff")


@bp.get("/desk")
@requires(Can.WORK_QUEUE)
def desk():
    """The teller's page: the queue at their counter and the kiosk cash to reconcile."""
    kiosk = current_app.extensions["smartbranch.settings"].kiosk
    return render_template(
        "staff/desk.html",
        me=current_user.identity,
        services=list(SERVICE_PREFIX),
        outcomes=OUTCOMES,
        can_reconcile=current_can(Can.RECONCILE_CASH),
        # Counted when a suspect planned no notes (a deposit): what the acceptors take.
        kiosk_notes=sorted({c.denomination_minor for c in kiosk.deposit_cassettes}, reverse=True),
        page_text=desk_text(),
    )
