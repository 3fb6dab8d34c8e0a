"""Who may do what on the console: capabilities per role, checked per route and per event.

Fails closed: a role missing from the table, or a capability missing from a role, is a no.
Tellers work the queue and do not open the 360 (what they need at the counter travels on
the ticket); with branch managers they handle the branch's risk cases. Admins manage staff
and never browse customers. The dashboard is for managers: a branch manager sees their own
branch, an area manager every branch of their area (and nothing else of the console: no
floor, no customers).
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from shared.customers.profile import visible_branch_ids
from shared.db.base import utcnow
from shared.models.enums import Role
from shared.staff.accounts import StaffIdentity
from shared.staff.scope import BranchRef, area_branches, branches_by_id
from shared.web.request_db import get_session


class Can(StrEnum):
    SEE_FLOOR = "see_floor"  # the branch's live feed and queue
    SEE_ARRIVALS = "see_arrivals"  # arrival cards (a profile summary)
    GREET = "greet"  # claim, greeted, hand over
    OPEN_PROFILE = "open_profile"  # the 360, search
    EDIT_PROFILE = "edit_profile"  # notes, preferences
    MANAGE_CONSENT = "manage_consent"  # consent, enrolment, withdrawal
    EXPORT_ACCESS_LOG = "export_access_log"
    WORK_QUEUE = "work_queue"  # the teller desk: call, serve, transfer, no-show, close
    RECONCILE_CASH = "reconcile_cash"  # settle suspect kiosk cash sessions
    MANAGE_WALLET = "manage_wallet"  # see and revoke a customer's wallet bindings
    SEE_DASHBOARD = "see_dashboard"  # the manager's dashboard, its API, CSV and live room
    COMPARE_BRANCHES = "compare_branches"  # the dashboard covers every branch of one's area
    MANAGE_STAFF = "manage_staff"  # create, deactivate, change role, reset password, sign out
    HANDLE_FRAUD_CASES = "handle_fraud_cases"  # see the branch's risk cases, close them


_COUNTER = frozenset({Can.WORK_QUEUE, Can.RECONCILE_CASH, Can.HANDLE_FRAUD_CASES})
_DASHBOARD = frozenset({Can.SEE_DASHBOARD, Can.COMPARE_BRANCHES})
CAPABILITIES: dict[Role, frozenset[Can]] = {
    Role.RELATIONSHIP_MANAGER: frozenset(Can) - _COUNTER - _DASHBOARD - {Can.MANAGE_STAFF},
    Role.BRANCH_MANAGER: frozenset(Can) - {Can.COMPARE_BRANCHES, Can.MANAGE_STAFF},
    Role.AREA_MANAGER: _DASHBOARD,
    Role.TELLER: frozenset({Can.SEE_FLOOR}) | _COUNTER,
    Role.ADMIN: frozenset({Can.MANAGE_STAFF}),
}


def allows(role: Role | str | None, capability: Can) -> bool:
    """Return whether the role has the capability; unknown roles have none."""
    try:
        return capability in CAPABILITIES.get(Role(role), frozenset())
    except ValueError:
        return False


def current_can(capability: Can) -> bool:
    return current_user.is_authenticated and allows(current_user.role, capability)


def requires(capability: Can):
    """Refuse the view (401 signed out, 403 otherwise) unless the staff member may do it."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if not allows(current_user.role, capability):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def customer_in_reach(customer_id: int) -> bool:
    """Whether the signed-in staff member's branch is the customer's home or where they are."""
    settings = current_app.extensions["smartbranch.settings"]
    branches = visible_branch_ids(
        get_session(), customer_id, utcnow(), settings.console.visiting_access_hours
    )
    return current_user.branch_id in branches


def require_customer(customer_id: int) -> None:
    """404 unless the customer is within the staff member's reach (existence is not leaked)."""
    if not customer_in_reach(customer_id):
        abort(404)


def dashboard_branches(identity: StaffIdentity) -> list[BranchRef]:
    """The branches whose figures the staff member may see: none, their own, or their area's.

    An area manager whose branch is in no area sees nothing (the scope fails closed too).
    """
    if not allows(identity.role, Can.SEE_DASHBOARD):
        return []
    if allows(identity.role, Can.COMPARE_BRANCHES):
        return [] if identity.area_id is None else area_branches(get_session(), identity.area_id)
    return branches_by_id(get_session(), [identity.branch_id])


def case_branches(identity: StaffIdentity) -> list[int]:
    """The branches whose risk cases the staff member works: their own, or none.

    A case belongs to the branch where the act happened (a visiting customer's case is the
    visited branch's), so a teller or branch manager sees the cases of their own floor.
    """
    return [identity.branch_id] if allows(identity.role, Can.HANDLE_FRAUD_CASES) else []
