"""The kiosk's touch web app, its pairing link, and the simulator control page."""

from __future__ import annotations

from collections.abc import Iterable

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
from flask_babel import lazy_gettext as _l

from kiosk.agent_pool import get_agent_pool
from kiosk.auth import cookie_name, find_kiosk, is_authenticated, local_demo_allowed, pairing_cookie
from kiosk.devices_text import devices_text
from kiosk.money_text import withdrawal_example
from kiosk.remote.protocol import AgentUnavailable
from kiosk.simulator_control import accepted_notes
from kiosk.touch_text import touch_text
from shared.devices import tokens as kiosk_tokens
from shared.i18n.languages import LANGUAGES, language
from shared.i18n.text import localise
from shared.settings import KioskSettings
from shared.web.i18n import use_browser_language, use_language

bp = Blueprint("kiosk_touch", __name__, url_prefix="/kiosk")


def quick_amounts(notes: Iterable[int], limit_minor: int) -> list[int]:
    """Return the touch screen's withdrawal buttons, in minor units, within the kiosk's limit.

    From the notes the dispenser holds, so every button pays out in any currency: the two
    largest notes, then two and four of the largest (GBP 20, 50, 100, 200; KRW 10,000,
    50,000, 100,000, 200,000 from won notes).
    """
    largest = sorted(set(notes), reverse=True)[:2]
    if not largest:
        return []
    amounts = {*largest, 2 * largest[0], 4 * largest[0]}
    return sorted(amount for amount in amounts if amount <= limit_minor)


def _kiosk_settings() -> KioskSettings:
    return current_app.extensions["smartbranch.settings"].kiosk


def _kiosk_or_404(code: str):
    device = find_kiosk(code)
    if device is None:
        abort(404, description=f"No kiosk called {code}.")
    return device


def _unpaired(device, problem) -> str:
    """The page an unpaired screen shows, in the browser's language (a customer may read it)."""
    use_browser_language()
    return render_template("kiosk/unpaired.html", device=device, problem=problem)


@bp.get("/<code>/pair")
def pair(code: str):
    """Check the kiosk's token once and remember the pairing in a signed cookie."""
    device = _kiosk_or_404(code)
    if not kiosk_tokens.token_matches(device, request.args.get("token")):
        return _unpaired(device, _l("That pairing link is not valid (any more).")), 401
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
        return _unpaired(device, _l("This screen is not paired with the kiosk.")), 401
    kiosk = _kiosk_settings()
    # The screens' language: the kiosk's own, or the one its customer chose or has. An
    # agent that does not answer leaves the kiosk's own; the page then shows it out of
    # service (the session API answers 503).
    agent = get_agent_pool().get(code)
    try:
        shown = use_language(language(agent.screen_language() if agent else kiosk.language))
    except AgentUnavailable:
        shown = use_language(language(kiosk.language))
    notes = (cassette.denomination_minor for cassette in kiosk.cassettes)
    return render_template("kiosk/touch.html", device=device, currency=kiosk.currency,
                           quick_amounts=quick_amounts(notes, kiosk.max_withdrawal_minor),
                           voice_example=localise(withdrawal_example(kiosk), shown.code),
                           page_text=touch_text(),
                           languages=[{"code": lang.code, "name": lang.name, "tag": lang.tag}
                                      for lang in LANGUAGES.values()])


@bp.get("/<code>/devices")
def devices(code: str):
    """The simulator control page: the customer's hands on the simulated devices."""
    device = _kiosk_or_404(code)
    if not is_authenticated(device) and not local_demo_allowed():
        return _unpaired(device, _l("The device page needs a paired kiosk.")), 401
    kiosk = _kiosk_settings()
    use_browser_language()  # whoever plays the customer's hands reads it in their language
    # One count input per note the acceptor takes, largest first.
    return render_template("kiosk/devices.html", device=device, currency=kiosk.currency,
                           deposit_notes=accepted_notes(kiosk), page_text=devices_text())
