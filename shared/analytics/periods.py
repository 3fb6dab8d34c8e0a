"""Date ranges in branch-local days, the previous period, and series buckets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Granularity(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"  # ISO weeks, Monday first
    MONTH = "month"


MAX_DAYS = 366 * 3  # the longest range a dashboard asks for


class PeriodError(ValueError):
    """A date range that is backwards, too long, or not a date."""


@dataclass(frozen=True)
class Period:
    """Local days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError("the range ends before it starts")
        if self.days > MAX_DAYS:
            raise PeriodError(f"a range covers at most {MAX_DAYS} days")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (what it is compared with)."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def parse(cls, start: str, end: str) -> Period:
        try:
            return cls(date.fromisoformat(start), date.fromisoformat(end))
        except ValueError as exc:
            raise PeriodError(str(exc)) from exc


@dataclass(frozen=True)
class MonthCover:
    """A period as the whole local months inside it and the days around them."""

    months: Period | None  # from the first day of the first whole month to the last day
    days: tuple[Period, ...]  # the days outside those months, at most one range each side


def month_cover(period: Period) -> MonthCover:
    """Split a period into its whole months and the (at most two) day ranges around them."""
    start = period.start if period.start.day == 1 else _next_month(period.start)
    after = period.end + timedelta(days=1)
    stop = after if after.day == 1 else after.replace(day=1)  # the day after the last month
    if start >= stop:
        return MonthCover(None, (period,))
    days = []
    if period.start < start:
        days.append(Period(period.start, start - timedelta(days=1)))
    if stop <= period.end:
        days.append(Period(stop, period.end))
    return MonthCover(Period(start, stop - timedelta(days=1)), tuple(days))


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def bucket(day: date, hour: int | None, granularity: Granularity) -> str:
    """The label of the series bucket a local day (and hour) falls in."""
    if granularity is Granularity.HOUR:
        return f"{day.isoformat()}T{hour:02d}"
    if granularity is Granularity.DAY:
        return day.isoformat()
    if granularity is Granularity.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def buckets(period: Period, granularity: Granularity) -> list[str]:
    """Every bucket label of the period in order, so empty ones show as zero."""
    labels: list[str] = []
    for offset in range(period.days):
        day = period.start + timedelta(days=offset)
        hours = range(24) if granularity is Granularity.HOUR else (None,)
        for hour in hours:
            label = bucket(day, hour, granularity)
            if not labels or labels[-1] != label:
                labels.append(label)
    return labels
