"""The kiosk's welcome screen and its "talk to someone" counter ticket."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from shared.db.locks import begin_write
from shared.models import Branch, Device
from shared.models.enums import DeviceKind
from shared.queue.tickets import SERVICE_PREFIX, issue_ticket
from shared.web.bus import get_bus
from shared.web.i18n import use_browser_language
from shared.web.limits import over_limit
from shared.web.request_db import get_session

bp = Blueprint("kiosk_welcome", __name__, url_prefix="/kiosk")

SERVICES = {
    "cash": _l("Cash and cheques"),
    "accounts": _l("Accounts and statements"),
    "advice": _l("Mortgages, savings and advice"),
    "cards": _l("Cards and digital wallets"),
    "other": _l("Something else"),
}
assert set(SERVICES) == set(SERVICE_PREFIX)


class TicketForm(FlaskForm):
    service = HiddenField(validators=[DataRequired(), AnyOf(list(SERVICES))])


def _kiosk(code: str) -> tuple[Device, Branch]:
    session = get_session()
    device = session.scalar(
        select(Device).where(Device.code == code, Device.kind == DeviceKind.KIOSK)
    )
    if device is None:
        abort(404, description=f"No kiosk called {code}.")
    return device, session.get(Branch, device.branch_id)


@bp.route("/<code>", methods=["GET", "POST"])
def welcome(code: str):
    use_browser_language()
    wait = None
    if request.method == "POST":
        # Anyone can press it: counted per address before anything is read or stored, and
        # the write lock first, so two presses never take the same number.
        wait = over_limit("public_ticket",
                          current_app.extensions["smartbranch.settings"].queue.public_ticket_limit)
        begin_write(get_session())
    device, branch = _kiosk(code)
    form = TicketForm()
    ticket = None
    if wait is None and form.validate_on_submit():
        ticket = issue_ticket(
            get_session(),
            get_bus(),
            branch.id,
            form.service.data,
            reason="customer_request",
            context={"kiosk": device.code, "screen": "welcome", "asked_for": "a person"},
            device_id=device.id,
        )
    return render_template(
        "kiosk/welcome.html",
        device=device,
        branch=branch,
        services=SERVICES,
        form=form,
        ticket=ticket,
        busy=wait is not None,
    ), 429 if wait is not None else 200
