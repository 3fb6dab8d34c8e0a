"""The rollup tables: add cells as facts arrive, rebuild them from the facts, read them back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.analytics.cells import Amount, FactRow, HourCell, by_day, by_month, month_of, recompute
from shared.models import Branch
from shared.models.analytics import AnalyticsFact, RollupDay, RollupHour, RollupMonth

_ZONES = "analytics.zones"
_HOUR_KEY = ["branch_id", "day", "hour", "metric", "dim", "bin"]
_DAY_KEY = ["branch_id", "day", "metric", "dim", "bin"]
_MONTH_KEY = ["branch_id", "month", "metric", "dim", "bin"]


def branch_zone(session: Session, branch_id: int) -> ZoneInfo:
    """The branch's time zone (its local day and hour bucket the rollups), once per session."""
    zones = session.info.setdefault(_ZONES, {})
    if branch_id not in zones:
        name = session.scalar(select(Branch.timezone).where(Branch.id == branch_id))
        if name is None:
            raise LookupError(f"no branch {branch_id}")
        zones[branch_id] = ZoneInfo(name)
    return zones[branch_id]


def _upsert(session: Session, table, key: list[str], values: dict) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(values)
    session.execute(statement.on_conflict_do_update(index_elements=key, set_={
        "count": table.count + statement.excluded.count,
        "total_ms": table.total_ms + statement.excluded.total_ms,
    }))


def add_cells(session: Session, cells: Iterable[tuple[HourCell, Amount]]) -> None:
    """Add amounts to their hourly, daily and monthly cells (an atomic increment per row)."""
    for cell, amount in cells:
        common = {"branch_id": cell.branch_id, "metric": cell.metric, "dim": cell.dim,
                  "bin": cell.bin, "count": amount.count, "total_ms": amount.total_ms}
        _upsert(session, RollupHour, _HOUR_KEY,
                {**common, "day": cell.day, "hour": cell.hour, "weekday": cell.weekday})
        _upsert(session, RollupDay, _DAY_KEY, {**common, "day": cell.day})
        _upsert(session, RollupMonth, _MONTH_KEY, {**common, "month": month_of(cell.day)})


def fact_rows(session: Session, branch_ids: Iterable[int] | None = None, *,
              since: datetime | None = None, until: datetime | None = None,
              batch: int = 20_000) -> Iterable[FactRow]:
    """Stream the stored facts (of some branches, in [since, until)) as the rollups see them."""
    query = select(AnalyticsFact.branch_id, AnalyticsFact.kind, AnalyticsFact.at,
                   AnalyticsFact.dim, AnalyticsFact.detail, AnalyticsFact.duration_ms)
    if branch_ids is not None:
        query = query.where(AnalyticsFact.branch_id.in_(list(branch_ids)))
    if since is not None:
        query = query.where(AnalyticsFact.at >= since)
    if until is not None:
        query = query.where(AnalyticsFact.at < until)
    for row in session.execute(query.execution_options(yield_per=batch)):
        yield FactRow(*row)


def zones_of(session: Session, branch_ids: Iterable[int] | None = None) -> dict[int, ZoneInfo]:
    query = select(Branch.id, Branch.timezone)
    if branch_ids is not None:
        query = query.where(Branch.id.in_(list(branch_ids)))
    return {branch_id: ZoneInfo(name) for branch_id, name in session.execute(query)}


def rebuild(session: Session, branch_ids: Iterable[int] | None = None) -> int:
    """Recompute the rollups of some branches (or all) from their facts; return the cells."""
    branch_ids = None if branch_ids is None else list(branch_ids)
    zones = zones_of(session, branch_ids)
    hours = recompute(fact_rows(session, branch_ids), zones)
    for table in (RollupHour, RollupDay, RollupMonth):
        wipe = delete(table)
        if branch_ids is not None:
            wipe = wipe.where(table.branch_id.in_(branch_ids))
        session.execute(wipe)
    write_rollups(session, hours)
    return len(hours)


def write_rollups(session: Session, hours: dict[HourCell, Amount], batch: int = 5_000) -> None:
    """Insert computed cells into empty rollup tables (rebuilds and generated history)."""
    hour_rows = [{"branch_id": c.branch_id, "day": c.day, "hour": c.hour,
                  "weekday": c.weekday, "metric": c.metric, "dim": c.dim, "bin": c.bin,
                  "count": a.count, "total_ms": a.total_ms} for c, a in hours.items()]
    day_rows = [{"branch_id": b, "day": d, "metric": m, "dim": dim, "bin": bin_,
                 "count": a.count, "total_ms": a.total_ms}
                for (b, d, m, dim, bin_), a in by_day(hours).items()]
    month_rows = [{"branch_id": b, "month": d, "metric": m, "dim": dim, "bin": bin_,
                   "count": a.count, "total_ms": a.total_ms}
                  for (b, d, m, dim, bin_), a in by_month(hours).items()]
    for table, rows in ((RollupHour, hour_rows), (RollupDay, day_rows),
                        (RollupMonth, month_rows)):
        for start in range(0, len(rows), batch):
            session.execute(insert(table), rows[start:start + batch])


def hourly_snapshot(session: Session) -> dict[HourCell, Amount]:
    """Every hourly cell as stored (to compare with a recomputation)."""
    rows = session.execute(select(RollupHour.branch_id, RollupHour.day, RollupHour.hour,
                                  RollupHour.metric, RollupHour.dim, RollupHour.bin,
                                  RollupHour.count, RollupHour.total_ms))
    return {HourCell(b, d, h, m, dim, bin_): Amount(c, t)
            for b, d, h, m, dim, bin_, c, t in rows}


def daily_snapshot(session: Session) -> dict[tuple, Amount]:
    """Every daily cell as stored, keyed like `cells.by_day`."""
    rows = session.execute(select(RollupDay.branch_id, RollupDay.day, RollupDay.metric,
                                  RollupDay.dim, RollupDay.bin, RollupDay.count,
                                  RollupDay.total_ms))
    return {(b, d, m, dim, bin_): Amount(c, t) for b, d, m, dim, bin_, c, t in rows}


def monthly_snapshot(session: Session) -> dict[tuple, Amount]:
    """Every monthly cell as stored, keyed like `cells.by_month`."""
    rows = session.execute(select(RollupMonth.branch_id, RollupMonth.month, RollupMonth.metric,
                                  RollupMonth.dim, RollupMonth.bin, RollupMonth.count,
                                  RollupMonth.total_ms))
    return {(b, m, metric, dim, bin_): Amount(c, t) for b, m, metric, dim, bin_, c, t in rows}
