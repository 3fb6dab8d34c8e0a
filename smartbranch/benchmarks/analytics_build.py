"""Build the analytics benchmark's database: branches with generated history, facts and rollups.

The history is the demo's generator (`shared.demo.history`) for every branch; each
branch's facts and the rollups recomputed from them (`shared.analytics.cells.recompute`)
are loaded by COPY on PostgreSQL, or by the demo's own bulk insert on SQLite. Branches
are independent, so `jobs` worker processes each load a share of them over their own
connection. On PostgreSQL the three tables' indexes, unique and foreign keys are dropped
for the load and built again after it (the usual bulk-load recipe, about three times
faster than keeping them up to date row by row); the rebuilt schema is checked to be the
migrated one, so the queries run on exactly what production has.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from shared.analytics.cells import by_day, by_month, recompute
from shared.demo.history import HistoryBranch, load_history, plan_history
from shared.models import Branch
from shared.models.enums import PrivacyMode

# A fixed "now", so every run generates the same history. Mid-month on purpose: a year or
# 90 days back then starts and ends with part months, which are read day by day.
BENCH_NOW = datetime(2026, 11, 18, tzinfo=UTC)
BENCH_TIMEZONE = "Europe/London"
_FACT_COPY = ("COPY analytics_fact (key, branch_id, kind, at, dim, detail, duration_ms, "
              "recorded_at) FROM STDIN")
_HOUR_COPY = ("COPY analytics_rollup_hour (branch_id, day, hour, weekday, metric, dim, bin, "
              "count, total_ms) FROM STDIN")
_DAY_COPY = ("COPY analytics_rollup_day (branch_id, day, metric, dim, bin, count, total_ms) "
             "FROM STDIN")
_MONTH_COPY = ("COPY analytics_rollup_month (branch_id, month, metric, dim, bin, count, "
               "total_ms) FROM STDIN")
_TABLES = ["analytics_fact", "analytics_rollup_hour", "analytics_rollup_day",
           "analytics_rollup_month"]
# (table, name, kind, definition) of every index and constraint on them but the primary keys.
_EXTRAS = text("""
    SELECT conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid)
      FROM pg_constraint
     WHERE contype IN ('u', 'f') AND conrelid::regclass::text = ANY(:tables)
    UNION ALL
    SELECT indrelid::regclass::text, indexrelid::regclass::text, 'i', pg_get_indexdef(indexrelid)
      FROM pg_index
     WHERE indrelid::regclass::text = ANY(:tables)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = pg_index.indexrelid)
""")


def _extras(conn) -> list[tuple[str, str, str, str]]:
    return sorted(tuple(row) for row in conn.execute(_EXTRAS, {"tables": _TABLES}))


def drop_extras(engine: Engine) -> list[tuple[str, str, str, str]]:
    """Drop the tables' foreign keys, unique keys and indexes; return what was dropped."""
    with engine.begin() as conn:
        extras = _extras(conn)
        for table, name, kind, _ in sorted(extras, key=lambda e: e[2] != "f"):  # keys first
            conn.execute(text(f'DROP INDEX "{name}"' if kind == "i"
                              else f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    return extras


def restore_extras(engine: Engine, extras: list[tuple[str, str, str, str]]) -> float:
    """Build the dropped keys and indexes again, check the schema is as before; seconds taken."""
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for table, name, kind, definition in sorted(extras, key=lambda e: e[2] == "f"):
            conn.execute(text(definition if kind == "i"
                              else f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        if _extras(conn) != extras:
            raise RuntimeError("the rebuilt indexes and keys differ from the migrated schema")
    return round(time.perf_counter() - started, 1)


def create_branches(session: Session, count: int, seed: int) -> list[HistoryBranch]:
    """Add `count` branches (BR-001, ...) and return them with their drawn sizes."""
    rows = [Branch(code=f"BR-{n:03d}", name=f"Bench branch {n}", timezone=BENCH_TIMEZONE,
                   privacy_mode=PrivacyMode.AMBIENT, created_at=BENCH_NOW)
            for n in range(1, count + 1)]
    session.add_all(rows)
    session.flush()
    return [HistoryBranch.drawn(row.id, row.code, row.timezone, seed) for row in rows]


def _copy_branch(conn, branch: HistoryBranch, days: int, seed: int) -> tuple[int, int, int, int]:
    """COPY one branch's facts and rollups; return how many facts, hourly, daily, monthly."""
    facts = list(plan_history(branch, days, BENCH_NOW, seed))
    hours = recompute((fact.row for fact in facts), {branch.id: branch.zone})
    daily, monthly = by_day(hours), by_month(hours)
    with conn.cursor() as cursor:
        with cursor.copy(_FACT_COPY) as copy:
            for key, row in facts:
                copy.write_row((key, row.branch_id, row.kind, row.at, row.dim, row.detail,
                                row.duration_ms, BENCH_NOW))
        with cursor.copy(_HOUR_COPY) as copy:
            for cell, amount in hours.items():
                copy.write_row((cell.branch_id, cell.day, cell.hour, cell.weekday, cell.metric,
                                cell.dim, cell.bin, amount.count, amount.total_ms))
        for statement, cells in ((_DAY_COPY, daily), (_MONTH_COPY, monthly)):
            with cursor.copy(statement) as copy:
                for (branch_id, when, metric, dim, bin_), amount in cells.items():
                    copy.write_row((branch_id, when, metric, dim, bin_, amount.count,
                                    amount.total_ms))
    conn.commit()
    return len(facts), len(hours), len(daily), len(monthly)


def _copy_share(conninfo: str, branches: list[HistoryBranch], days: int,
                seed: int) -> tuple[int, ...]:
    """A worker's share: each branch in its own transaction over one connection."""
    import psycopg

    totals: tuple[int, ...] = (0, 0, 0, 0)
    with psycopg.connect(conninfo) as conn:
        # A throwaway database: a crash loses the build, never anything else.
        conn.execute("SET synchronous_commit = off")
        for branch in branches:
            counts = _copy_branch(conn, branch, days, seed)
            totals = tuple(a + b for a, b in zip(totals, counts, strict=True))
    return totals


def load_postgres(url: str, branches: list[HistoryBranch], days: int, seed: int,
                  jobs: int) -> dict:
    """Load every branch's history by COPY, `jobs` processes at once; return the counts."""
    started = time.perf_counter()
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    shares = [branches[n::jobs] for n in range(jobs)]
    if jobs == 1:
        results = [_copy_share(conninfo, branches, days, seed)]
    else:
        context = multiprocessing.get_context("spawn")  # no inherited engines or threads
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = list(pool.map(_copy_share, [conninfo] * jobs, shares,
                                    [days] * jobs, [seed] * jobs))
    facts, hours, daily, monthly = (sum(column) for column in zip(*results, strict=True))
    return {"facts": facts, "hourly_cells": hours, "daily_cells": daily,
            "monthly_cells": monthly, "load_s": round(time.perf_counter() - started, 1),
            "jobs": jobs}


def load_sqlite(session: Session, branches: list[HistoryBranch], days: int, seed: int) -> dict:
    """Load every branch's history as `smartbranch demo load` does (one branch at a time)."""
    started = time.perf_counter()
    facts = hours = daily = monthly = 0
    for branch in branches:
        summary = load_history(session, [branch], days, BENCH_NOW, seed)
        facts, hours = facts + summary.facts, hours + summary.hourly_cells
        daily, monthly = daily + summary.daily_cells, monthly + summary.monthly_cells
        session.commit()
    return {"facts": facts, "hourly_cells": hours, "daily_cells": daily,
            "monthly_cells": monthly, "load_s": round(time.perf_counter() - started, 1),
            "jobs": 1}
