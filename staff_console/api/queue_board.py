"""The public queue board as JSON: numbers and counters only, no sign-in."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from shared.models import Branch
from shared.queue.board import public_board, public_ticket
from shared.web.request_db import get_session

bp = Blueprint(
    "queue_board", __name__, url_prefix="/api/queue",
    description="The public queue screen (no personal data)",
)


class QueueCalledSchema(ma.Schema):
    number = ma.fields.String()
    counter = ma.fields.String()
    called_at = ma.fields.DateTime()


class QueueBoardSchema(ma.Schema):
    branch = ma.fields.String()
    called = ma.fields.List(ma.fields.Nested(QueueCalledSchema))
    next = ma.fields.List(ma.fields.String())
    waiting_count = ma.fields.Integer()
    open_counters = ma.fields.Integer()
    estimated_wait_seconds = ma.fields.Integer()
    estimated_wait = ma.fields.String()
    poll_seconds = ma.fields.Float()


class QueueTicketSchema(ma.Schema):
    number = ma.fields.String()
    status = ma.fields.String(metadata={"description": "waiting, transferred, called, "
                                                      "serving, done or no_show"})
    counter = ma.fields.String(metadata={"description": "Where to go once called"})
    ahead = ma.fields.Integer(allow_none=True)
    estimated_wait_seconds = ma.fields.Integer(allow_none=True)
    estimated_wait = ma.fields.String()


def _branch(code: str) -> Branch:
    branch = get_session().scalar(select(Branch).where(Branch.code == code))
    if branch is None:
        abort(404, message=f"no branch called {code}")
    return branch


def board_for(code: str) -> dict:
    """Return the branch's board, or 404 for an unknown branch code."""
    branch = _branch(code)
    settings = current_app.extensions["smartbranch.settings"]
    return {"branch": branch.code, **public_board(get_session(), branch.id, settings.queue)}


@bp.get("/<code>")
@bp.response(200, QueueBoardSchema)
@bp.alt_response(404, description="No such branch")
def board(code: str):
    """Return the numbers being called, the next numbers and the estimated wait."""
    return board_for(code[:64])


@bp.get("/<code>/tickets/<number>")
@bp.response(200, QueueTicketSchema)
@bp.alt_response(404, description="No such branch or ticket")
def ticket(code: str, number: str):
    """Return where one ticket stands: waiting (with how many are ahead), called, or done."""
    branch = _branch(code[:64])
    settings = current_app.extensions["smartbranch.settings"]
    answer = public_ticket(get_session(), branch.id, number[:16], settings.queue)
    if answer is None:
        abort(404, message=f"no ticket {number[:16]} at {branch.code}")
    return answer


@bp.after_request
def _no_store(response):
    # The screen must always show the live queue, never a cached one.
    response.headers["Cache-Control"] = "no-store"
    return response
