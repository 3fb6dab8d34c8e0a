"""The kiosk touch UI's HTTP API: what the customer sees, and what they do (idempotent).

The URL says /session (the customer's visit at the kiosk); the paths, the blueprint's and
schemas' names are the OpenAPI document's, kept as they were.
"""

from __future__ import annotations

import marshmallow as ma
from flask import Response
from flask_smorest import Blueprint, abort

from kiosk.actions import ACTIONS, ActionConflict, ActionStatus
from kiosk.agent_pool import get_agent_pool
from kiosk.auth import device_required
from kiosk.spoken_prompts import SpeechUnavailable, synthesise
from shared.db.base import MAX_ID
from shared.i18n.languages import LANGUAGES
from shared.i18n.text import localise
from shared.models.money import WalletProvider
from shared.openbanking.client import SCOPES
from shared.queue.tickets import SERVICE_PREFIX

bp = Blueprint("kiosk_session_api", __name__, url_prefix="/api/kiosks",
               description="A kiosk's customer session (device-authenticated)")

KEY = ma.validate.And(ma.validate.Length(min=8, max=64),
                      ma.validate.Regexp(r"^[A-Za-z0-9_.:-]+$"))
MINOR = ma.validate.Range(min=1, max=10**9)
ID = ma.validate.Range(min=1, max=MAX_ID)


class ActionSchema(ma.Schema):
    """One customer action; the idempotency key is new for each press of a button."""

    action = ma.fields.String(required=True, validate=ma.validate.OneOf(ACTIONS))
    idempotency_key = ma.fields.String(required=True, validate=KEY)
    amount_minor = ma.fields.Integer(strict=True, validate=MINOR)
    account_id = ma.fields.Integer(strict=True, validate=ID)
    from_account_id = ma.fields.Integer(strict=True, validate=ID)
    to_account_id = ma.fields.Integer(strict=True, validate=ID)
    to_account_number = ma.fields.String(validate=ma.validate.Length(min=1, max=40))
    reference = ma.fields.String(validate=ma.validate.Length(max=60))
    biller_code = ma.fields.String(validate=ma.validate.Length(min=1, max=32))
    provider = ma.fields.String(validate=ma.validate.OneOf([str(p) for p in WalletProvider]))
    consent = ma.fields.Boolean()
    # share_bank: the other bank (a key of openbanking.providers) and what to share
    bank = ma.fields.String(validate=ma.validate.Length(min=1, max=40))
    scopes = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(SCOPES)),
                            validate=ma.validate.Length(max=3))
    receipt = ma.fields.Boolean()
    service = ma.fields.String(validate=ma.validate.OneOf(list(SERVICE_PREFIX)))


class ActionRecordSchema(ma.Schema):
    idempotency_key = ma.fields.String()
    action = ma.fields.String()
    status = ma.fields.String(metadata={"description": "queued, running, done or refused"})
    outcome = ma.fields.Dict()


class SessionSchema(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    kiosk = ma.fields.String()
    screen = ma.fields.String()
    message = ma.fields.String()
    in_service = ma.fields.Boolean()
    pin_digits = ma.fields.Integer(metadata={"description": "how many digits (never which)"})
    seconds_left = ma.fields.Integer()
    customer = ma.fields.Dict()
    accounts = ma.fields.List(ma.fields.Dict())
    billers = ma.fields.List(ma.fields.Dict())
    banks = ma.fields.List(ma.fields.Dict(), metadata={"description": "other banks to share from"})
    upcoming = ma.fields.Dict(metadata={"description": "after card and PIN: bills due this "
                                        "week and a low-balance warning"})
    result = ma.fields.Dict()
    ticket = ma.fields.Dict()
    wallet = ma.fields.Dict()
    escrow_minor = ma.fields.Integer()
    amount_minor = ma.fields.Integer(metadata={"description": "on take_cash: the cash out"})
    greeting = ma.fields.String()
    language = ma.fields.Dict(metadata={"description": "the screen's language: code, BCP 47 "
                                        "tag and direction (ltr or rtl)"})
    voice_available = ma.fields.Boolean(metadata={"description": "the kiosk has a microphone"})
    voice = ma.fields.Dict(metadata={"description": "on the voice screen: mode (command or "
                                     "challenge), prompt, and the challenge's digits"})
    open_panel = ma.fields.String(metadata={"description": "a touch panel a spoken request "
                                            "opened (withdraw or transfer)"})
    request = ma.fields.Dict(metadata={"description": "on confirm_request: a request spoken "
                                       "before the card (action, amount_minor, account, "
                                       "question); only the card holder's Confirm runs it"})


class LanguageSchema(ma.Schema):
    language = ma.fields.String(required=True, validate=ma.validate.OneOf(list(LANGUAGES)),
                                metadata={"description": "en, zh, ko, fa or it"})


def agent_for(code: str):
    agent = get_agent_pool().get(code)
    if agent is None:
        abort(404, message=f"no kiosk called {code}")
    return agent


@bp.get("/<code>/session")
@device_required()
@bp.response(200, SessionSchema)
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk")
@bp.alt_response(503, description="The kiosk's agent is not running")
def current_session(code: str):
    """Return what the kiosk shows now (PIN digits as a count only, card as last four)."""
    return agent_for(code).snapshot()


@bp.post("/<code>/actions")
@device_required()
@bp.arguments(ActionSchema)
@bp.response(200, ActionRecordSchema)
@bp.alt_response(202, schema=ActionRecordSchema, description="Accepted, still running")
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk")
@bp.alt_response(409, description="Idempotency key reused for another action")
@bp.alt_response(503, description="The kiosk's agent is not running")
def submit_action(body: dict, code: str):
    """Send a customer action; the same key again returns the first answer, never a second."""
    agent = agent_for(code)
    try:
        record = agent.submit(body, wait_s=agent.settings.kiosk_agent.action_wait_s)
    except ActionConflict as exc:
        abort(409, message=str(exc))
    status = 200 if record.status in (ActionStatus.DONE, ActionStatus.REFUSED) else 202
    answer = record.as_dict()
    if "error" in answer["outcome"]:  # why it was refused, in the screen's language
        answer["outcome"] = {**answer["outcome"], "error": localise(
            answer["outcome"]["error"], agent.screen_language())}
    return answer, status


@bp.get("/<code>/speech")
@device_required()
@bp.response(200, description="The prompt as WAV audio", content_type="audio/wav")
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk, or nothing to say now")
@bp.alt_response(503, description="This server cannot speak (espeak-ng missing)")
def speech(code: str):
    """The kiosk's current voice prompt, spoken by espeak-ng in the screen's language."""
    state = agent_for(code).snapshot()
    prompt = (state.get("voice") or {}).get("prompt") if state.get("screen") == "voice" else None
    if not prompt:
        abort(404, message="the kiosk has nothing to say now")
    try:
        audio = synthesise(str(prompt), state["language"]["code"])
    except SpeechUnavailable as exc:
        abort(503, message=str(exc))
    return Response(audio, mimetype="audio/wav", headers={"Cache-Control": "no-store"})


@bp.post("/<code>/language")
@device_required()
@bp.arguments(LanguageSchema)
@bp.response(200, LanguageSchema)
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk")
@bp.alt_response(503, description="The kiosk's agent is not running")
def choose_language(body: dict, code: str):
    """The customer's language button: the screens speak it until their turn ends."""
    return {"language": agent_for(code).choose_language(body["language"])}


class OutOfServiceTicketSchema(ma.Schema):
    idempotency_key = ma.fields.String(required=True, validate=KEY)


@bp.post("/<code>/out-of-service-ticket")
@device_required()
@bp.arguments(OutOfServiceTicketSchema)
@bp.response(201, description="The ticket, to show on the screen (it is not printed)")
@bp.alt_response(200, description="The same press again: its first ticket")
@bp.alt_response(401, description="Not paired with this kiosk")
@bp.alt_response(404, description="No such kiosk")
def out_of_service_ticket(body: dict, code: str):
    """'Talk to someone' on the out-of-service screen: a counter ticket from the web tier.

    For a kiosk whose agent does not answer (its link to the centre is down, its process
    gone): nothing at the kiosk can print, so the ticket is shown with its QR code.
    """
    from kiosk.out_of_service import ticket_for_screen

    ticket, new = ticket_for_screen(code, body["idempotency_key"])
    return ticket, 201 if new else 200
