"""The teller desk over HTTP: the queue with context, the counter actions, reconciliation."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint, abort

from shared.desk.context import desk_context
from shared.desk.suspects import branch_suspects, reconcile_suspect
from shared.i18n.text import Text, localise
from shared.money.cash.sessions import CashSessionError
from shared.money.ledger import LedgerError
from shared.queue import tickets as queue
from shared.queue.board import DeskTicket, desk_queue
from shared.queue.tickets import OUTCOMES, SERVICE_PREFIX, QueueError
from shared.web.bus import get_bus
from shared.web.i18n import current_language, said
from shared.web.request_db import get_session, writing_session
from staff_console.api.errors import abort_on
from staff_console.labels import label
from staff_console.policy import Can, requires
from staff_console.realtime import replay_buffer

bp = Blueprint(
    "staff_desk", __name__, url_prefix="/api/staff/desk",
    description="The teller desk: counter queue and cash reconciliation",
)
QUEUE_STATUS = {"not_found": 404, "wrong_state": 409, "counter_busy": 409, "queue_empty": 409}
COUNTER = ma.validate.Length(min=1, max=queue.COUNTER_MAX)


class DeskContextRowSchema(ma.Schema):
    label = ma.fields.String()
    value = ma.fields.String()


class DeskTicketSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.String()
    service = ma.fields.String()
    reason = ma.fields.String()
    status = ma.fields.String()
    counter = ma.fields.String()
    priority = ma.fields.Boolean()
    kiosk = ma.fields.String()
    created_at = ma.fields.DateTime()
    called_at = ma.fields.DateTime(allow_none=True)
    served_by_id = ma.fields.Integer(allow_none=True)
    outcome = ma.fields.String()
    estimated_wait_seconds = ma.fields.Integer(allow_none=True)
    context = ma.fields.List(ma.fields.Nested(DeskContextRowSchema))


class DeskQueueSchema(ma.Schema):
    last_event_id = ma.fields.String()
    waiting = ma.fields.List(ma.fields.Nested(DeskTicketSchema))
    active = ma.fields.List(ma.fields.Nested(DeskTicketSchema))
    open_counters = ma.fields.Integer()
    estimated_wait_seconds = ma.fields.Integer()
    services = ma.fields.List(ma.fields.String())
    outcomes = ma.fields.List(ma.fields.String())


class DeskQueueQuerySchema(ma.Schema):
    counter = ma.fields.String(load_default="", validate=ma.validate.Length(max=queue.COUNTER_MAX))


class DeskCallNextSchema(ma.Schema):
    counter = ma.fields.String(required=True, validate=COUNTER)
    services = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(list(SERVICE_PREFIX))), load_default=list
    )


class DeskTransferSchema(ma.Schema):
    to_service = ma.fields.String(validate=ma.validate.OneOf(list(SERVICE_PREFIX)),
                                  load_default=None)
    to_counter = ma.fields.String(validate=COUNTER, load_default=None)
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=240))


class DeskCloseSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=ma.validate.OneOf(OUTCOMES))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=240))


class CashSuspectSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    kiosk_code = ma.fields.String()
    kiosk_status = ma.fields.String()
    amount_minor = ma.fields.Integer()
    currency = ma.fields.String()
    account_ending = ma.fields.String()
    planned_notes = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    device_report = ma.fields.Method("_report")
    reason = ma.fields.String()
    suspect_at = ma.fields.DateTime(allow_none=True)
    outcomes = ma.fields.List(ma.fields.String())

    def _report(self, suspect) -> list[dict]:
        return [{"label": label, "value": value} for label, value in suspect.device_report]


class CashReconcileSchema(ma.Schema):
    outcome = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["taken", "not_taken", "accepted", "returned"]),
    )
    # Denomination in minor units -> notes counted in the cassettes, bins and escrow.
    counts = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Regexp(r"^[1-9][0-9]{0,8}$")),
        values=ma.fields.Integer(validate=ma.validate.Range(min=0, max=100_000)),
        load_default=dict,
    )
    amount_minor = ma.fields.Integer(load_default=None, allow_none=True,
                                     validate=ma.validate.Range(min=1))


class CashReconciledSchema(ma.Schema):
    id = ma.fields.Integer()
    state = ma.fields.String()
    reconciliation = ma.fields.Dict()


def _kiosk_currency() -> str:
    """The currency of this server's kiosks: for amounts in a ticket context that names none.

    Kiosks write their currency into every ticket they issue; an older ticket came from
    the same kiosks, so their currency shows it as it always showed (labelled minor units
    would hide an amount the teller could read).
    """
    return current_app.extensions["smartbranch.settings"].kiosk.currency


def _readable(context: dict | None) -> dict | None:
    """The context with a step-up's rules (stored by name) in the teller's words."""
    rules = (context or {}).get("fraud_rules")
    if not isinstance(rules, list):
        return context
    return {**context, "fraud_rules": [label("fraud_rule", rule) for rule in rules]}


def _ticket(card: DeskTicket) -> dict:
    t = card.ticket
    language = current_language().code
    return {
        "id": t.id, "number": t.number, "service": t.service, "reason": t.reason,
        "status": t.status.value, "counter": t.counter, "priority": card.priority,
        "kiosk": card.kiosk_code, "created_at": t.created_at, "called_at": t.called_at,
        "served_by_id": t.served_by_id, "outcome": t.outcome,
        "estimated_wait_seconds": card.estimated_wait_seconds,
        "context": [{"label": localise(k, language), "value": localise(v, language)
                     if isinstance(v, Text) else v}
                    for k, v in desk_context(_readable(t.context), _kiosk_currency())],
    }


def _single(ticket) -> dict:
    return _ticket(DeskTicket(ticket, "", False, None))


def _queue_action(action, ticket_id: int, **kwargs):
    me = current_user.identity
    with abort_on(QueueError, QUEUE_STATUS, code_in_errors=True):
        ticket = action(writing_session(), get_bus(), me.branch_id, ticket_id, me.id, **kwargs)
    return _single(ticket)


@bp.get("/queue")
@requires(Can.WORK_QUEUE)
@bp.arguments(DeskQueueQuerySchema, location="query")
@bp.response(200, DeskQueueSchema)
def get_queue(query):
    """Return my branch's waiting tickets (calling order for my counter) and active ones."""
    settings = current_app.extensions["smartbranch.settings"]
    last_id = replay_buffer(current_app).last_id(current_user.branch_id)
    view = desk_queue(get_session(), current_user.branch_id, settings.queue, query["counter"])
    return {
        "last_event_id": last_id,
        "waiting": [_ticket(c) for c in view["waiting"]],
        "active": [_ticket(c) for c in view["active"]],
        "open_counters": view["open_counters"],
        "estimated_wait_seconds": view["estimated_wait_seconds"],
        "services": list(SERVICE_PREFIX),
        "outcomes": list(OUTCOMES),
    }


@bp.post("/call-next")
@requires(Can.WORK_QUEUE)
@bp.arguments(DeskCallNextSchema)
@bp.response(200, DeskTicketSchema)
@bp.alt_response(409, description="No one is waiting, or the counter still has a ticket")
def call_next(body):
    """Call the next ticket in queue order to my counter (announced on the public screen)."""
    me = current_user.identity
    with abort_on(QueueError, QUEUE_STATUS, code_in_errors=True):
        ticket = queue.call_next(writing_session(), get_bus(), me.branch_id, body["counter"],
                                 me.id, services=body["services"])
    if ticket is None:
        abort(409, message="No one is waiting.", errors={"code": "queue_empty"})
    return _single(ticket)


@bp.post("/tickets/<int:ticket_id>/serve")
@requires(Can.WORK_QUEUE)
@bp.response(200, DeskTicketSchema)
@bp.alt_response(404, description="No such ticket at your branch")
@bp.alt_response(409, description="The ticket is not called")
def serve(ticket_id: int):
    """Start serving a called ticket."""
    return _queue_action(queue.serve, ticket_id)


@bp.post("/tickets/<int:ticket_id>/transfer")
@requires(Can.WORK_QUEUE)
@bp.arguments(DeskTransferSchema)
@bp.response(200, DeskTicketSchema)
@bp.alt_response(404, description="No such ticket at your branch")
@bp.alt_response(409, description="The ticket is not at a counter")
def transfer(body, ticket_id: int):
    """Send the customer to another service or counter; number and context go with them."""
    return _queue_action(queue.transfer, ticket_id, to_service=body["to_service"],
                         to_counter=body["to_counter"], note=body["note"])


@bp.post("/tickets/<int:ticket_id>/no-show")
@requires(Can.WORK_QUEUE)
@bp.response(200, DeskTicketSchema)
@bp.alt_response(404, description="No such ticket at your branch")
@bp.alt_response(409, description="The ticket is not called")
def no_show(ticket_id: int):
    """Close a called ticket whose customer did not come."""
    return _queue_action(queue.no_show, ticket_id)


@bp.post("/tickets/<int:ticket_id>/close")
@requires(Can.WORK_QUEUE)
@bp.arguments(DeskCloseSchema)
@bp.response(200, DeskTicketSchema)
@bp.alt_response(404, description="No such ticket at your branch")
@bp.alt_response(409, description="The ticket is not at a counter")
def close(body, ticket_id: int):
    """Finish a ticket with an outcome."""
    return _queue_action(queue.close, ticket_id, outcome=body["outcome"], note=body["note"])


@bp.get("/suspects")
@requires(Can.RECONCILE_CASH)
@bp.response(200, CashSuspectSchema(many=True))
def suspects():
    """Open suspect cash sessions at my branch's kiosks, with what the devices reported."""
    return branch_suspects(get_session(), current_user.branch_id)


@bp.post("/suspects/<int:suspect_id>/reconcile")
@requires(Can.RECONCILE_CASH)
@bp.arguments(CashReconcileSchema)
@bp.response(200, CashReconciledSchema)
@bp.alt_response(404, description="No such suspect at your branch")
@bp.alt_response(409, description="Already reconciled")
def reconcile(body, suspect_id: int):
    """Settle a suspect from the counted notes; the kiosk returns when none is left."""
    me = current_user.identity
    try:
        cash = reconcile_suspect(
            writing_session(), get_bus(), me.branch_id, suspect_id,
            outcome=body["outcome"], counts=body["counts"], staff_id=me.id,
            amount_minor=body["amount_minor"],
        )
    except CashSessionError as exc:
        status = 404 if exc.code == "not_found" else 409 if "not suspect" in str(exc) else 422
        abort(status, message=said(exc), errors={"code": exc.code})
    except LedgerError as exc:
        abort(422, message=said(exc), errors={"code": exc.code})
    return {"id": cash.id, "state": cash.state.value, "reconciliation": cash.reconciliation}
