"""The customer 360, search, notes, preferences and the access-log export over HTTP."""

from __future__ import annotations

import marshmallow as ma
from flask import Response
from flask_login import current_user
from flask_smorest import Blueprint

from shared.audit.access_log import ViewReason, access_log, export_csv, record_view
from shared.customers.profile import (
    CustomerError,
    add_note,
    customer_360,
    search_customers,
    set_preference,
)
from shared.web.i18n import localised
from shared.web.request_db import get_session, writing_session
from staff_console.api.errors import abort_on
from staff_console.lookups import watch_lookup
from staff_console.policy import Can, require_customer, requires

bp = Blueprint(
    "staff_customers", __name__, url_prefix="/api/staff", description="Customer 360"
)


class SearchArgs(ma.Schema):
    q = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=80))


class CustomerSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    customer_number = ma.fields.String()
    display_name = ma.fields.String()
    tier = ma.fields.String()
    phone = ma.fields.String()


class ProfileArgs(ma.Schema):
    reason = ma.fields.String(
        load_default=ViewReason.PROFILE.value,
        validate=ma.validate.OneOf([r.value for r in ViewReason]),
    )


class ProfileSchema(ma.Schema):
    customer = ma.fields.Dict()
    accounts = ma.fields.List(ma.fields.Dict())
    spending_by_category = ma.fields.Dict()
    recent_transactions = ma.fields.List(ma.fields.Dict())
    preferences = ma.fields.Dict()
    notes = ma.fields.List(ma.fields.Dict())
    consent = ma.fields.Dict()
    visits = ma.fields.List(ma.fields.Dict())
    talking_points = ma.fields.List(ma.fields.Dict())
    open_requests = ma.fields.List(ma.fields.Dict())


class NoteSchema(ma.Schema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))
    visit_id = ma.fields.Integer(load_default=None, allow_none=True)


class NoteOutSchema(ma.Schema):
    id = ma.fields.Integer()
    body = ma.fields.String()
    created_at = ma.fields.DateTime()


class PreferenceSchema(ma.Schema):
    value = ma.fields.String(required=True, validate=ma.validate.Length(max=400))


class AccessEntrySchema(ma.Schema):
    at = ma.fields.DateTime()
    staff_id = ma.fields.Integer(allow_none=True)
    staff_name = ma.fields.String()
    action = ma.fields.String()
    reason = ma.fields.String()


def _branches() -> set[int]:
    return {current_user.branch_id}


@bp.get("/customers")
@requires(Can.OPEN_PROFILE)
@bp.arguments(SearchArgs, location="query")
@bp.response(200, CustomerSummarySchema(many=True))
def search(args):
    """Find my branch's customers by name, phone, customer or account number."""
    with abort_on(CustomerError):
        return search_customers(get_session(), args["q"], _branches())


@bp.get("/customers/<int:customer_id>")
@requires(Can.OPEN_PROFILE)
@bp.arguments(ProfileArgs, location="query")
@bp.response(200, ProfileSchema)
@bp.alt_response(404, description="No such customer within your branch's reach")
def profile(args, customer_id: int):
    """Return the customer 360; the opening and its reason go to the access log."""
    require_customer(customer_id)
    session = writing_session()
    record_view(session, current_user.identity.id, customer_id, ViewReason(args["reason"]))
    watch_lookup(session, customer_id, ViewReason(args["reason"]))
    return localised(customer_360(session, customer_id))


@bp.post("/customers/<int:customer_id>/notes")
@requires(Can.EDIT_PROFILE)
@bp.arguments(NoteSchema)
@bp.response(201, NoteOutSchema)
def post_note(body, customer_id: int):
    """Add a note to the customer's record."""
    require_customer(customer_id)
    with abort_on(CustomerError):
        return add_note(writing_session(), customer_id, current_user.identity.id, body["body"],
                        body["visit_id"])


@bp.put("/customers/<int:customer_id>/preferences/<key>")
@requires(Can.EDIT_PROFILE)
@bp.arguments(PreferenceSchema)
@bp.response(204)
def put_preference(body, customer_id: int, key: str):
    """Set one editable preference (drink, contact channel, ...); an empty value removes it."""
    require_customer(customer_id)
    with abort_on(CustomerError):
        set_preference(writing_session(), customer_id, current_user.identity.id, key, body["value"])


@bp.get("/customers/<int:customer_id>/access-log")
@requires(Can.EXPORT_ACCESS_LOG)
@bp.response(200, AccessEntrySchema(many=True))
def get_access_log(customer_id: int):
    """Who opened or changed the customer's record, when and why."""
    require_customer(customer_id)
    return access_log(get_session(), customer_id)


@bp.get("/customers/<int:customer_id>/access-log.csv")
@requires(Can.EXPORT_ACCESS_LOG)
@bp.response(200, description="CSV of the access log", content_type="text/csv")
def export_access_log(customer_id: int):
    """Download the customer's access log as CSV (the export is logged too)."""
    require_customer(customer_id)
    body = export_csv(writing_session(), customer_id, current_user.identity.id)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="access-log-{customer_id}.csv"'})
