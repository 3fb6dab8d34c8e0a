"""Read cells for a dashboard: from the rollups, or (the naive baseline) from the raw facts."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from shared.analytics.cells import TOTALS, bin_edge, recompute
from shared.analytics.periods import Granularity, Period, bucket, month_cover
from shared.analytics.store import fact_rows, zones_of
from shared.models.analytics import RollupDay, RollupHour, RollupMonth

# Metrics whose days are counted, not only summed: a counter serving anyone on a day is
# staffed that day (metrics.counter_utilisation).
COUNTED_DAYS = ("counter.busy",)


@dataclass
class Cells:
    """Cells of one period summed over its branches, and what the dashboard asks of them."""

    counts: Counter = field(default_factory=Counter)  # (metric, dim) -> count
    totals: Counter = field(default_factory=Counter)  # (metric, dim) -> summed ms
    bins: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    series: dict = field(default_factory=lambda: defaultdict(Counter))  # metric -> bucket -> n
    # metric -> {(branch, day, dim)} with a total that day, for the metrics in COUNTED_DAYS
    per_day: dict = field(default_factory=lambda: defaultdict(set))

    def add(self, day: date, hour: int | None, metric: str, dim: str, bin_: int, count: int,
            total_ms: int, granularity: Granularity | None) -> None:
        if bin_ != TOTALS:
            self.bins[metric][dim][bin_] += count
            return
        self.counts[metric, dim] += count
        self.totals[metric, dim] += total_ms
        if granularity is not None and (hour is not None or granularity != Granularity.HOUR):
            self.series[metric][bucket(day, hour, granularity)] += count

    def add_month(self, month: date, metric: str, dim: str, count: int, total_ms: int,
                  granularity: Granularity | None) -> None:
        """A whole month's totals; its days are counted apart (`read_rollups`)."""
        if granularity not in (None, Granularity.MONTH):
            raise ValueError(f"a month's totals cannot fill a {granularity} series")
        self.counts[metric, dim] += count
        self.totals[metric, dim] += total_ms
        if granularity is not None:
            self.series[metric][bucket(month, None, granularity)] += count

    def count(self, metric: str, dim: str | None = None) -> int:
        return sum(n for (m, d), n in self.counts.items() if m == metric and dim in (None, d))

    def total_ms(self, metric: str, dim: str | None = None) -> int:
        return sum(n for (m, d), n in self.totals.items() if m == metric and dim in (None, d))

    def dims(self, metric: str) -> dict[str, int]:
        return {d: n for (m, d), n in sorted(self.counts.items()) if m == metric and n}

    def histogram(self, metric: str, dim: str | None = None) -> Counter:
        merged: Counter = Counter()
        for d, bins in self.bins[metric].items():
            if dim in (None, d):
                merged.update(bins)
        return merged

    def quantile_s(self, metric: str, q: float, dim: str | None = None) -> int | None:
        """The q-quantile in seconds, nearest rank, to the bin's upper edge (docs/METRICS.md)."""
        bins = self.histogram(metric, dim)
        n = sum(bins.values())
        if n == 0:
            return None
        rank, seen = max(1, math.ceil(q * n)), 0
        for index in sorted(bins):
            seen += bins[index]
            if seen >= rank:
                return bin_edge(index)
        return None  # unreachable: the ranks add up to n

    def within(self, metric: str, seconds: int, dim: str | None = None) -> int:
        """How many durations are at most `seconds` (bins whose upper edge is within it)."""
        return sum(n for index, n in self.histogram(metric, dim).items()
                   if bin_edge(index) <= seconds)


def _is_total(table):
    """The totals rows, with -1 written inline rather than bound: only then can the planner
    use the partial indexes on totals (`ix_analytics_rollup_*_totals`) in every plan."""
    return table.bin == literal_column(str(TOTALS))


def _totals(session: Session, table, when, branch_ids: list[int], first: date, last: date):
    """(day or month, metric, dim, count, ms) of the totals cells from `first` to `last`."""
    return session.execute(
        select(when, table.metric, table.dim, func.sum(table.count), func.sum(table.total_ms))
        .where(table.branch_id.in_(branch_ids), _is_total(table), when.between(first, last))
        .group_by(when, table.metric, table.dim))


def _bins(session: Session, table, when, branch_ids: list[int], first: date, last: date):
    """(metric, dim, bin, count) of the histogram cells from `first` to `last`, summed."""
    return session.execute(
        select(table.metric, table.dim, table.bin, func.sum(table.count))
        .where(table.branch_id.in_(branch_ids), table.bin != TOTALS, when.between(first, last))
        .group_by(table.metric, table.dim, table.bin))


def _counted_days(session: Session, branch_ids: list[int], first: date, last: date):
    """(metric, branch, day, dim) of each day with a total, for the metrics in COUNTED_DAYS.

    Per branch: counter "C1" at two branches is two counters.
    """
    return session.execute(
        select(RollupDay.metric, RollupDay.branch_id, RollupDay.day, RollupDay.dim).distinct()
        .where(RollupDay.branch_id.in_(branch_ids), RollupDay.metric.in_(COUNTED_DAYS),
               _is_total(RollupDay), RollupDay.day.between(first, last)))


def first_days(session: Session, branch_ids: list[int]) -> dict[int, date]:
    """Each branch's first day with figures (a branch with none yet is left out)."""
    return dict(session.execute(
        select(RollupDay.branch_id, func.min(RollupDay.day))
        .where(RollupDay.branch_id.in_(branch_ids)).group_by(RollupDay.branch_id)).all())


def history_start(session: Session, branch_ids: list[int],
                  firsts: dict[int, date] | None = None) -> date | None:
    """The first day every one of the branches has figures for (None: one has none yet).

    A previous period that starts earlier is only partly recorded, so comparing with it
    would show a branch's first weeks as growth of thousands of per cent. `firsts`: the
    branches' `first_days`, when the caller already has them.
    """
    if firsts is None:
        firsts = first_days(session, branch_ids)
    if not branch_ids or any(b not in firsts for b in branch_ids):
        return None
    return max(firsts[b] for b in branch_ids)


def read_rollups(session: Session, branch_ids: list[int], period: Period,
                 granularity: Granularity | None = None) -> Cells:
    """Sum the period's cells over the branches, reading as few rows as the figures allow.

    Whole months come from the monthly cells and the days around them from the daily ones;
    a daily or weekly series needs every day's totals (bins still come by the month), and
    an hourly series the hourly totals as well.
    """
    cells = Cells()
    cover = month_cover(period)
    each_day = granularity in (Granularity.HOUR, Granularity.DAY, Granularity.WEEK)
    series = None if granularity is Granularity.HOUR else granularity
    day_totals = [period] if each_day else list(cover.days)
    for days in day_totals:
        for day, metric, dim, count, total in _totals(session, RollupDay, RollupDay.day,
                                                      branch_ids, days.start, days.end):
            cells.add(day, None, metric, dim, TOTALS, int(count), int(total), series)
    for days in cover.days:
        for metric, dim, bin_, count in _bins(session, RollupDay, RollupDay.day, branch_ids,
                                              days.start, days.end):
            cells.bins[metric][dim][bin_] += int(count)
    if cover.months is not None:
        first, last = cover.months.start, cover.months.end  # months keyed by their first day
        if not each_day:
            for month, metric, dim, count, total in _totals(
                    session, RollupMonth, RollupMonth.month, branch_ids, first, last):
                cells.add_month(month, metric, dim, int(count), int(total), series)
        for metric, dim, bin_, count in _bins(session, RollupMonth, RollupMonth.month,
                                              branch_ids, first, last):
            cells.bins[metric][dim][bin_] += int(count)
    for metric, branch_id, day, dim in _counted_days(session, branch_ids, period.start,
                                                     period.end):
        cells.per_day[metric].add((branch_id, day, dim))
    if granularity is Granularity.HOUR:
        hourly = session.execute(
            select(RollupHour.day, RollupHour.hour, RollupHour.metric,
                   func.sum(RollupHour.count))
            .where(RollupHour.branch_id.in_(branch_ids), _is_total(RollupHour),
                   RollupHour.day.between(period.start, period.end))
            .group_by(RollupHour.day, RollupHour.hour, RollupHour.metric))
        for day, hour, metric, count in hourly:
            cells.series[metric][bucket(day, hour, granularity)] += int(count)
    return cells


def read_heatmap(session: Session, branch_ids: list[int], period: Period,
                 metric: str) -> list[list[int]]:
    """Counts of a metric by local weekday (Monday first) and hour over the period."""
    grid = [[0] * 24 for _ in range(7)]
    rows = session.execute(
        select(RollupHour.weekday, RollupHour.hour, func.sum(RollupHour.count))
        .where(RollupHour.branch_id.in_(branch_ids), RollupHour.metric == metric,
               _is_total(RollupHour), RollupHour.day.between(period.start, period.end))
        .group_by(RollupHour.weekday, RollupHour.hour))
    for weekday, hour, count in rows:
        grid[weekday][hour] = int(count)
    return grid


def read_raw(session: Session, branch_ids: list[int], period: Period,
             granularity: Granularity | None = None,
             heatmap_metric: str | None = None) -> tuple[Cells, list[list[int]]]:
    """The naive way: recompute the period's cells from the raw facts on every request."""
    zones = zones_of(session, branch_ids)
    # A day of margin either side covers every branch's time zone; cells outside go.
    since = datetime.combine(period.start - timedelta(days=1), time(0), UTC)
    until = datetime.combine(period.end + timedelta(days=2), time(0), UTC)
    hours = recompute(fact_rows(session, branch_ids, since=since, until=until), zones)
    cells, grid = Cells(), [[0] * 24 for _ in range(7)]
    for cell, amount in hours.items():
        if cell.day not in period:
            continue
        hour = cell.hour if granularity is Granularity.HOUR else None
        cells.add(cell.day, hour, cell.metric, cell.dim, cell.bin, amount.count,
                  amount.total_ms, granularity)
        if cell.metric in COUNTED_DAYS and cell.bin == TOTALS:
            cells.per_day[cell.metric].add((cell.branch_id, cell.day, cell.dim))
        if cell.metric == heatmap_metric and cell.bin == TOTALS:
            grid[cell.weekday][cell.hour] += amount.count
    return cells, grid

