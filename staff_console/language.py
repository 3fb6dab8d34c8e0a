"""The staff console's language: the one a staff member picks in the top bar, else the browser's.

Every staff page and staff API answer is rendered in it, with times in the branch's zone.
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, url_for
from flask_login import current_user

from shared.web.i18n import choose_language, use_chosen_language, use_timezone

bp = Blueprint("staff_language", __name__, url_prefix="/staff")

_STAFF_PATHS = ("/staff", "/api/staff", "/api/manager")


@bp.post("/language")
def choose():
    """Keep the chosen language for this browser and go back to the page it was chosen on."""
    choose_language(request.form.get("language", ""))
    back = request.form.get("next", "")
    # Only same-site paths: anything else would be an open redirect.
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("staff_floor.floor")
    return redirect(back, code=303)


def _staff_language() -> None:
    if request.path.startswith(_STAFF_PATHS):
        use_chosen_language()
        if current_user.is_authenticated:
            use_timezone(current_user.identity.branch_timezone)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(_staff_language)
