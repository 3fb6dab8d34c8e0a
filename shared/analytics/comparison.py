"""Branches side by side, and how a period's figures moved against the period before.

An area manager compares the branches of their area on the figures a period is summed up
by (`metrics.summary`), each beside its own previous period. A change is relative for
counts and durations (+0.12: twelve per cent more) and in points for shares and rates
(+0.05: five points more), since "12 % more of 40 %" reads as nothing a manager can use.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from shared.analytics.metrics import Targets, summary
from shared.analytics.periods import Period
from shared.analytics.reading import first_days, history_start, read_rollups

# Summary figures that are shares of something: their change is a difference in points.
SHARES = frozenset({"identified_share", "greeted_within_target_share",
                    "queue_within_target_share", "kiosk_completion_rate"})


def change(figure: str, now: float | None, before: float | None) -> float | None:
    """How a figure moved: relative for counts and durations, in points for shares."""
    if now is None or before is None:
        return None
    if figure in SHARES:
        return round(now - before, 4)
    return round(now / before - 1, 4) if before else None


def changes(current: dict, previous: dict) -> dict[str, float | None]:
    """Every summary figure's change against the previous period (see `change`); none
    against a previous period the figures do not wholly cover (`complete` false)."""
    complete = previous.get("complete", True)
    return {figure: change(figure, value, previous.get(figure)) if complete else None
            for figure, value in current.items()}


def branch_comparison(session: Session, branch_ids: list[int], period: Period,
                      targets: Targets) -> list[dict]:
    """Each branch's summary over the period, its previous period's and the change."""
    rows = []
    firsts = first_days(session, branch_ids)  # one read for every branch's history start
    for branch_id in branch_ids:
        now = summary(read_rollups(session, [branch_id], period), targets)
        before = summary(read_rollups(session, [branch_id], period.previous()), targets)
        first = history_start(session, [branch_id], firsts)
        before["complete"] = first is not None and first <= period.previous().start
        rows.append({"branch_id": branch_id, **now, "previous": before,
                     "change": changes(now, before)})
    return rows
