"""What each fact adds to the rollups: cells of (metric, dim, bin) per local hour. Pure.

A fact becomes one totals cell (count 1, its duration in ms) and, when it has a duration,
one histogram cell (the bin its duration falls in), plus an extra cell for the facts whose
detail is itself a figure (a kiosk's fallback reason, the counter that served a ticket).
Rollups are sums of cells, so they can be kept as facts arrive and always recomputed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from shared.analytics.kinds import DETAIL_METRICS, FactKind

# Histogram edges in seconds. Bin i holds durations d with EDGES[i-1] < d <= EDGES[i]
# (bin 0: d <= 0); a duration past the last edge falls in the last bin. The steps grow
# with the wait: 5 s to a minute, 15 s to 5 min, 30 s to 10 min, 1 min to 30 min,
# 5 min to an hour, 15 min to 3 hours.
EDGES: tuple[int, ...] = (
    tuple(range(0, 61, 5)) + tuple(range(75, 301, 15)) + tuple(range(330, 601, 30))
    + tuple(range(660, 1801, 60)) + tuple(range(2100, 3601, 300))
    + tuple(range(4500, 10801, 900))
)
TOTALS = -1  # the bin of a metric's totals cell


def bin_of(duration_ms: int) -> int:
    """Return the histogram bin of a duration (see EDGES)."""
    return min(bisect.bisect_left(EDGES, duration_ms / 1000), len(EDGES) - 1)


def bin_edge(index: int) -> int:
    """Return the upper edge, in seconds, of a histogram bin."""
    return EDGES[index]


@dataclass(frozen=True)
class FactRow:
    """A fact as the rollups see it (the stored row, or one about to be stored)."""

    branch_id: int
    kind: str
    at: datetime
    dim: str = ""
    detail: str = ""
    duration_ms: int | None = None


@dataclass(frozen=True, order=True)
class HourCell:
    branch_id: int
    day: date
    hour: int
    metric: str
    dim: str
    bin: int

    @property
    def weekday(self) -> int:
        return self.day.weekday()


@dataclass(frozen=True)
class Amount:
    """What a cell holds: how many facts, and their summed duration in milliseconds."""

    count: int = 0
    total_ms: int = 0

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.count + other.count, self.total_ms + other.total_ms)


def cells_of(fact: FactRow, zone: ZoneInfo) -> list[tuple[HourCell, Amount]]:
    """Return the cells one fact adds to, in its branch's local hour."""
    local = fact.at.astimezone(zone)
    day, hour = local.date(), local.hour
    duration = fact.duration_ms

    def cell(metric: str, dim: str, bin_: int = TOTALS) -> HourCell:
        return HourCell(fact.branch_id, day, hour, metric, dim, bin_)

    out = [(cell(fact.kind, fact.dim), Amount(1, duration or 0))]
    if duration is not None:
        out.append((cell(fact.kind, fact.dim, bin_of(duration)), Amount(1, 0)))
    detail_metric = DETAIL_METRICS.get(FactKind(fact.kind))
    if detail_metric is not None and fact.detail:
        out.append((cell(detail_metric, fact.detail), Amount(1, duration or 0)))
    return out


def recompute(facts: Iterable[FactRow], zones: dict[int, ZoneInfo]) -> dict[HourCell, Amount]:
    """Sum the cells of every fact: what the hourly rollup must hold for these facts."""
    counts: Counter[HourCell] = Counter()
    totals: Counter[HourCell] = Counter()
    for fact in facts:
        for cell, amount in cells_of(fact, zones[fact.branch_id]):
            counts[cell] += amount.count
            totals[cell] += amount.total_ms
    return {cell: Amount(counts[cell], totals[cell]) for cell in counts}


def by_day(hours: dict[HourCell, Amount]) -> dict[tuple[int, date, str, str, int], Amount]:
    """Sum hourly cells into daily ones, keyed (branch, day, metric, dim, bin)."""
    days: dict[tuple[int, date, str, str, int], Amount] = {}
    for cell, amount in hours.items():
        key = (cell.branch_id, cell.day, cell.metric, cell.dim, cell.bin)
        days[key] = days.get(key, Amount()) + amount
    return days


def month_of(day: date) -> date:
    """The first day of a local day's month: what its monthly cells are keyed by."""
    return day.replace(day=1)


def by_month(hours: dict[HourCell, Amount]) -> dict[tuple[int, date, str, str, int], Amount]:
    """Sum hourly cells into monthly ones, keyed (branch, month's first day, metric, dim, bin)."""
    months: dict[tuple[int, date, str, str, int], Amount] = {}
    for cell, amount in hours.items():
        key = (cell.branch_id, month_of(cell.day), cell.metric, cell.dim, cell.bin)
        months[key] = months.get(key, Amount()) + amount
    return months
