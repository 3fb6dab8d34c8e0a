"""The manager's dashboard over HTTP: the figures of a date range as JSON, and as CSV.

A branch manager sees their own branch; an area manager every branch of their area,
summed or one at a time, with a row per branch to compare them. A branch outside the
staff member's scope and a branch that does not exist get the same 403: the answer never
says which branches exist elsewhere.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import Response, current_app
from flask_login import current_user
from flask_smorest import Blueprint, abort

from shared.analytics.comparison import branch_comparison, changes
from shared.analytics.dashboard import branch_dashboard, occupancy
from shared.analytics.export import to_csv
from shared.analytics.metrics import Targets
from shared.analytics.periods import Granularity, Period, PeriodError
from shared.db.base import utcnow
from shared.staff.scope import BranchRef
from shared.web.request_db import get_session
from staff_console.api.manager_schemas import (
    MetricsCsvQuerySchema,
    MetricsQuerySchema,
    MetricsSchema,
)
from staff_console.policy import Can, current_can, dashboard_branches, requires

bp = Blueprint(
    "manager", __name__, url_prefix="/api/manager",
    description="The branch manager's and area manager's dashboard (docs/METRICS.md)",
)
# An hourly series of a longer range would be thousands of points no chart can show.
MAX_HOURLY_DAYS = 31
NOT_YOURS = "not one of your branches"
CSV_ANSWER = ("CSV: one table with `table`, else every table as sections (the table's name "
              "alone on a row, its header, its rows, an empty row between)")


def local_today(zone: str) -> date:
    """Today in a branch's time zone (the rollups' days are local days)."""
    return utcnow().astimezone(ZoneInfo(zone)).date()


def _chosen(args: dict, scope: list[BranchRef]) -> tuple[list[BranchRef], dict | None]:
    """The branches asked for, all within the staff member's scope; 403 otherwise."""
    if args["branch"] and args["area"]:
        abort(422, message="ask for branches or an area, not both")
    if args["area"]:
        # Only an area manager covers an area; a branch manager's branch is not "the area".
        can_compare = current_can(Can.COMPARE_BRANCHES)
        chosen = [b for b in scope if can_compare and b.area_code == args["area"]]
        if not chosen:
            abort(403, message="not your area")
        return chosen, {"code": chosen[0].area_code, "name": chosen[0].area_name}
    if not args["branch"]:
        if not scope:
            abort(403, message="no branch to show: your branch is in no area")
        return scope, None
    by_code = {b.code: b for b in scope}
    codes = list(dict.fromkeys(args["branch"]))  # a repeated code counts once
    if any(code not in by_code for code in codes):
        abort(403, message=NOT_YOURS)
    return [by_code[code] for code in codes], None


def _period(args: dict, today: date) -> Period:
    end = args["to"] or today
    try:
        period = Period(args["from_"] or end, end)
    except PeriodError as exc:
        abort(422, message=str(exc), errors={"query": {"from": [str(exc)]}})
    granularity = Granularity(args["granularity"])
    if granularity is Granularity.HOUR and period.days > MAX_HOURLY_DAYS:
        message = f"an hourly series covers at most {MAX_HOURLY_DAYS} days"
        abort(422, message=message, errors={"query": {"granularity": [message]}})
    return period


def metrics_for(args: dict) -> dict:
    """Every figure of the range for the chosen branches, today's occupancy and, for
    several branches, a row per branch."""
    scope = dashboard_branches(current_user.identity)
    branches, area = _chosen(args, scope)
    zone = branches[0].timezone
    today = local_today(zone)
    period = _period(args, today)
    granularity = Granularity(args["granularity"])
    targets = Targets.from_settings(current_app.extensions["smartbranch.settings"])
    session = get_session()
    ids = [b.id for b in branches]
    data = branch_dashboard(session, ids, period, granularity, targets)
    data["change"] = changes(data["summary"], data["previous"])
    data["occupancy"] = occupancy(session, ids, today)
    if len(branches) > 1:
        names = {b.id: b for b in branches}
        data["comparison"] = [
            {"branch": names[row["branch_id"]].code, "name": names[row["branch_id"]].name, **row}
            for row in branch_comparison(session, ids, period, targets)]
    return {**data, "branch": branches[0].code if len(branches) == 1 else None,
            "branches": branches, "area": area, "scope": scope, "timezone": zone,
            "today": today}


@bp.get("/metrics")
@requires(Can.SEE_DASHBOARD)
@bp.arguments(MetricsQuerySchema, location="query", as_kwargs=False)
@bp.response(200, MetricsSchema)
@bp.alt_response(401, description="Not signed in")
@bp.alt_response(403, description="Not a manager, or a branch or area outside your scope "
                                  "(unknown codes answer the same)")
@bp.alt_response(422, description="A bad date, granularity or range (from after to, over "
                                  "three years, hourly over 31 days)")
def metrics(args: dict):
    """Return the dashboard's figures for a date range, compared with the range before."""
    return metrics_for(args)


@bp.get("/metrics.csv")
@requires(Can.SEE_DASHBOARD)
@bp.arguments(MetricsCsvQuerySchema, location="query", as_kwargs=False)
@bp.response(200, description=CSV_ANSWER, content_type="text/csv")
@bp.alt_response(401, description="Not signed in")
@bp.alt_response(403, description="As for /api/manager/metrics")
@bp.alt_response(422, description="As for /api/manager/metrics, or an unknown table")
@bp.doc(responses={"200": {"description": CSV_ANSWER,
                           "content": {"text/csv": {"schema": {"type": "string"}}}}})
def metrics_csv(args: dict):
    """Return the same figures as CSV, every table of the page or the one named."""
    data = metrics_for(args)
    data["comparison"] = data.get("comparison") or []
    name = "-".join(filter(None, [data["branch"] or (data["area"] or {}).get("code")
                                  or "branches", data["from"], data["to"], args["table"]]))
    return Response(to_csv(data, args["table"]), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="metrics-{name}.csv"'})


@bp.after_request
def _no_store(response):
    # Today's figures move with every event: never serve a cached copy.
    response.headers["Cache-Control"] = "no-store"
    return response

