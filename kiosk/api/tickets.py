"""Counter tickets and the public queue over HTTP."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from shared.db.locks import begin_write
from shared.models import Branch, Device
from shared.models.enums import DeviceKind
from shared.queue.tickets import SERVICE_PREFIX, QueueError, issue_ticket, waiting_tickets
from shared.web.bus import get_bus
from shared.web.limits import within_limit
from shared.web.request_db import get_session

bp = Blueprint("kiosk_api", __name__, url_prefix="/api", description="Kiosk and queue")


# What a public dispenser may say about its customer: a few flat facts a teller reads.
CONTEXT_KEYS = 12
CONTEXT_KEY = r"^[a-z][a-z0-9_]{0,39}$"
CONTEXT_VALUE_CHARS = 120


def _flat_fact(value) -> None:
    """A context value is a short string, a number, a truth value or nothing: never nested."""
    if value is None or isinstance(value, bool | int | float):
        return
    if not isinstance(value, str):
        raise ma.ValidationError("a context value is a string, a number, true/false or null")
    if len(value) > CONTEXT_VALUE_CHARS:
        raise ma.ValidationError(f"a context value is at most {CONTEXT_VALUE_CHARS} characters")


class TicketRequestSchema(ma.Schema):
    kiosk = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    service = ma.fields.String(required=True, validate=ma.validate.OneOf(list(SERVICE_PREFIX)))
    reason = ma.fields.String(load_default="customer_request", validate=ma.validate.Regexp(
        CONTEXT_KEY, error="a reason is a short lowercase word such as customer_request"))
    context = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Regexp(
            CONTEXT_KEY, error="a context key is a short lowercase name such as step")),
        values=ma.fields.Raw(allow_none=True, validate=_flat_fact),
        load_default=dict,
        validate=ma.validate.Length(max=CONTEXT_KEYS,
                                    error=f"a context has at most {CONTEXT_KEYS} facts"))


class TicketSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.String()
    service = ma.fields.String()
    reason = ma.fields.String()
    status = ma.fields.String()
    created_at = ma.fields.DateTime()


class PublicTicketSchema(ma.Schema):
    """What anyone in the branch may see of a waiting ticket: no reason, no context."""

    number = ma.fields.String()
    service = ma.fields.String()
    created_at = ma.fields.DateTime()


class QueueSchema(ma.Schema):
    branch = ma.fields.String()
    waiting = ma.fields.List(ma.fields.Nested(PublicTicketSchema))


class BranchSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    address = ma.fields.String()
    privacy_mode = ma.fields.String()


@bp.get("/branches")
@bp.response(200, BranchSchema(many=True))
def list_branches():
    """List the branches."""
    return get_session().scalars(select(Branch).order_by(Branch.code)).all()


@bp.before_request
def _limit_public_tickets() -> None:
    """Count a ticket request against its address's limit before its body is even read."""
    if request.endpoint == f"{bp.name}.take_ticket":
        within_limit("public_ticket",
                     current_app.extensions["smartbranch.settings"].queue.public_ticket_limit)


@bp.post("/kiosk/tickets")
@bp.arguments(TicketRequestSchema)
@bp.response(201, TicketSchema)
@bp.alt_response(404, description="No such kiosk")
@bp.alt_response(429, description="Too many tickets from this address (Retry-After)")
def take_ticket(body):
    """Take a counter ticket at a kiosk, carrying a few flat facts of what the customer did.

    Public (a ticket dispenser needs no pairing), so it is rate-limited per address and its
    context is bounded (at most 12 short facts, nothing nested).
    """
    session = get_session()
    begin_write(session)  # numbering reads the day's last number: no other writer between
    device = session.scalar(
        select(Device).where(Device.code == body["kiosk"], Device.kind == DeviceKind.KIOSK)
    )
    if device is None:
        abort(404, message=f"no kiosk called {body['kiosk']}")
    # This public dispenser endpoint needs no device token, so it may not claim priority:
    # only the kiosk agents (card-authenticated sessions) set context.priority.
    context = {k: v for k, v in body["context"].items() if k != "priority"}
    try:
        return issue_ticket(
            session,
            get_bus(),
            device.branch_id,
            body["service"],
            body["reason"],
            context=context,
            device_id=device.id,
        )
    except QueueError as exc:
        abort(422, message=str(exc))


@bp.get("/branches/<code>/queue")
@bp.response(200, QueueSchema)
@bp.alt_response(404, description="No such branch")
def branch_queue(code: str):
    """Return the waiting tickets of a branch (numbers only: the public queue screen)."""
    session = get_session()
    branch = session.scalar(select(Branch).where(Branch.code == code))
    if branch is None:
        abort(404, message=f"no branch called {code}")
    return {"branch": branch.code, "waiting": waiting_tickets(session, branch.id)}
