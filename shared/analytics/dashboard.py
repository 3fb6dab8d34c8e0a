"""The manager's dashboard for some branches and a period, from the rollups or the raw facts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from shared.analytics.kinds import FactKind
from shared.analytics.metrics import Targets, dashboard
from shared.analytics.periods import Granularity, Period
from shared.analytics.reading import history_start, read_heatmap, read_raw, read_rollups


def branch_dashboard(session: Session, branch_ids: list[int], period: Period,
                     granularity: Granularity, targets: Targets, *, raw: bool = False) -> dict:
    """Every figure for the branches over the period; `raw` recomputes from the facts."""
    entries = FactKind.DOOR_ENTRY.value
    if raw:
        cells, grid = read_raw(session, branch_ids, period, granularity, entries)
        previous, _ = read_raw(session, branch_ids, period.previous())
    else:
        cells = read_rollups(session, branch_ids, period, granularity)
        previous = read_rollups(session, branch_ids, period.previous())
        grid = read_heatmap(session, branch_ids, period, entries)
    return dashboard(cells, previous, grid, period, granularity, targets,
                     history_start(session, branch_ids))


def occupancy(session: Session, branch_ids: list[int], today: date) -> dict:
    """People inside now: today's door entries minus exits (where the camera sees direction)."""
    cells = read_rollups(session, branch_ids, Period(today, today))
    entries, exits = cells.count(FactKind.DOOR_ENTRY), cells.count(FactKind.DOOR_EXIT)
    # A camera that never sees anyone leave (faces only come in) makes "now" a ceiling.
    return {"entries": entries, "exits": exits, "now": max(0, entries - exits),
            "exits_counted": exits > 0}
