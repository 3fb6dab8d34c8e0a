"""Low-balance forecast: each account's balance day by day over the next fortnight, and a
warning when it is going under the customer's threshold.

The projection starts from today's balance, adds every expected stream payment on its
date (pay moved to the working day before a holiday) and takes off the customer's usual
day-to-day spending for that weekday. It leans to caution where it must guess: a payment
out that is late is still expected (tomorrow), money in that is late is not counted.
Integer minor units throughout, so a projected balance is exact arithmetic on its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from shared.insights.movements import Movement
from shared.insights.payday import BusinessCalendar, pay_dates
from shared.insights.recurring import (
    RULE_OF,
    Cadence,
    Direction,
    Stream,
    StreamState,
    normalise_name,
    step,
    stream_payments,
)

FORECAST_DAYS = 14  # InsightsSettings.forecast_days is the setting; this is its default
EVERYDAY_DAYS = 56  # eight weeks of day-to-day spending, eight of each weekday
# Days above this quantile of the daily totals are capped to it: a sofa bought once is not
# spent again every week (the weekly shop, one day in seven, stays under it).
EVERYDAY_CAP_QUANTILE = 0.95
# A dip seen again starting this many days earlier or later is the same event (day-to-day
# spending moves its first day a little from one day's projection to the next).
SAME_DIP_DAYS = 3
# Pay and other credits land in the early morning: money in due today that has not come by
# this time (UTC) is late, and no longer counted.
INFLOW_CUTOFF = time(12, 0)


@dataclass(frozen=True, slots=True)
class ExpectedPayment:
    """One stream payment the projection counts on, signed (money out negative)."""

    on: date
    amount_minor: int
    counterparty: str
    label: str
    category: str
    cadence: Cadence
    stream_key: str


@dataclass(frozen=True, slots=True)
class ProjectedDay:
    """One day of a projection: the closing balance and what moved it."""

    on: date
    balance_minor: int
    streams_minor: int  # the expected stream payments, net
    everyday_minor: int  # usual day-to-day spending (zero or negative)
    payments: tuple[ExpectedPayment, ...]


@dataclass(frozen=True, slots=True)
class Projection:
    """An account's projected closing balances for the days after `today`."""

    account: str
    today: date
    balance_minor: int  # now, the starting point
    everyday_minor: tuple[int, ...]  # Monday..Sunday, usual day-to-day spending (<= 0)
    days: tuple[ProjectedDay, ...]


@dataclass(frozen=True, slots=True)
class LowBalanceWarning:
    """A projected dip under the threshold: one event, whichever day it is seen from.

    `on` is the dip's first day under the threshold, `balance_minor` the projected balance
    that day, `lowest_minor` and `lowest_on` the bottom of the dip within the projection,
    `last_on` its last day under the threshold (the projection's last day if it has not
    come back by then).
    `cause` is the largest payment out on the first day (the one that tips the balance
    under), None when day-to-day spending alone takes it there. `event_key` names the event
    for the outbox (`low_balance:<account>:<first day>`, kept from an earlier sighting of
    the same dip); `seen_on` is the day the projection was made.
    """

    event_key: str
    account: str
    on: date
    balance_minor: int
    lowest_minor: int
    lowest_on: date
    last_on: date
    threshold_minor: int
    cause: ExpectedPayment | None
    seen_on: date

    @property
    def days_ahead(self) -> int:
        return (self.on - self.seen_on).days


def everyday_spending(movements: Iterable[Movement], streams: Iterable[Stream], today: date,
                      account: str | None = None) -> tuple[int, ...]:
    """Return the usual day-to-day spending per weekday (Monday first), zero or negative.

    Money out over the last EVERYDAY_DAYS days, stream payments left out, summed per day;
    each day capped at the EVERYDAY_CAP_QUANTILE of the days; then for each weekday the
    mean of its days and the mean of all days averaged (eight Saturdays alone are noisy).
    Only the days since the account's first movement count.
    """
    end = today.toordinal()
    start = end - EVERYDAY_DAYS + 1
    in_streams = stream_payments(streams)
    stream_days = {(account_key, when) for account_key, _, when in in_streams}
    totals = [0] * EVERYDAY_DAYS
    first = None
    for m in movements:
        if account is not None and m.account != account:
            continue
        when = m.at.toordinal()
        if when > end:
            continue
        if first is None or when < first:
            first = when
        if when < start or m.amount_minor >= 0:
            continue
        if (m.account, when) in stream_days and (
                m.account, normalise_name(m.counterparty or m.description), when) in in_streams:
            continue
        totals[when - start] -= m.amount_minor
    if first is None:
        return (0,) * 7
    offset = max(0, first - start)
    observed = totals[offset:]
    ordered = sorted(observed)
    cap = ordered[int(EVERYDAY_CAP_QUANTILE * (len(ordered) - 1))]
    sums, counts = [0] * 7, [0] * 7
    overall = 0
    for i, spent in enumerate(observed, start=start + offset):
        spent = min(spent, cap)
        weekday = (i - 1) % 7  # date.fromordinal(1) is a Monday
        sums[weekday] += spent
        counts[weekday] += 1
        overall += spent
    mean = overall // len(observed)
    return tuple(-((sums[w] // counts[w] + mean) // 2 if counts[w] else mean) for w in range(7))


def _payment(stream: Stream, on: date) -> ExpectedPayment:
    return ExpectedPayment(on, stream.next_amount_minor, stream.counterparty, stream.label,
                           stream.category, stream.cadence, stream.key)


def expected_payments(streams: Iterable[Stream], account: str, today: date, days: int,
                      calendar: BusinessCalendar | None = None, now: datetime | None = None
                      ) -> list[ExpectedPayment]:
    """Return the stream payments expected on the account in the `days` after today.

    Streams that ended are left out. A payment out that is due and has not come yet is put
    on the first day; money in that is late is left out (counted only on days it can still
    come: money due today counts until INFLOW_CUTOFF when `now` says the time); money in is
    moved to the working day before a weekend or holiday when a calendar is given.
    """
    first, last = today + timedelta(days=1), today + timedelta(days=days)
    today_counts = not (now is not None and now.date() == today
                        and now.time().replace(tzinfo=None) >= INFLOW_CUTOFF)
    found: list[ExpectedPayment] = []
    for stream in streams:
        if stream.account != account or stream.state is StreamState.ENDED:
            continue
        rule = RULE_OF[stream.cadence]
        inflow = stream.direction is Direction.INFLOW
        if inflow and calendar is not None:
            for paid, _due in pay_dates(stream, calendar, today, last):
                if paid > today or today_counts:
                    found.append(_payment(stream, max(paid, first)))
            continue
        due, k = stream.next_on, 0
        while due <= last:
            if due >= first:
                found.append(_payment(stream, due))
            elif k == 0 and (not inflow or (due == today and today_counts)):
                found.append(_payment(stream, first))
            k += 1
            due = step(stream.next_on, rule, stream.day_of_month, k)
    found.sort(key=lambda p: (p.on, p.amount_minor, p.stream_key))
    return found


def project_account(account: str, balance_minor: int, movements: Sequence[Movement],
                    streams: Sequence[Stream], today: date, *, days: int = FORECAST_DAYS,
                    calendar: BusinessCalendar | None = None, now: datetime | None = None
                    ) -> Projection:
    """Project the account's closing balance for each of the `days` after today.

    `movements` may hold other accounts' too (they are skipped); `streams` are
    `find_streams` of the same movements; `balance_minor` is the balance now, `now` the
    time it was read (see `expected_payments` for money in due today).
    """
    everyday = everyday_spending(movements, streams, today, account)
    payments = expected_payments(streams, account, today, days, calendar, now)
    first = today + timedelta(days=1)
    by_day: list[list[ExpectedPayment]] = [[] for _ in range(days)]
    for payment in payments:
        by_day[(payment.on - first).days].append(payment)
    balance = balance_minor
    projected = []
    for i in range(days):
        on = first + timedelta(days=i)
        streams_minor = sum(p.amount_minor for p in by_day[i])
        spent = everyday[on.weekday()]
        balance += streams_minor + spent
        projected.append(ProjectedDay(on, balance, streams_minor, spent, tuple(by_day[i])))
    return Projection(account, today, balance_minor, everyday, tuple(projected))


def project_accounts(balances: Mapping[str, int], movements: Sequence[Movement],
                     streams: Sequence[Stream], today: date, *, days: int = FORECAST_DAYS,
                     calendar: BusinessCalendar | None = None, now: datetime | None = None
                     ) -> dict[str, Projection]:
    """Project each account in `balances` (account key -> balance now)."""
    by_account: dict[str, list[Movement]] = {account: [] for account in balances}
    for m in movements:
        mine = by_account.get(m.account)
        if mine is not None:
            mine.append(m)
    return {account: project_account(account, balance, by_account[account], streams, today,
                                     days=days, calendar=calendar, now=now)
            for account, balance in balances.items()}


def event_key(account: str, first_day: date) -> str:
    """The outbox's dedupe key of a low-balance event."""
    return f"low_balance:{account}:{first_day.isoformat()}"


def low_balance_warnings(projection: Projection, threshold_minor: int = 0, *,
                         earlier: Iterable[LowBalanceWarning] = ()) -> list[LowBalanceWarning]:
    """Return one warning per dip of the projected balance under `threshold_minor`.

    A dip starts on a day whose closing balance is under the threshold after a day (or a
    start) that was not: an account already under it today is not warned of again until it
    has come back above. `earlier` are the warnings of earlier projections (the insight
    engine keeps them): a dip starting within SAME_DIP_DAYS of one of them keeps its key,
    so the outbox sends it once.
    """
    known = [w for w in earlier if w.account == projection.account]
    warnings: list[LowBalanceWarning] = []
    below = projection.balance_minor < threshold_minor
    start: ProjectedDay | None = None
    lowest: ProjectedDay | None = None
    previous: ProjectedDay | None = None

    def close() -> None:
        assert start is not None and lowest is not None and previous is not None
        outs = [p for p in start.payments if p.amount_minor < 0]
        cause = min(outs, key=lambda p: (p.amount_minor, p.stream_key)) if outs else None
        key = event_key(projection.account, start.on)
        for w in known:
            if abs((w.on - start.on).days) <= SAME_DIP_DAYS:
                key = w.event_key
                break
        warnings.append(LowBalanceWarning(
            key, projection.account, start.on, start.balance_minor, lowest.balance_minor,
            lowest.on, previous.on, threshold_minor, cause, projection.today))

    for day in projection.days:
        now_below = day.balance_minor < threshold_minor
        if now_below and not below:
            start = lowest = day
        elif now_below and start is not None and lowest is not None \
                and day.balance_minor < lowest.balance_minor:
            lowest = day
        elif not now_below and below and start is not None:
            close()
            start = lowest = None
        below = now_below
        previous = day
    if start is not None:
        close()
    return warnings
