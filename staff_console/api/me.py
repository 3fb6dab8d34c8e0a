"""The signed-in staff member, for the console's scripts."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint

from staff_console.auth import roles_required

bp = Blueprint("staff_api", __name__, url_prefix="/api/staff", description="Staff console")


class StaffMeSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    full_name = ma.fields.String()
    role = ma.fields.String()
    branch_id = ma.fields.Integer()
    branch_code = ma.fields.String()
    branch_name = ma.fields.String()


@bp.get("/me")
@roles_required()
@bp.response(200, StaffMeSchema)
@bp.alt_response(401, description="Not signed in")
def me():
    """Return the signed-in staff member."""
    return current_user.identity
