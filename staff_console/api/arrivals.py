"""Arrival cards and floor actions over HTTP (the tablet uses Socket.IO for the actions)."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint, abort

from shared.audit.access_log import ViewReason, record_view
from shared.customers.profile import arrival_card
from shared.floor.arrivals import (
    ArrivalError,
    claim,
    colleagues,
    hand_over,
    mark_greeted,
    open_arrivals,
)
from shared.floor.offers import OUTCOMES, record_offer, recorded_offers
from shared.insights.offers.catalogue import KEYS as PRODUCTS
from shared.web.bus import get_bus
from shared.web.i18n import localised
from shared.web.request_db import get_session, writing_session
from staff_console.api.errors import abort_on
from staff_console.policy import Can, requires
from staff_console.realtime import replay_buffer

bp = Blueprint(
    "staff_arrivals", __name__, url_prefix="/api/staff", description="Arrivals on the floor"
)
ARRIVAL_STATUS = {"not_found": 404, "already_claimed": 409, "left": 409,
                  "already_decided": 409, "forbidden": 403}


class ClaimStateSchema(ma.Schema):
    visit_id = ma.fields.Integer()
    claimed_by_id = ma.fields.Integer(allow_none=True)
    claimed_by_name = ma.fields.String(allow_none=True)
    claimed_at = ma.fields.DateTime(allow_none=True)
    greeted_at = ma.fields.DateTime(allow_none=True)


class CardSchema(ClaimStateSchema):
    branch_id = ma.fields.Integer()
    arrived_at = ma.fields.DateTime()
    source = ma.fields.String()
    customer = ma.fields.Dict()
    preferences = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    products = ma.fields.List(ma.fields.Dict())
    last_visit = ma.fields.Dict(allow_none=True)
    open_requests = ma.fields.List(ma.fields.Dict())
    talking_points = ma.fields.List(ma.fields.Dict())
    offers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class FloorSchema(ma.Schema):
    last_event_id = ma.fields.String()
    cards = ma.fields.List(ma.fields.Nested(CardSchema))


class HandOverSchema(ma.Schema):
    to_staff_id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1))


class OfferSchema(ma.Schema):
    product = ma.fields.String(required=True, validate=ma.validate.OneOf(PRODUCTS))
    outcome = ma.fields.String(required=True, validate=ma.validate.OneOf(OUTCOMES))


class OffersSchema(ma.Schema):
    visit_id = ma.fields.Integer()
    offers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


class ColleagueSchema(ma.Schema):
    id = ma.fields.Integer()
    full_name = ma.fields.String()
    role = ma.fields.String()


def _cards(visits) -> list[dict]:
    session = writing_session()
    cards = []
    for visit in visits:
        card = arrival_card(session, visit.id)
        record_view(session, current_user.identity.id, visit.customer_id,
                    ViewReason.ARRIVAL_CARD, {"visit_id": visit.id})
        cards.append(localised(card))
    return cards


@bp.get("/arrivals")
@requires(Can.SEE_ARRIVALS)
@bp.response(200, FloorSchema)
@bp.alt_response(403, description="Your role does not see arrival cards")
def list_arrivals():
    """Return today's arrivals at my branch, newest first, and the feed position."""
    # Read the position first: an event after it is replayed on connect, never lost.
    last_id = replay_buffer(current_app).last_id(current_user.branch_id)
    visits = open_arrivals(writing_session(), current_user.branch_id)
    return {"last_event_id": last_id, "cards": _cards(visits)}


@bp.get("/arrivals/<int:visit_id>")
@requires(Can.SEE_ARRIVALS)
@bp.response(200, CardSchema)
@bp.alt_response(404, description="No such arrival at your branch")
def get_card(visit_id: int):
    """Return one arrival card (the opening is written to the customer's access log)."""
    session = writing_session()
    visits = [v for v in open_arrivals(session, current_user.branch_id) if v.id == visit_id]
    if not visits:
        abort(404, message=f"no arrival {visit_id} at your branch")
    return _cards(visits)[0]


def _act(action, visit_id: int, *args):
    session = writing_session()
    with abort_on(ArrivalError, ARRIVAL_STATUS):
        visit = action(session, get_bus(), visit_id, current_user.identity.id, *args)
    return localised(arrival_card(session, visit.id))


@bp.post("/arrivals/<int:visit_id>/claim")
@requires(Can.GREET)
@bp.response(200, ClaimStateSchema)
@bp.alt_response(409, description="Someone else is greeting them")
def claim_arrival(visit_id: int):
    """Claim the greeting; colleagues see customer.claimed at once."""
    return _act(claim, visit_id)


@bp.post("/arrivals/<int:visit_id>/greeted")
@requires(Can.GREET)
@bp.response(200, ClaimStateSchema)
def greeted(visit_id: int):
    """Mark the customer greeted."""
    return _act(mark_greeted, visit_id)


@bp.post("/arrivals/<int:visit_id>/hand-over")
@requires(Can.GREET)
@bp.arguments(HandOverSchema)
@bp.response(200, ClaimStateSchema)
def hand_over_arrival(body, visit_id: int):
    """Hand the customer to a colleague of this branch."""
    return _act(hand_over, visit_id, body["to_staff_id"])


@bp.post("/arrivals/<int:visit_id>/offers")
@requires(Can.GREET)
@bp.arguments(OfferSchema)
@bp.response(200, OffersSchema)
@bp.alt_response(409, description="The customer has left, or the offer is already decided")
def record_arrival_offer(body, visit_id: int):
    """Record a suggested product discussed, accepted or declined; return the visit's offers."""
    session = writing_session()
    with abort_on(ArrivalError, ARRIVAL_STATUS):
        record_offer(session, get_bus(), visit_id, current_user.identity.id, body["product"],
                     body["outcome"])
    return {"visit_id": visit_id, "offers": recorded_offers(session, visit_id)}


@bp.get("/colleagues")
@requires(Can.GREET)
@bp.response(200, ColleagueSchema(many=True))
def list_colleagues():
    """Colleagues of my branch who can take a customer."""
    return colleagues(get_session(), current_user.branch_id)
