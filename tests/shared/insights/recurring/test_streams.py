"""Recurring streams: every cadence, their states, price changes, and shopping that is none."""

import random
from datetime import date, timedelta

import pytest

from shared.insights.recurring import (
    Cadence,
    Direction,
    StreamState,
    find_streams,
    normalise_name,
)

from .helpers import every, monthly, pay

TODAY = date(2026, 6, 30)


def _only(streams, counterparty):
    found = [s for s in streams if s.counterparty == counterparty]
    assert len(found) == 1, [(s.counterparty, s.cadence) for s in streams]
    return found[0]


@pytest.mark.parametrize(("cadence", "movements"), [
    (Cadence.WEEKLY, every(date(2026, 4, 3), 7, 12, -4000, "Cleaner M Nowak",
                           kind="standing_order")),
    (Cadence.FORTNIGHTLY, every(date(2026, 3, 5), 14, 8, 120_000, "Amazon UK Payroll",
                                kind="bank_transfer_in")),
    (Cadence.MONTHLY, monthly(date(2026, 1, 14), 6, -1099, "Netflix", kind="card_payment")),
    (Cadence.QUARTERLY, monthly(date(2025, 6, 10), 13, -4500, "The Economist")[::3]),
    (Cadence.ANNUAL, [pay(date(2024, 7, 2), -52_000, "Direct Line Car Insurance"),
                      pay(date(2025, 7, 2), -55_600, "Direct Line Car Insurance")]),
])
def test_each_cadence_is_found(cadence, movements):
    streams = find_streams(movements, TODAY)
    assert len(streams) == 1
    stream = streams[0]
    assert stream.cadence is cadence
    assert stream.occurrences == len(movements)
    assert stream.direction is (Direction.INFLOW if movements[0].amount_minor > 0
                                else Direction.OUTFLOW)


def test_two_payments_are_early_three_are_mature():
    two = find_streams(monthly(date(2026, 5, 3), 2, -2499, "PureGym"), TODAY)
    three = find_streams(monthly(date(2026, 4, 3), 3, -2499, "PureGym"), TODAY)
    assert two[0].state is StreamState.EARLY
    assert three[0].state is StreamState.MATURE
    assert three[0].next_on == date(2026, 7, 3)
    assert three[0].next_amount_minor == -2499


def test_a_stream_ends_when_the_expected_payment_does_not_come():
    gym = monthly(date(2026, 1, 3), 4, -2499, "PureGym")  # last on 3 April
    stream = find_streams(gym, TODAY)[0]
    assert stream.state is StreamState.ENDED
    assert stream.next_on == date(2026, 5, 3)  # the payment that did not come
    # Within the grace days it is still expected.
    assert find_streams(gym, date(2026, 5, 8))[0].state is StreamState.MATURE


def test_a_price_rise_is_flagged_old_to_new():
    spotify = (monthly(date(2026, 1, 20), 3, -1199, "Spotify", kind="card_payment")
               + monthly(date(2026, 4, 20), 2, -1299, "Spotify", kind="card_payment"))
    stream = find_streams(spotify, TODAY)[0]
    assert stream.price_change is not None
    assert (stream.price_change.old_minor, stream.price_change.new_minor) == (-1199, -1299)
    assert stream.price_change.since == date(2026, 4, 20)
    assert stream.typical_amount_minor == stream.next_amount_minor == -1299


def test_a_bill_that_wanders_is_a_stream_without_a_price_change():
    rng = random.Random(4)
    energy = [pay(m.at.date(), -int(12_000 * rng.uniform(0.9, 1.1)), "Octopus Energy")
              for m in monthly(date(2026, 1, 12), 6, 0, "x")]
    stream = _only(find_streams(energy, TODAY), "octopus energy")
    assert stream.cadence is Cadence.MONTHLY
    assert stream.price_change is None


def test_the_weekly_shop_at_the_same_supermarket_is_no_stream():
    rng = random.Random(7)
    shop = [pay(date(2026, 1, 3) + timedelta(days=7 * n + rng.choice((0, 0, 1))),
                -rng.randrange(4_000, 12_000), "Tesco", kind="card_payment",
                category="groceries") for n in range(25)]
    coffee = [pay(date(2026, 1, 5) + timedelta(days=d), -310, "Pret A Manger",
                  kind="card_payment") for d in sorted(rng.sample(range(170), 60))]
    assert find_streams(shop + coffee, TODAY) == []


def test_a_subscription_among_purchases_at_the_same_payee_is_picked_out():
    rng = random.Random(2)
    subscription = monthly(date(2026, 1, 9), 6, -299, "APPLE.COM/BILL", kind="card_payment")
    purchases = [pay(date(2026, 1, 1) + timedelta(days=rng.randrange(180)),
                     -rng.choice((79, 199, 449, 999)), "APPLE.COM/BILL", kind="card_payment")
                 for _ in range(8)]
    stream = _only(find_streams(subscription + purchases, TODAY), "apple")
    assert stream.dates == tuple(m.at.date() for m in subscription)


def test_references_and_dates_in_names_are_ignored():
    names = ["NETFLIX.COM 8945321", "DD NETFLIX REF A1B2C3", "NETFLIX 14MAR", "Netflix"]
    movements = [pay(m.at.date(), -1099, "", kind="card_payment", description=name)
                 for m, name in zip(monthly(date(2026, 2, 14), 4, 0, "x"), names, strict=True)]
    stream = find_streams(movements, TODAY)[0]
    assert stream.counterparty == "netflix"
    assert stream.label == "Netflix"
    assert normalise_name("O2 REF 123") == "o2"  # a short brand keeps its digit
    assert normalise_name("THE GYM GROUP 12MAR") == "gym group"


def test_month_end_and_working_day_moves_are_tolerated():
    # Paid on the last working day: 30 Jan (Fri), 27 Feb (Fri), 31 Mar, 30 Apr, 29 May (Fri).
    days = [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 31), date(2026, 4, 30),
            date(2026, 5, 29)]
    salary = [pay(d, 310_000, "Compass Group", kind="bank_transfer_in", category="salary")
              for d in days]
    stream = find_streams(salary, date(2026, 6, 10))[0]
    assert stream.cadence is Cadence.MONTHLY and stream.state is StreamState.MATURE
    assert stream.next_on == date(2026, 6, 30)  # the working day moves are payday.py's


def test_one_missed_pay_in_a_long_run_keeps_the_stream():
    salary = monthly(date(2026, 1, 25), 6, 250_000, "BBC", kind="bank_transfer_in")
    del salary[3]
    assert find_streams(salary, TODAY)[0].cadence is Cadence.MONTHLY


def test_accounts_and_directions_are_kept_apart():
    movements = (monthly(date(2026, 1, 5), 4, -3000, "Three")
                 + monthly(date(2026, 1, 5), 4, -3000, "Three", account="external:9")
                 + monthly(date(2026, 1, 7), 4, 3000, "Three"))  # refunds? still a stream
    streams = find_streams(movements, date(2026, 4, 20))
    assert {(s.account, s.direction) for s in streams} == {
        ("ours:1", Direction.OUTFLOW), ("external:9", Direction.OUTFLOW),
        ("ours:1", Direction.INFLOW)}
