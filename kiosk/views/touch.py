"""The kiosk's touch web app, its pairing link, and the simulator control page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk.auth import cookie_name, find_kiosk, is_authenticated, local_demo_allowed, pairing_cookie
from shared.devices import tokens as kiosk_tokens

bp = Blueprint("kiosk_touch", __name__, url_prefix="/kiosk")


def _kiosk_or_404(code: str):
    device = find_kiosk(code)
    if device is None:
        abort(404, description=f"No kiosk called {code}.")
    return device


@bp.get("/<code>/pair")
def pair(code: str):
    """Check the kiosk's token once and remember the pairing in a signed cookie."""
    device = _kiosk_or_404(code)
    if not kiosk_tokens.token_matches(device, request.args.get("token")):
        return render_template("kiosk/unpaired.html", device=device,
                               problem="That pairing link is not valid (any more)."), 401
    settings = current_app.extensions["smartbranch.settings"]
    response = make_response(redirect(url_for("kiosk_touch.touch", code=code)))
    response.set_cookie(cookie_name(code), pairing_cookie(device),
                        max_age=settings.kiosk_agent.pairing_cookie_days * 86400,
                        httponly=True, samesite="Strict",
                        secure=settings.server.session_cookie_secure)
    return response


@bp.get("/<code>/touch")
def touch(code: str):
    """The customer's touch screen (needs a paired device)."""
    device = _kiosk_or_404(code)
    if not is_authenticated(device):
        return render_template("kiosk/unpaired.html", device=device,
                               problem="This screen is not paired with the kiosk."), 401
    return render_template("kiosk/touch.html", device=device)


@bp.get("/<code>/devices")
def devices(code: str):
    """The simulator control page: the customer's hands on the simulated devices."""
    device = _kiosk_or_404(code)
    if not is_authenticated(device) and not local_demo_allowed():
        return render_template("kiosk/unpaired.html", device=device,
                               problem="The device page needs a paired kiosk."), 401
    return render_template("kiosk/devices.html", device=device)
