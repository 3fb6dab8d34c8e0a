"""The branch's risk cases over HTTP: list them, close one as genuine or fraud."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint, abort

from shared.fraud import CaseError, close_case, find_case, list_cases
from shared.models import CaseStatus
from shared.web.bus import get_bus
from shared.web.i18n import said
from shared.web.request_db import get_session, writing_session
from staff_console.policy import Can, case_branches, requires

bp = Blueprint(
    "staff_fraud", __name__, url_prefix="/api/staff/fraud",
    description="Risk cases: what the fraud rules found at the branch, and their closing",
)


class CaseListArgs(ma.Schema):
    all = ma.fields.Boolean(load_default=False, metadata={
        "description": "1: the latest cases of every status; 0 (default): the open ones"})


class CaseSchema(ma.Schema):
    id = ma.fields.Integer()
    rule = ma.fields.String()
    status = ma.fields.String()
    step_up = ma.fields.Boolean()
    device_code = ma.fields.String()
    customer_id = ma.fields.Integer(allow_none=True)
    customer_name = ma.fields.String()
    staff_name = ma.fields.String()
    amount_minor = ma.fields.Integer()
    currency = ma.fields.Method("_currency")
    hits = ma.fields.Integer()
    evidence = ma.fields.Dict(keys=ma.fields.String())
    opened_at = ma.fields.DateTime()
    last_hit_at = ma.fields.DateTime()
    closed_at = ma.fields.DateTime(allow_none=True)
    closed_by = ma.fields.String()
    note = ma.fields.String()

    def _currency(self, case) -> str:
        # Cases come from the branch's kiosks, whose acts are in the kiosks' currency.
        return current_app.extensions["smartbranch.settings"].kiosk.currency


class CaseCloseSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(
        [CaseStatus.GENUINE.value, CaseStatus.FRAUD.value]))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=240))


@bp.get("/cases")
@requires(Can.HANDLE_FRAUD_CASES)
@bp.arguments(CaseListArgs, location="query")
@bp.response(200, CaseSchema(many=True))
def cases(args):
    """Return my branch's cases, newest first: the open ones, or with all=1 every status."""
    return list_cases(get_session(), case_branches(current_user.identity),
                      open_only=not args["all"])


@bp.post("/cases/<int:case_id>/close")
@requires(Can.HANDLE_FRAUD_CASES)
@bp.arguments(CaseCloseSchema)
@bp.response(200, CaseSchema)
@bp.alt_response(404, description="No such case at your branch")
@bp.alt_response(409, description="The case is already closed")
def close(body, case_id: int):
    """Close an open case: genuine (identity checked) or fraud; audited and announced."""
    me = current_user.identity
    branches = case_branches(me)
    session = writing_session()
    try:
        close_case(session, case_id, staff_id=me.id, branch_ids=branches,
                   status=CaseStatus(body["status"]), note=body["note"], bus=get_bus())
    except CaseError as exc:
        if find_case(session, case_id, branches) is None:
            abort(404, message=said(exc))  # unknown, or another branch's: the same answer
        abort(409, message=said(exc), errors={"code": "closed"})
    return find_case(session, case_id, branches)
