"""Compare a branch's stored rollups with a recomputation from its facts (what rebuild writes)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.analytics.cells import Amount, HourCell, by_day, by_month, recompute
from shared.analytics.store import fact_rows, zones_of
from shared.models.analytics import RollupDay, RollupHour, RollupMonth


def stored_hours(session: Session, branch_id: int) -> dict[HourCell, Amount]:
    rows = session.execute(select(RollupHour.branch_id, RollupHour.day, RollupHour.hour,
                                  RollupHour.metric, RollupHour.dim, RollupHour.bin,
                                  RollupHour.count, RollupHour.total_ms)
                           .where(RollupHour.branch_id == branch_id))
    return {HourCell(b, d, h, m, dim, bin_): Amount(c, t)
            for b, d, h, m, dim, bin_, c, t in rows}


def stored_cells(session: Session, table, period, branch_id: int) -> dict[tuple, Amount]:
    """A daily or monthly rollup's cells of one branch, keyed (branch, period, metric, dim, bin)."""
    rows = session.execute(select(table.branch_id, period, table.metric, table.dim, table.bin,
                                  table.count, table.total_ms)
                           .where(table.branch_id == branch_id))
    return {tuple(key): Amount(c, t) for *key, c, t in rows}


def rollup_differences(session: Session, branch_id: int) -> list[str]:
    """Every hourly, daily and monthly cell of the branch whose amount differs from its facts'.

    Read both in one snapshot (`shared.db.locks.read_snapshot`), or facts recorded in
    between show up as differences.
    """
    expected = recompute(fact_rows(session, [branch_id]), zones_of(session, [branch_id]))
    days = stored_cells(session, RollupDay, RollupDay.day, branch_id)
    months = stored_cells(session, RollupMonth, RollupMonth.month, branch_id)
    return (_compare("hour", expected, stored_hours(session, branch_id))
            + _compare("day", by_day(expected), days)
            + _compare("month", by_month(expected), months))


def _compare(table: str, expected: dict, stored: dict) -> list[str]:
    found = []
    for cell in sorted(expected.keys() | stored.keys()):
        want, have = expected.get(cell, Amount()), stored.get(cell, Amount())
        if want != have:
            found.append(f"{table} {_name(cell)}: stored {have.count} ({have.total_ms} ms), "
                         f"facts give {want.count} ({want.total_ms} ms)")
    return found


def _name(cell) -> str:
    if isinstance(cell, HourCell):
        return (f"branch {cell.branch_id} {cell.day} {cell.hour:02d}h {cell.metric} "
                f"{cell.dim!r} bin {cell.bin}")
    branch_id, day, metric, dim, bin_ = cell  # a day, or a month's first day
    return f"branch {branch_id} {day} {metric} {dim!r} bin {bin_}"
