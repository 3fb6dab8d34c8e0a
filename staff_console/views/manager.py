"""The manager's dashboard page: today live and any date range (data over /api/manager)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from staff_console.api.manager import local_today
from staff_console.policy import Can, current_can, dashboard_branches, requires

bp = Blueprint("staff_manager", __name__, url_prefix="/staff")
HISTORY_DAYS = 90  # the range the page opens on

# The words the page's script puts beside the numbers (it has no English of its own).
LABELS = {
    "steps": {"footfall": "Came in", "identified": "Identified", "greeted": "Greeted",
              "served": "Served", "offer_discussed": "Offer discussed",
              "offer_accepted": "Offer accepted"},
    "outcomes": {"completed": "Completed", "fallback": "Sent to the counter",
                 "abandoned": "Abandoned", "device_fault": "Device fault", "all": "All"},
    "figures": {"footfall": "Footfall", "identified_share": "Identified",
                "greet_p50_s": "Greeted in (median)",
                "greeted_within_target_share": "Greeted within target",
                "door_wait_p50_s": "Wait from the door (median)",
                "queue_wait_p50_s": "Queue wait (median)",
                "queue_within_target_share": "Called within target",
                "kiosk_completion_rate": "Kiosk completion", "served": "Served",
                "arrivals": "Identified arrivals", "claimed": "Claimed", "greeted": "Greeted",
                "handed_over": "Handed over", "p50_s": "Median", "p90_s": "90th percentile",
                "target_s": "Target", "within_target_share": "Within target",
                "count": "Customers", "mean_s": "Mean"},
    "series": {"entries": "Came in", "exits": "Left", "wait_p50_s": "Median wait",
               "wait_p90_s": "90th percentile wait", "sessions": "Sessions",
               "count": "Customers"},
    # The order rows are shown in (the labels above reach the page with their keys sorted).
    "summary_order": ["footfall", "served", "identified_share", "greet_p50_s",
                      "greeted_within_target_share", "door_wait_p50_s", "queue_wait_p50_s",
                      "queue_within_target_share", "kiosk_completion_rate"],
    "outcome_order": ["completed", "fallback", "abandoned", "device_fault"],
    "all_services": "All services",
    "points": "pts",
    "vs_previous": "vs previous",
    "no_previous": "no comparison: figures begin on",
    "none": "–",
    "live": "live", "reconnecting": "reconnecting…", "offline": "offline",
}


@bp.get("/manager")
@requires(Can.SEE_DASHBOARD)
def dashboard():
    identity = current_user.identity
    scope = dashboard_branches(identity)
    settings = current_app.extensions["smartbranch.settings"]
    today = local_today(scope[0].timezone) if scope else None
    greet_s = settings.analytics.greet_target_seconds
    return render_template(
        "staff/manager.html",
        me=identity,
        scope=scope,
        scope_json=[dataclasses.asdict(branch) for branch in scope],
        area_name=scope[0].area_name if scope and current_can(Can.COMPARE_BRANCHES) else None,
        today=today,
        history_from=today - timedelta(days=HISTORY_DAYS - 1) if today else None,
        refresh_ms=round(settings.analytics.live_refresh_seconds * 1000),
        greet_target=f"{greet_s // 60} min" if greet_s % 60 == 0 else f"{greet_s} s",
        hours=[f"{hour:02d}" for hour in range(24)],
        labels=LABELS,
    )
