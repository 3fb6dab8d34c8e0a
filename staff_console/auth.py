"""Staff sessions: Flask-Login bound to our identity, with a version that sign-out bumps."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort
from flask_babel import gettext
from flask_login import LoginManager, UserMixin, current_user

from shared.i18n.text import N_
from shared.models.enums import Role
from shared.staff.accounts import StaffIdentity, load_identity
from shared.web.request_db import get_session


class StaffUser(UserMixin):
    """The signed-in staff member; the id carries the session version so old cookies die."""

    def __init__(self, identity: StaffIdentity):
        self.identity = identity

    def get_id(self) -> str:
        return f"{self.identity.id}:{self.identity.session_version}"

    @property
    def role(self) -> Role:
        return self.identity.role

    @property
    def branch_id(self) -> int:
        return self.identity.branch_id


def _load_user(user_id: str) -> StaffUser | None:
    try:
        staff_id, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    identity = load_identity(get_session(), staff_id, version)
    return StaffUser(identity) if identity else None


def init_app(app: Flask) -> LoginManager:
    manager = LoginManager()
    manager.login_view = "staff_signin.sign_in"
    manager.login_message = N_("Please sign in to continue.")
    manager.localize_callback = gettext  # flashed in the page's language
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(app)
    return manager


def roles_required(*roles: Role):
    """Allow the view only to signed-in staff whose role is one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
