"""Pay day: the usual day read back through moves, the next one moved before holidays."""

from datetime import date

import pytest

from shared.insights.payday import (
    BusinessCalendar,
    pay_date,
    pay_day,
    usual_pay_day,
)
from shared.insights.recurring import find_streams
from shared.settings.sections import InsightsSettings

from .helpers import every, pay


@pytest.fixture(scope="module")
def calendar():
    return BusinessCalendar.from_settings(InsightsSettings())  # GB, England


def _salary(days, name="Compass Group"):
    return [pay(d, 310_000, name, kind="bank_transfer_in", category="salary") for d in days]


def test_christmas_day_pay_comes_on_christmas_eve(calendar):
    assert pay_date(2026, 12, 25, calendar) == date(2026, 12, 24)  # Friday 25th: a holiday


def test_pay_due_at_a_weekend_comes_on_the_friday(calendar):
    assert pay_date(2026, 7, 25, calendar) == date(2026, 7, 24)  # Saturday
    assert pay_date(2026, 10, 25, calendar) == date(2026, 10, 23)  # Sunday


def test_the_summer_bank_holiday_moves_the_last_working_day(calendar):
    assert calendar.last_business_day(2026, 8) == date(2026, 8, 28)  # 31 Aug: a holiday
    assert pay_date(2026, 8, 31, calendar) == date(2026, 8, 28)
    assert pay_date(2026, 4, 3, calendar) == date(2026, 4, 2)  # Good Friday


def test_the_usual_day_is_read_back_through_the_moves(calendar):
    paid = [date(2025, 10, 24), date(2025, 11, 25), date(2025, 12, 24), date(2026, 1, 23)]
    assert usual_pay_day(paid, calendar) == (25, False)


def test_the_last_working_day_pattern_is_recognised(calendar):
    paid = [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 31), date(2026, 4, 30),
            date(2026, 5, 29)]
    assert usual_pay_day(paid, calendar) == (31, True)


def test_next_pay_day_before_christmas(calendar):
    streams = find_streams(_salary([date(2026, 9, 25), date(2026, 10, 23),
                                    date(2026, 11, 25)]), date(2026, 12, 10))
    payday = pay_day(streams, date(2026, 12, 10), calendar)
    assert payday is not None
    assert (payday.day_of_month, payday.last_working_day) == (25, False)
    assert (payday.next_on, payday.due_on, payday.moved) == (
        date(2026, 12, 24), date(2026, 12, 25), True)


def test_next_last_working_day_before_the_august_bank_holiday(calendar):
    paid = [date(2026, 4, 30), date(2026, 5, 29), date(2026, 6, 30), date(2026, 7, 31)]
    payday = pay_day(find_streams(_salary(paid), date(2026, 8, 10)), date(2026, 8, 10),
                     calendar)
    assert payday is not None and payday.last_working_day
    assert payday.next_on == date(2026, 8, 28)


def test_weekly_pay_due_on_good_friday_comes_on_thursday(calendar):
    wages = every(date(2026, 2, 6), 7, 8, 61_000, "Staffline Agency", kind="bank_transfer_in")
    payday = pay_day(find_streams(wages, date(2026, 3, 28)), date(2026, 3, 28), calendar)
    assert payday is not None and payday.weekday == 4  # Friday
    assert payday.next_on == date(2026, 4, 2)


def test_no_income_no_pay_day(calendar):
    rent = [pay(date(2026, m, 1), -90_000, "Foxtons") for m in (3, 4, 5)]
    assert pay_day(find_streams(rent, date(2026, 5, 10)), date(2026, 5, 10), calendar) is None
