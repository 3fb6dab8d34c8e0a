"""Pay day: the day a customer's pay usually lands, and the date the next pay will.

Employers pay on a day of the month (the 25th), or on the last working day; when that day
is a weekend or a public holiday of the branch's country they pay on the working day
before. The usual day is read back through those moves: a salary seen on Thursday 24
December 2026 and on the 25th of other months is paid "on the 25th".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from shared.insights.recurring import (
    RULE_OF,
    Cadence,
    Direction,
    Stream,
    StreamState,
    month_day,
    step,
)
from shared.settings.sections import InsightsSettings

PAY_CADENCES = (Cadence.MONTHLY, Cadence.FORTNIGHTLY, Cadence.WEEKLY)
# How far a pay day may move back: a Sunday 25th after a Good Friday and a weekend is
# paid on the Thursday; Christmas and Boxing Day after a weekend push a few days more.
MAX_MOVE_DAYS = 6


class BusinessCalendar:
    """Working days of one country (and region): weekdays that are not public holidays."""

    def __init__(self, country: str = "GB", subdivision: str | None = "ENG"):
        # The holidays object fills in each year the first time a date in it is asked about.
        self._holidays = holidays.country_holidays(country, subdiv=subdivision or None)
        self._working: dict[date, bool] = {}  # asked about before: every customer asks

    @classmethod
    def from_settings(cls, settings: InsightsSettings) -> BusinessCalendar:
        return cls(settings.holiday_country, settings.holiday_subdivision)

    def is_business_day(self, day: date) -> bool:
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = day.weekday() < 5 and day not in self._holidays
        return working

    def on_or_before(self, day: date) -> date:
        """The day itself if it is a working day, else the working day before it."""
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    def last_business_day(self, year: int, month: int) -> date:
        return self.on_or_before(month_day(year, month, 31))


@dataclass(frozen=True, slots=True)
class PayDay:
    """The customer's pay: its stream, its usual day, and the next pay date.

    `day_of_month` is the day the employer pays on before any move (31: the month's last
    day); `last_working_day` is True when they pay on the last working day of each month.
    `weekday` (Monday 0) is set instead for weekly and fortnightly pay. `next_on` is the
    next pay date on or after the day asked about, moved to the working day before a
    weekend or holiday; `due_on` is the same date before the move.
    """

    stream: Stream
    day_of_month: int | None
    last_working_day: bool
    weekday: int | None
    next_on: date
    due_on: date

    @property
    def moved(self) -> bool:
        return self.next_on != self.due_on


def usual_pay_day(dates: Sequence[date], calendar: BusinessCalendar) -> tuple[int, bool]:
    """Return (day of the month, paid on the last working day) behind monthly pay dates.

    Each date allows the days that a move back to a working day would turn into it; the
    usual day is one every date allows (the one most often paid unmoved), or the most
    common day when no single day explains them all (the employer changed its pay day).
    """
    if dates and all(d == calendar.last_business_day(d.year, d.month) for d in dates):
        return 31, True
    allowed: set[int] | None = None
    for paid in dates:
        options = {paid.day}
        # The days after a pay date that are not working days move back onto it, early next
        # month's too (due on the 1st, paid on the 30th before).
        after = paid + timedelta(days=1)
        while not calendar.is_business_day(after) and (after - paid).days <= MAX_MOVE_DAYS:
            options.add(after.day)
            after += timedelta(days=1)
        if after.month != paid.month:  # not one working day left in the month: any later
            options.update(range(paid.day + 1, 32))  # due day is clamped onto it too
        allowed = options if allowed is None else allowed & options
    unmoved = Counter(d.day for d in dates)
    if allowed:
        return max(sorted(allowed), key=lambda day: unmoved[day]), False
    return unmoved.most_common(1)[0][0], False


def pay_date(year: int, month: int, day_of_month: int, calendar: BusinessCalendar) -> date:
    """The date pay due on `day_of_month` of a month lands (31: its last working day)."""
    return calendar.on_or_before(month_day(year, month, day_of_month))


def pay_dates(stream: Stream, calendar: BusinessCalendar, start: date, end: date
              ) -> list[tuple[date, date]]:
    """Return (paid on, due on) of the stream's coming payments, paid in [start, end].

    Only payments after the last one seen: one that was due before `start` and has not
    come is left out (money in is counted only when it can still be expected).
    """
    rule = RULE_OF[stream.cadence]
    last = stream.last_on
    found: list[tuple[date, date]] = []
    if rule.months:
        day, _ = usual_pay_day(stream.dates, calendar) if rule.months == 1 else (
            stream.day_of_month or last.day, False)
        # The month the last payment was for (pay due on the 1st may come the month before).
        base = min(((last.year, last.month + k) for k in (-1, 0, 1)),
                   key=lambda ym: abs((pay_date(*ym, day, calendar) - last).days))
        k = 1
        while True:
            due = month_day(base[0], base[1] + rule.months * k, day)
            paid = calendar.on_or_before(due)
            if paid > end:
                return found
            if paid > last and paid >= start:
                found.append((paid, due))
            k += 1
    # Weekly pay keeps its weekday: a Friday paid on Thursday before Good Friday is still
    # due on Friday the week after.
    weekday = Counter(d.weekday() for d in stream.dates).most_common(1)[0][0]
    due = step(last, rule, None)
    shift = (weekday - due.weekday()) % 7
    due += timedelta(days=shift if shift <= 3 else shift - 7)
    while True:
        paid = calendar.on_or_before(due)
        if paid > end:
            return found
        if paid > last and paid >= start:
            found.append((paid, due))
        due = step(due, rule, None)


def salary_stream(streams: Sequence[Stream]) -> Stream | None:
    """The customer's pay among their streams: income still coming, salary first, largest."""
    candidates = [s for s in streams if s.direction is Direction.INFLOW
                  and s.state is not StreamState.ENDED and s.cadence in PAY_CADENCES
                  and s.category in ("salary", "other_income", "income", "")]
    if not candidates:
        return None
    return max(candidates, key=lambda s: (s.category == "salary", abs(s.typical_amount_minor)))


def pay_day(streams: Sequence[Stream], today: date, calendar: BusinessCalendar
            ) -> PayDay | None:
    """Return the customer's usual pay day and the next pay date on or after `today`."""
    stream = salary_stream(streams)
    if stream is None:
        return None
    horizon = today + timedelta(days=400)
    upcoming = pay_dates(stream, calendar, today, horizon)
    if not upcoming:
        return None
    next_on, due_on = upcoming[0]
    if RULE_OF[stream.cadence].months:
        day, last_working = usual_pay_day(stream.dates, calendar)
        return PayDay(stream, day, last_working, None, next_on, due_on)
    weekday = Counter(d.weekday() for d in stream.dates).most_common(1)[0][0]
    return PayDay(stream, None, False, weekday, next_on, due_on)
