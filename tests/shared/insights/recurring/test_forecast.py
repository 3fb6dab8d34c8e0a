"""The low-balance projection: exact in minor units, one warning per dip, cautious guesses."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.insights.forecast import (
    event_key,
    everyday_spending,
    expected_payments,
    low_balance_warnings,
    project_account,
)
from shared.insights.payday import BusinessCalendar
from shared.insights.recurring import find_streams

from .helpers import ACCOUNT, monthly, pay

TODAY = date(2026, 6, 10)  # a Wednesday


@pytest.fixture(scope="module")
def calendar():
    return BusinessCalendar("GB", "ENG")


def _daily_spending(first: date, last: date, amount: int) -> list:
    days = (last - first).days + 1
    return [pay(first + timedelta(days=n), -amount, "Corner Shop", kind="card_payment")
            for n in range(days)]


def _history(balance_day=TODAY):
    rent = monthly(date(2026, 3, 15), 3, -80_000, "Foxtons Lettings", kind="standing_order")
    everyday = _daily_spending(date(2026, 3, 1), balance_day, 1_000)
    return rent + everyday


def test_projection_is_exact_in_minor_units(calendar):
    movements = _history()
    streams = find_streams(movements, TODAY)
    assert [s.counterparty for s in streams] == ["foxtons lettings"]
    projection = project_account(ACCOUNT, 50_000, movements, streams, TODAY, days=14,
                                 calendar=calendar)
    assert projection.everyday_minor == (-1_000,) * 7
    expected = []
    for k in range(1, 15):
        on = TODAY + timedelta(days=k)
        expected.append((on, 50_000 - 1_000 * k - (80_000 if on >= date(2026, 6, 15) else 0)))
    assert [(d.on, d.balance_minor) for d in projection.days] == expected
    rent_day = projection.days[4]
    assert (rent_day.on, rent_day.streams_minor, rent_day.everyday_minor) == (
        date(2026, 6, 15), -80_000, -1_000)


def test_everyday_spending_by_weekday_keeps_the_weekly_total():
    # A big shop every Saturday (6,000 and 8,000 in turn: no stream), nothing else.
    saturdays = [pay(date(2026, 4, 18) + timedelta(days=7 * n), -(6_000 if n % 2 else 8_000),
                     "Tesco", kind="card_payment") for n in range(8)]
    # The account's history starts eight weeks back.
    opening = pay(date(2026, 4, 16), 100, "Interest", kind="interest")
    per_day = everyday_spending(saturdays + [opening], [], date(2026, 6, 10))
    assert per_day == (-500, -500, -500, -500, -500, -4_000, -500)
    assert sum(per_day) == -7_000


def test_a_dip_is_one_warning_with_its_cause(calendar):
    movements = _history()
    streams = find_streams(movements, TODAY)
    projection = project_account(ACCOUNT, 50_000, movements, streams, TODAY, calendar=calendar)
    [warning] = low_balance_warnings(projection, 0)
    assert warning.on == date(2026, 6, 15)
    assert warning.balance_minor == 50_000 - 5_000 - 80_000
    assert (warning.lowest_on, warning.lowest_minor) == (date(2026, 6, 24), -44_000)
    assert warning.last_on == date(2026, 6, 24)
    assert warning.cause is not None and warning.cause.label == "Foxtons Lettings"
    assert warning.cause.amount_minor == -80_000
    assert warning.days_ahead == 5
    assert warning.event_key == event_key(ACCOUNT, date(2026, 6, 15))


def test_the_same_dip_seen_the_next_day_is_the_same_event(calendar):
    first = project_account(ACCOUNT, 50_000, _history(), find_streams(_history(), TODAY),
                            TODAY, calendar=calendar)
    [seen] = low_balance_warnings(first, 0)
    tomorrow = TODAY + timedelta(days=1)
    movements = _history(tomorrow)
    # Spent more than usual: the dip now starts a day earlier, still the same event.
    second = project_account(ACCOUNT, 2_500, movements, find_streams(movements, tomorrow),
                             tomorrow, calendar=calendar)
    [again] = low_balance_warnings(second, 0, earlier=[seen])
    assert again.on == date(2026, 6, 14) != seen.on
    assert again.event_key == seen.event_key
    [fresh] = low_balance_warnings(second, 0)  # without the earlier sighting: a new key
    assert fresh.event_key != seen.event_key


def test_no_dip_no_warning_and_a_threshold_is_respected(calendar):
    movements = _history()
    streams = find_streams(movements, TODAY)
    rich = project_account(ACCOUNT, 500_000, movements, streams, TODAY, calendar=calendar)
    assert low_balance_warnings(rich, 0) == []
    assert [w.on for w in low_balance_warnings(rich, 420_000)] == [date(2026, 6, 15)]


def test_an_account_already_under_is_not_warned_again(calendar):
    movements = _history()
    streams = find_streams(movements, TODAY)
    overdrawn = project_account(ACCOUNT, -5_000, movements, streams, TODAY, calendar=calendar)
    assert low_balance_warnings(overdrawn, 0) == []


def test_a_late_payment_out_is_still_expected_tomorrow(calendar):
    gym = monthly(date(2026, 3, 8), 3, -2_499, "PureGym")  # June's (the 8th) has not come
    [stream] = find_streams(gym, TODAY)
    [payment] = expected_payments([stream], ACCOUNT, TODAY, 14, calendar)
    assert (payment.on, payment.amount_minor) == (TODAY + timedelta(days=1), -2_499)


def test_late_money_in_is_not_counted(calendar):
    salary = [pay(d, 200_000, "BBC", kind="bank_transfer_in", category="salary")
              for d in (date(2026, 3, 10), date(2026, 4, 10), date(2026, 5, 8))]
    streams = find_streams(salary, TODAY)
    assert expected_payments(streams, ACCOUNT, date(2026, 6, 11), 14, calendar) == []
    morning = datetime(2026, 6, 10, 2, 30, tzinfo=UTC)
    evening = datetime(2026, 6, 10, 20, 0, tzinfo=UTC)
    [due] = expected_payments(streams, ACCOUNT, TODAY, 14, calendar, now=morning)
    assert due.on == date(2026, 6, 11) and due.amount_minor == 200_000
    assert expected_payments(streams, ACCOUNT, TODAY, 14, calendar, now=evening) == []


def test_pay_due_on_a_bank_holiday_is_expected_the_working_day_before(calendar):
    salary = [pay(d, 200_000, "BBC", kind="bank_transfer_in", category="salary")
              for d in (date(2026, 5, 29), date(2026, 6, 30), date(2026, 7, 31))]
    today = date(2026, 8, 20)
    [payment] = expected_payments(find_streams(salary, today), ACCOUNT, today, 14, calendar)
    assert payment.on == date(2026, 8, 28)  # 31 August 2026 is a bank holiday
