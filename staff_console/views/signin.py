"""Sign-in and sign-out pages."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from shared.staff.accounts import SignInError, end_sessions, sign_in
from shared.web.bus import get_bus
from shared.web.i18n import said
from shared.web.limits import count_failure, wait_before
from shared.web.request_db import get_session
from staff_console.auth import StaffUser
from staff_console.policy import Can, current_can

bp = Blueprint("staff_signin", __name__, url_prefix="/staff")


# WTForms' own words, marked here so the form speaks the page's language like the page.
_REQUIRED = _l("This field is required.")
_TOO_LONG = _l("Field cannot be longer than %(max)d characters.")


class SignInForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(message=_REQUIRED), Length(max=64, message=_TOO_LONG)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_REQUIRED), Length(max=256, message=_TOO_LONG)])


def _home() -> str:
    """Where a staff member starts: the floor, or the dashboard for those with no floor."""
    if not current_can(Can.SEE_FLOOR) and current_can(Can.SEE_DASHBOARD):
        return url_for("staff_manager.dashboard")
    if current_can(Can.MANAGE_STAFF):
        return url_for("staff_admin.staff_list")
    return url_for("staff_floor.floor")


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute or protocol-relative URL would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return _home()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in_page():
    if current_user.is_authenticated:
        return redirect(_home())
    form = SignInForm()
    status = 200
    settings = current_app.extensions["smartbranch.settings"]
    wait = wait_before("staff_signin_failures", settings.auth.failed_signins_per_address)
    if request.method == "POST" and wait is not None:
        # Too many failures from this address, whatever the usernames: no password is even
        # checked until the window has passed.
        flash(_("Too many failed sign-ins from this network. Try again in %(minutes)s "
                "minutes.", minutes=math.ceil(wait / 60)), "error")
        return render_template("staff/signin.html", form=form), 429, {"Retry-After": str(wait)}
    if form.validate_on_submit():
        session = get_session()
        try:
            identity = sign_in(session, form.username.data, form.password.data, settings.auth)
        except SignInError as exc:
            session.commit()  # keep the failure count and the audit entry
            count_failure("staff_signin_failures", settings.auth.failed_signins_per_address)
            flash(said(exc), "error")
            status = 401
        else:
            login_user(StaffUser(identity))
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("staff/signin.html", form=form), status


# The login manager redirects to this endpoint name.
bp.add_url_rule("/sign-in", endpoint="sign_in", view_func=sign_in_page, methods=["GET", "POST"])


@bp.post("/sign-out")
@login_required
def sign_out():
    identity = current_user.identity
    session = get_session()
    end_sessions(session, get_bus(), identity.id)  # sockets close once this commits
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("staff_signin.sign_in"))
