"""Read cells for a dashboard: from the rollups, or (the naive baseline) from the raw facts."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.analytics.cells import TOTALS, bin_edge, recompute
from shared.analytics.periods import Granularity, Period, bucket
from shared.analytics.store import fact_rows, zones_of
from shared.models.analytics import RollupDay, RollupHour


@dataclass
class Cells:
    """Cells of one period summed over its branches, and what the dashboard asks of them."""

    counts: Counter = field(default_factory=Counter)  # (metric, dim) -> count
    totals: Counter = field(default_factory=Counter)  # (metric, dim) -> summed ms
    bins: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    series: dict = field(default_factory=lambda: defaultdict(Counter))  # metric -> bucket -> n
    per_day: dict = field(default_factory=lambda: defaultdict(set))  # metric -> {(day, dim)}

    def add(self, day: date, hour: int | None, metric: str, dim: str, bin_: int, count: int,
            total_ms: int, granularity: Granularity | None) -> None:
        if bin_ != TOTALS:
            self.bins[metric][dim][bin_] += count
            return
        self.counts[metric, dim] += count
        self.totals[metric, dim] += total_ms
        self.per_day[metric].add((day, dim))
        if granularity is not None and (hour is not None or granularity != Granularity.HOUR):
            self.series[metric][bucket(day, hour, granularity)] += count

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


def read_rollups(session: Session, branch_ids: list[int], period: Period,
                 granularity: Granularity | None = None) -> Cells:
    """Sum the period's daily cells (hourly ones for an hourly series) over the branches."""
    cells = Cells()
    daily = session.execute(
        select(RollupDay.day, RollupDay.metric, RollupDay.dim, RollupDay.bin,
               func.sum(RollupDay.count), func.sum(RollupDay.total_ms))
        .where(RollupDay.branch_id.in_(branch_ids), RollupDay.day.between(period.start,
                                                                        period.end))
        .group_by(RollupDay.day, RollupDay.metric, RollupDay.dim, RollupDay.bin))
    series = None if granularity is Granularity.HOUR else granularity
    for day, metric, dim, bin_, count, total in daily:
        cells.add(day, None, metric, dim, bin_, int(count), int(total), series)
    if granularity is Granularity.HOUR:
        hourly = session.execute(
            select(RollupHour.day, RollupHour.hour, RollupHour.metric,
                   func.sum(RollupHour.count))
            .where(RollupHour.branch_id.in_(branch_ids), RollupHour.bin == TOTALS,
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
               RollupHour.bin == TOTALS, RollupHour.day.between(period.start, period.end))
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
        if cell.metric == heatmap_metric and cell.bin == TOTALS:
            grid[cell.weekday][cell.hour] += amount.count
    return cells, grid

