"""The manager's dashboard page: today live and any date range (data over /api/manager)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from shared.web.i18n import local_number
from staff_console.api.manager import local_today
from staff_console.page_text.manager import manager_text
from staff_console.policy import Can, current_can, dashboard_branches, requires

bp = Blueprint("staff_manager", __name__, url_prefix="/staff")
HISTORY_DAYS = 90  # the range the page opens on


@bp.get("/manager")
@requires(Can.SEE_DASHBOARD)
def dashboard():
    identity = current_user.identity
    scope = dashboard_branches(identity)
    settings = current_app.extensions["smartbranch.settings"]
    today = local_today(scope[0].timezone) if scope else None
    return render_template(
        "staff/manager.html",
        me=identity,
        scope=scope,
        scope_json=[dataclasses.asdict(branch) for branch in scope],
        area_name=scope[0].area_name if scope and current_can(Can.COMPARE_BRANCHES) else None,
        today=today,
        history_from=today - timedelta(days=HISTORY_DAYS - 1) if today else None,
        refresh_ms=round(settings.analytics.live_refresh_seconds * 1000),
        greet_target=greet_target(settings.analytics.greet_target_seconds),
        hours=[f"{hour:02d}" for hour in range(24)],
        page_text=manager_text(),
    )


def greet_target(seconds: int) -> str:
    """The greeting target as a tile says it: "2 min", else "45 s", in the page's language."""
    if seconds % 60 == 0:
        return _("%(minutes)s min", minutes=local_number(seconds // 60))
    return _("%(seconds)s s", seconds=local_number(seconds))
