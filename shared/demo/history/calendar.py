"""When a demo branch is open and how busy each day and hour is: the patterns of its history.

Pure functions of the date, so a test can name the pattern it checks: lunchtime peaks,
Mondays and Fridays busier than midweek, paydays busier still, Sundays closed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# Local opening hours by weekday (Monday 0): the first hour open and the hour it closes.
OPENING: dict[int, tuple[int, int] | None] = {
    0: (9, 17), 1: (9, 17), 2: (9, 17), 3: (9, 17), 4: (9, 17), 5: (9, 13), 6: None,
}
# How a weekday's footfall compares with an ordinary midweek day: the week's ends are busy.
# Saturday opens for four hours, so its hours are busier than its total suggests.
DAY_WEIGHT = {0: 1.3, 1: 1.0, 2: 0.85, 3: 1.0, 4: 1.35, 5: 0.8}
# Footfall within a day by local hour: people come in at lunchtime.
WEEKDAY_HOURS = {9: 0.75, 10: 0.95, 11: 1.1, 12: 1.85, 13: 1.75, 14: 1.0, 15: 0.9, 16: 0.7}
SATURDAY_HOURS = {9: 0.8, 10: 1.2, 11: 1.35, 12: 1.0}
PAYDAY_UPLIFT = 1.45  # salaries land: cash, transfers, questions
AFTER_PAYDAY_UPLIFT = 1.15  # the next open day still feels it
DAILY_SPREAD = 0.08  # day-to-day noise (sigma of a log-normal factor)


def is_open(day: date) -> bool:
    return OPENING[day.weekday()] is not None


def hour_weights(day: date) -> dict[int, float]:
    """Relative footfall by local hour on an open day (empty when closed)."""
    hours = OPENING[day.weekday()]
    if hours is None:
        return {}
    return SATURDAY_HOURS if day.weekday() == 5 else WEEKDAY_HOURS


def _last_business_day(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    day = first_next - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def paydays(year: int, month: int) -> set[date]:
    """The month's paydays: the 25th (the Friday before, on a weekend) and the last business
    day, the two days most UK salaries are paid on."""
    twenty_fifth = date(year, month, 25)
    while twenty_fifth.weekday() >= 5:
        twenty_fifth -= timedelta(days=1)
    return {twenty_fifth, _last_business_day(year, month)}


def is_payday(day: date) -> bool:
    return day in paydays(day.year, day.month)


def _previous_open_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_open(day):
        day -= timedelta(days=1)
    return day


def day_weight(day: date) -> float:
    """How busy an open day is against an ordinary midweek day, before the noise."""
    if not is_open(day):
        return 0.0
    weight = DAY_WEIGHT[day.weekday()]
    if is_payday(day):
        weight *= PAYDAY_UPLIFT
    elif is_payday(_previous_open_day(day)):
        weight *= AFTER_PAYDAY_UPLIFT
    return weight


def outage_day(seed: int, branch_code: str, first_day: date, last_day: date) -> date | None:
    """The one midweek day in the range when the branch's kiosks were down (None if none fits).

    Chosen 1 to 5 weeks before the range ends, so a month's view usually shows it.
    """
    midweek = (1, 2, 3)  # Tuesday to Thursday
    rng = random.Random(f"{seed}:outage:{branch_code}")
    candidate = last_day - timedelta(days=rng.randint(7, 35))
    while candidate.weekday() not in midweek:
        candidate -= timedelta(days=1)
    if candidate < first_day:  # a short range: its first midweek day
        candidate = first_day
        while candidate <= last_day and candidate.weekday() not in midweek:
            candidate += timedelta(days=1)
    return candidate if first_day <= candidate <= last_day else None
