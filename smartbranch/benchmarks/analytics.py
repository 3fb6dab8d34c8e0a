"""The manager's dashboard from the rollups, beside the same dashboard recomputed from raw facts.

Method. A throwaway PostgreSQL database (dropped afterwards) is migrated and given
`--branches` branches with `--days` of generated history each (the demo's generator,
loaded by COPY: analytics_build.py), then VACUUM ANALYZE (as autovacuum would leave it). Each
measurement is `branch_dashboard` in a fresh session, as one page view: every figure, the
heatmap and the previous period's summary. After `--warmup` untimed runs, `--repeat`
timed runs give the median and p95 (nearest rank):

- single_branch_90d: one branch, the last 90 local days, a daily series;
- all_branches_365d: every branch, the last 365 days, a monthly series;
- raw_*: the same with `raw=True`, the naive way: read the period's facts (and the
  previous period's) and recompute their cells on every view (`reading.read_raw`).

Raw over all branches reads every fact of the year; above `--raw-all-max-facts` it is
skipped and estimated from the single-branch raw time per fact read (said in the JSON).
The rollup and raw dashboards must give identical figures; the JSON says whether they did.

Run: `smartbranch bench analytics --json` (the last line printed is one JSON object).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from smartbranch.benchmarks import settings_for
from smartbranch.benchmarks.analytics_build import (
    BENCH_NOW,
    create_branches,
    drop_extras,
    load_postgres,
    load_sqlite,
    restore_extras,
)

TARGETS_MS = {"single_branch_90d_ms": 200.0, "all_branches_365d_ms": 2000.0}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SEED = 20261122


def door_scene_figure(crossings: int) -> tuple[dict | None, str]:
    """The door counting figures on the synthetic 720p scene (0 crossings: not measured)."""
    if crossings <= 0:
        return None, "not measured: --door-crossings 0"
    from smartbranch.benchmarks.door_count import run_door_count

    return run_door_count(crossings=crossings), "smartbranch/benchmarks/door_count.py"


def push_latency_figure(events: int) -> tuple[dict | None, str]:
    """Event to the manager's page in Chromium (0 events: not measured)."""
    if events <= 0:
        return None, "not measured: --push-events 0"
    from smartbranch.benchmarks.manager_live import measure_push_latency

    return measure_push_latency(events=events), "smartbranch/benchmarks/manager_live.py"


def _quantiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "runs": len(ordered)}


def _measure(database, view: Callable, warmup: int, repeat: int) -> tuple[dict, dict]:
    """Time `view(session)` in a fresh session per run; return its quantiles and last result."""
    result = None
    for _ in range(warmup):
        with database.session() as session:
            result = view(session)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        with database.session() as session:
            result = view(session)
        samples.append((time.perf_counter() - started) * 1000)
    return _quantiles(samples), result


class _Views:
    """The two dashboards the issue names, from the rollups or (raw) from the facts."""

    def __init__(self, branch_ids: list[int]):
        from shared.analytics.metrics import Targets
        from shared.analytics.periods import Period

        today = BENCH_NOW.date()  # midnight UTC is midnight in London in November
        last = today - timedelta(days=1)
        self.one, self.all = branch_ids[:1], branch_ids
        self.single = Period(last - timedelta(days=89), last)
        self.year = Period(last - timedelta(days=364), last)
        self.targets = Targets()

    def single_branch(self, raw: bool) -> Callable:
        from shared.analytics.dashboard import branch_dashboard
        from shared.analytics.periods import Granularity

        return lambda session: branch_dashboard(session, self.one, self.single, Granularity.DAY,
                                                self.targets, raw=raw)

    def all_branches(self, raw: bool) -> Callable:
        from shared.analytics.dashboard import branch_dashboard
        from shared.analytics.periods import Granularity

        return lambda session: branch_dashboard(session, self.all, self.year, Granularity.MONTH,
                                                self.targets, raw=raw)

    def facts_read(self, session, branch_ids: list[int], period) -> int:
        """How many facts the raw way reads for a period and the one before it."""
        from datetime import UTC, datetime, time

        from shared.models.analytics import AnalyticsFact

        since = datetime.combine(period.previous().start - timedelta(days=1), time(0), UTC)
        until = datetime.combine(period.end + timedelta(days=2), time(0), UTC)
        return session.scalar(select(func.count()).select_from(AnalyticsFact).where(
            AnalyticsFact.branch_id.in_(branch_ids), AnalyticsFact.at >= since,
            AnalyticsFact.at < until)) or 0


def _server(session) -> dict:
    if session.get_bind().dialect.name != "postgresql":
        return {"engine": "sqlite", "version": session.execute(
            text("select sqlite_version()")).scalar()}
    shown = {name: session.execute(text(f"SHOW {name}")).scalar() for name in (
        "server_version", "shared_buffers", "work_mem", "max_parallel_workers_per_gather",
        "jit")}
    return {"engine": "postgresql", **shown}


def _sizes(session, build: dict) -> dict:
    sizes = {k: build[k] for k in ("facts", "hourly_cells", "daily_cells", "monthly_cells")}
    if session.get_bind().dialect.name == "postgresql":
        sizes["table_mb"] = {table: round(session.execute(text(
            "select pg_total_relation_size(:t)"), {"t": table}).scalar() / 2**20, 1)
            for table in ("analytics_fact", "analytics_rollup_hour", "analytics_rollup_day",
                          "analytics_rollup_month")}
    return sizes


def explain(database, view: Callable, echo: Callable[[str], None]) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) of every statement one run of `view` executes."""
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    try:
        with database.session() as session:
            view(session)
    finally:
        event.remove(database.engine, "before_cursor_execute", capture)
    with database.engine.connect() as conn:
        for statement, parameters in captured:
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
            echo(statement.strip() + "\n" + "\n".join(row[0] for row in plan) + "\n")


def measure(url: str, branches: int, days: int, repeat: int, warmup: int, raw_repeat: int,
            raw_all_max_facts: int, jobs: int, echo: Callable[[str], None],
            explain_queries: bool = False) -> dict:
    """Migrate the database at `url`, build the history, measure; return the report's body."""
    from shared.db import Database
    from shared.db.migrate import upgrade

    database = Database(settings_for(url))
    try:
        upgrade(database.engine)
        with database.session() as session:
            planned = create_branches(session, branches, SEED)
        echo(f"building {days} days of history for {branches} branches ...")
        if database.engine.dialect.name == "postgresql":
            extras = drop_extras(database.engine)
            build = load_postgres(url, planned, days, SEED, jobs)
            build["index_s"] = restore_extras(database.engine, extras)
            started = time.perf_counter()
            with database.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            build["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
        else:
            with database.session() as session:
                build = load_sqlite(session, planned, days, SEED)
            with database.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        echo(f"built: {build}")
        views = _Views([b.id for b in planned])
        with database.session() as session:
            server, sizes = _server(session), _sizes(session, build)
            single_facts = views.facts_read(session, views.one, views.single)
            all_facts = views.facts_read(session, views.all, views.year)

        report = {"sizes": sizes, "build": build, "server": server}
        for name, view, runs in (
                ("single_branch_90d", views.single_branch(False), repeat),
                ("all_branches_365d", views.all_branches(False), repeat),
                ("raw_single_branch_90d", views.single_branch(True), raw_repeat)):
            figures, result = _measure(database, view, warmup, runs)
            report[name] = figures
            report[f"{name}_ms"] = figures["median_ms"]
            report[f"_{name}_result"] = result
            echo(f"{name}: {figures}")
        per_fact_ms = report["raw_single_branch_90d_ms"] / max(1, single_facts)
        report["raw_facts_read"] = {"single_branch_90d": single_facts,
                                    "all_branches_365d": all_facts}
        if all_facts <= raw_all_max_facts:
            figures, result = _measure(database, views.all_branches(True), 0, 1)
            report["raw_all_branches_365d"] = figures
            report["raw_all_branches_365d_ms"] = figures["median_ms"]
            report["_raw_all_branches_365d_result"] = result
            echo(f"raw_all_branches_365d: {figures}")
        else:
            report["raw_all_branches_365d_ms"] = None
            report["raw_all_branches_365d_estimate_ms"] = round(per_fact_ms * all_facts)
            report["raw_all_branches_365d_skipped"] = (
                f"reads {all_facts} facts (> --raw-all-max-facts {raw_all_max_facts}) and "
                "recomputes them in one process; estimated from the single-branch raw time "
                f"per fact read ({per_fact_ms * 1000:.1f} us)")
        if explain_queries and database.engine.dialect.name == "postgresql":
            for view in (views.single_branch(False), views.all_branches(False)):
                explain(database, view, echo)
        return report
    finally:
        database.dispose()


def _postgres_database(admin_url: str):
    """Create a throwaway database; return its URL and a function that drops it."""
    admin = create_engine(make_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"sb_bench_analytics_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, drop


def _finish(report: dict, door_crossings: int, push_events: int, machine_note: str) -> dict:
    """Ratios, targets, the same-figures check and the hooks' fields, in the JSON's order."""
    single, raw_single = report["single_branch_90d_ms"], report["raw_single_branch_90d_ms"]
    all_ms, raw_all = report["all_branches_365d_ms"], report.get("raw_all_branches_365d_ms")
    report["ratios"] = {
        "raw_over_rollups_single_branch_90d": round(raw_single / single, 1),
        "raw_over_rollups_all_branches_365d": round(raw_all / all_ms, 1) if raw_all else None,
    }
    if raw_all is None:
        estimate = report["raw_all_branches_365d_estimate_ms"]
        report["ratios"]["estimated_raw_over_rollups_all_branches_365d"] = round(
            estimate / all_ms, 1)
    same = {"single_branch_90d": report.pop("_single_branch_90d_result")
            == report.pop("_raw_single_branch_90d_result")}
    ours_all = report.pop("_all_branches_365d_result")
    if "_raw_all_branches_365d_result" in report:
        same["all_branches_365d"] = ours_all == report.pop("_raw_all_branches_365d_result")
    report["rollups_equal_raw"] = same
    report["targets_ms"] = TARGETS_MS
    report["targets_met"] = {name: report[name] < limit for name, limit in TARGETS_MS.items()}
    report["door_count"], report["count_error_note"] = door_scene_figure(door_crossings)
    report["count_error_pct"] = (report["door_count"] or {}).get("count_error_pct")
    report["page_push"], report["page_push_note"] = push_latency_figure(push_events)
    report["page_push_latency_ms"] = (report["page_push"] or {}).get("p95_ms")
    report["machine"] = {"cpus": os.cpu_count(), "note": machine_note}
    return report


def run(branches: int = 100, days: int = 365, repeat: int = 7, warmup: int = 1,
        raw_repeat: int = 3, raw_all_max_facts: int = 3_000_000, jobs: int = 2,
        postgres_url: str | None = DEFAULT_POSTGRES_URL, keep: bool = False,
        door_crossings: int = 300, push_events: int = 50, machine_note: str = "",
        explain_queries: bool = False, echo: Callable[[str], None] = print) -> dict:
    """Build, measure and return the report (PostgreSQL, or SQLite when no URL is given)."""
    head = {"benchmark": "analytics", "method": "see smartbranch/benchmarks/analytics.py",
            "branches": branches, "days": days, "seed": SEED, "now": BENCH_NOW.isoformat()}
    args = (branches, days, repeat, warmup, raw_repeat, raw_all_max_facts, jobs, echo,
            explain_queries)
    if postgres_url:
        url, drop = _postgres_database(postgres_url)
        try:
            body = measure(url, *args)
        finally:
            if keep:
                echo(f"kept the database: {url}")
            else:
                drop()
    else:
        with tempfile.TemporaryDirectory() as folder:
            body = measure(f"sqlite:///{Path(folder) / 'analytics.db'}", *args)
    return _finish({**head, **body}, door_crossings, push_events, machine_note)


@click.command("analytics")
@click.option("--json", "as_json", is_flag=True,
              help="Print only the JSON object (otherwise progress, then the JSON last).")
@click.option("--branches", default=100, show_default=True, type=click.IntRange(1, 999))
@click.option("--days", default=365, show_default=True, type=click.IntRange(1, 366),
              help="Days of generated history before the benchmark's fixed 'now'.")
@click.option("--repeat", default=7, show_default=True, type=click.IntRange(1))
@click.option("--warmup", default=1, show_default=True, type=click.IntRange(0))
@click.option("--raw-repeat", default=3, show_default=True, type=click.IntRange(1),
              help="Timed runs of the raw single-branch baseline (it is slow).")
@click.option("--raw-all-max-facts", default=3_000_000, show_default=True,
              type=click.IntRange(0),
              help="Run the raw all-branches baseline only up to this many facts read.")
@click.option("--jobs", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Processes that load the history (each branch is independent).")
@click.option("--postgres-url", default=DEFAULT_POSTGRES_URL, show_default=True,
              help="Server to create a throwaway database on (its user may CREATE DATABASE).")
@click.option("--sqlite", is_flag=True,
              help="Measure the embedded default instead: a temporary SQLite file.")
@click.option("--keep", is_flag=True, help="Keep the PostgreSQL database (print its URL).")
@click.option("--explain", "explain_queries", is_flag=True,
              help="Print EXPLAIN ANALYZE of the rollup dashboards' queries.")
@click.option("--door-crossings", default=300, show_default=True, type=click.IntRange(0),
              help="Crossings of the synthetic door scene for count_error_pct (0: skip).")
@click.option("--push-events", default=50, show_default=True, type=click.IntRange(0),
              help="Door and kiosk events timed to the manager's page in Chromium (0: skip).")
@click.option("--machine-note", default="", help="Said in the JSON, e.g. 'shared with 4 jobs'.")
def analytics_command(as_json, branches, days, repeat, warmup, raw_repeat, raw_all_max_facts,
                      jobs, postgres_url, sqlite, keep, explain_queries, door_crossings,
                      push_events, machine_note):
    """Dashboard time from rollups vs recomputed from raw facts, on generated history (JSON)."""
    echo = (lambda line: click.echo(line, err=True)) if as_json else click.echo
    report = run(branches, days, repeat, warmup, raw_repeat, raw_all_max_facts, jobs,
                 None if sqlite else postgres_url, keep, door_crossings, push_events,
                 machine_note, explain_queries, echo)
    click.echo(json.dumps(report))
