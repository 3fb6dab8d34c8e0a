"""Plan a branch's history over a range of days and bulk load it: facts, then their rollups.

Facts are inserted in batches and the rollups written once from a recomputation of the
same rows (`shared.analytics.cells.recompute`), never fact by fact through `record`: the
result is what recording each fact would have kept, at a fraction of the cost.
"""

from __future__ import annotations

import time as timer
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared.analytics.cells import by_day, by_month, recompute
from shared.analytics.store import write_rollups
from shared.demo.history.calendar import outage_day
from shared.demo.history.day import HistoryBranch, HistoryFact, plan_day
from shared.models.analytics import AnalyticsFact

BATCH = 10_000


@dataclass(frozen=True)
class HistorySummary:
    facts: int
    hourly_cells: int
    daily_cells: int
    monthly_cells: int
    seconds: float


def plan_history(branch: HistoryBranch, days: int, now: datetime,
                 seed: int) -> Iterator[HistoryFact]:
    """The branch's facts over the `days` local days before today, and today until `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(branch.zone).date()
    first = today - timedelta(days=days)
    outage = outage_day(seed, branch.code, first, today - timedelta(days=1))
    for offset in range(days + 1):
        day = first + timedelta(days=offset)
        yield from plan_day(branch, day, seed, now, kiosks_down=day == outage)


def fact_values(facts: Iterable[HistoryFact], recorded_at: datetime) -> list[dict]:
    """The rows to insert: no customer on any of them (see day.py)."""
    return [{"key": key, "branch_id": row.branch_id, "kind": row.kind, "at": row.at,
             "dim": row.dim, "detail": row.detail, "duration_ms": row.duration_ms,
             "customer_id": None, "recorded_at": recorded_at} for key, row in facts]


def load_history(session: Session, branches: Iterable[HistoryBranch], days: int,
                 now: datetime, seed: int) -> HistorySummary:
    """Insert the branches' history and its rollups; the branches must have none yet.

    The caller owns the transaction: this only executes.
    """
    started = timer.perf_counter()
    branches = list(branches)
    facts = [fact for branch in branches for fact in plan_history(branch, days, now, seed)]
    rows = fact_values(facts, now)
    for start in range(0, len(rows), BATCH):
        session.execute(insert(AnalyticsFact.__table__), rows[start:start + BATCH])
    hours = recompute((fact.row for fact in facts), {b.id: b.zone for b in branches})
    write_rollups(session, hours)
    return HistorySummary(len(facts), len(hours), len(by_day(hours)), len(by_month(hours)),
                          round(timer.perf_counter() - started, 3))
