"""Staff administration for admins: the accounts of every branch and what may be done to them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from shared.db.base import utcnow
from shared.models import Branch
from shared.models.enums import Role
from shared.staff import admin
from shared.web.bus import get_bus
from shared.web.i18n import said
from shared.web.request_db import get_session, writing_session
from staff_console.policy import Can, requires

bp = Blueprint("staff_admin", __name__, url_prefix="/staff/admin")


@bp.get("/")
@requires(Can.MANAGE_STAFF)
def staff_list():
    session = get_session()
    return render_template(
        "staff/admin.html",
        staff=admin.list_staff(session),
        branches=session.scalars(select(Branch).order_by(Branch.code)).all(),
        roles=list(Role),
        me=current_user.identity,
        min_password=admin.MIN_PASSWORD,
        now=utcnow(),
    )


def _done(act, message: str):
    """Run `act` on a writing session; commit and say `message`, or roll back and say why."""
    session = writing_session()
    try:
        act(session)
    except admin.StaffAdminError as exc:
        session.rollback()
        flash(said(exc), "error")
    else:
        session.commit()  # sessions of the person end everywhere once this commits
        flash(message, "info")
    return redirect(url_for(".staff_list"))


def _form_int(name: str) -> int:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        return 0


def _form_role() -> Role | None:
    try:
        return Role(request.form.get("role", ""))
    except ValueError:
        return None


@bp.post("/staff")
@requires(Can.MANAGE_STAFF)
def create():
    role = _form_role()
    if role is None:
        flash(_("Choose a role."), "error")
        return redirect(url_for(".staff_list"))
    username = request.form.get("username", "")
    return _done(lambda s: admin.create_staff(
        s, current_user.identity.id, username=username,
        full_name=request.form.get("full_name", ""), role=role,
        branch_id=_form_int("branch_id"), password=request.form.get("password", "")),
        _("Account %(username)s created.", username=username.strip().lower()))


@bp.post("/staff/<int:staff_id>/active")
@requires(Can.MANAGE_STAFF)
def set_active(staff_id: int):
    active = request.form.get("active") == "yes"
    return _done(lambda s: admin.set_active(s, get_bus(), current_user.identity.id, staff_id,
                                            active, request.form.get("reason", "")),
                 _("Account reactivated.") if active
                 else _("Account deactivated; its sessions have ended."))


@bp.post("/staff/<int:staff_id>/role")
@requires(Can.MANAGE_STAFF)
def change_role(staff_id: int):
    role = _form_role()
    if role is None:
        flash(_("Choose a role."), "error")
        return redirect(url_for(".staff_list"))
    return _done(lambda s: admin.change_role(s, get_bus(), current_user.identity.id, staff_id,
                                             role=role, branch_id=_form_int("branch_id")),
                 _("Role and branch saved; the person signs in again to use them."))


@bp.post("/staff/<int:staff_id>/password")
@requires(Can.MANAGE_STAFF)
def reset_password(staff_id: int):
    return _done(lambda s: admin.reset_password(s, get_bus(), current_user.identity.id,
                                                staff_id, request.form.get("password", "")),
                 _("Password reset; the person's sessions have ended."))


@bp.post("/staff/<int:staff_id>/sign-out")
@requires(Can.MANAGE_STAFF)
def sign_out(staff_id: int):
    return _done(lambda s: admin.sign_out_everywhere(s, get_bus(), current_user.identity.id,
                                                     staff_id),
                 _("Signed out everywhere."))
