"""Profile openings go to the fraud rules too: a look-up with no visit or ticket is a case.

The reason a page gives for an opening is the browser's word, so it exempts nothing by
itself: an arrival card's customer is simply present (the rule finds the visit), and an
opening from a risk case is exempt only when such a case exists at the staff member's
branch and they may handle cases.
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from sqlalchemy.orm import Session

from shared import fraud
from shared.audit.access_log import ViewReason
from shared.models import SignalKind
from shared.web.bus import get_bus
from staff_console.policy import Can, allows


def watch_lookup(session: Session, customer_id: int, reason: ViewReason) -> None:
    """Show a profile opening to the rules, unless it checks a real case of this branch."""
    identity = current_user.identity
    if reason is ViewReason.FRAUD_CASE and allows(identity.role, Can.HANDLE_FRAUD_CASES) \
            and fraud.has_case_for(session, customer_id, [identity.branch_id]):
        return
    fraud.observe(session, fraud.Observation(
        kind=SignalKind.PROFILE_VIEWED, branch_id=identity.branch_id, staff_id=identity.id,
        customer_id=customer_id), current_app.extensions["smartbranch.settings"], get_bus())
