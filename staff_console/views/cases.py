"""The risk cases page: the branch's open cases, live, closed as genuine or fraud (data over
/api/staff/fraud)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from shared import fraud
from shared.web.request_db import get_session
from staff_console.page_text.cases import cases_text
from staff_console.policy import Can, case_branches, current_can, requires

bp = Blueprint("staff_cases_pages", __name__, url_prefix="/staff")


@bp.get("/cases")
@requires(Can.HANDLE_FRAUD_CASES)
def cases():
    """The page a teller or manager works the branch's risk cases on."""
    return render_template(
        "staff/cases.html",
        me=current_user.identity,
        can_open_profiles=current_can(Can.OPEN_PROFILE),
        page_text=cases_text(),
    )


def open_case_count() -> int | None:
    """The top bar's count of open cases, for those who handle them (None: no count)."""
    if not current_can(Can.HANDLE_FRAUD_CASES):
        return None
    return fraud.count_open(get_session(), case_branches(current_user.identity))
