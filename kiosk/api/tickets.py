"""Counter tickets and the public queue over HTTP."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from shared.models import Branch, Device
from shared.models.enums import DeviceKind
from shared.queue.tickets import SERVICE_PREFIX, QueueError, issue_ticket, waiting_tickets
from shared.web.bus import get_bus
from shared.web.request_db import get_session

bp = Blueprint("kiosk_api", __name__, url_prefix="/api", description="Kiosk and queue")


class TicketRequestSchema(ma.Schema):
    kiosk = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    service = ma.fields.String(required=True, validate=ma.validate.OneOf(list(SERVICE_PREFIX)))
    reason = ma.fields.String(load_default="customer_request", validate=ma.validate.Length(max=64))
    context = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)


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


@bp.post("/kiosk/tickets")
@bp.arguments(TicketRequestSchema)
@bp.response(201, TicketSchema)
@bp.alt_response(404, description="No such kiosk")
def take_ticket(body):
    """Take a counter ticket at a kiosk, carrying what the customer was doing."""
    session = get_session()
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
