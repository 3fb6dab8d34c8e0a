"""Long ranges read whole months from the monthly rollup and the days around them by day."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.analytics.dashboard import branch_dashboard
from shared.analytics.facts import Fact, record
from shared.analytics.kinds import FactKind as K
from shared.analytics.metrics import Targets
from shared.analytics.periods import Granularity, Period, month_cover
from tests.factories import make_branch


@pytest.mark.parametrize(("start", "end", "months", "days"), [
    # a year ending mid-month: whole months inside, part months either side
    ("2025-11-18", "2026-11-17", ("2025-12-01", "2026-10-31"),
     [("2025-11-18", "2025-11-30"), ("2026-11-01", "2026-11-17")]),
    ("2025-12-01", "2026-11-30", ("2025-12-01", "2026-11-30"), []),
    ("2026-03-05", "2026-03-20", None, [("2026-03-05", "2026-03-20")]),
    ("2026-03-01", "2026-03-31", ("2026-03-01", "2026-03-31"), []),
    ("2026-01-31", "2026-03-01", ("2026-02-01", "2026-02-28"),
     [("2026-01-31", "2026-01-31"), ("2026-03-01", "2026-03-01")]),
    ("2026-02-02", "2026-03-30", None, [("2026-02-02", "2026-03-30")]),
])
def test_a_period_splits_into_whole_months_and_the_days_around_them(start, end, months, days):
    cover = month_cover(Period.parse(start, end))
    assert cover.months == (Period.parse(*months) if months else None)
    assert list(cover.days) == [Period.parse(*d) for d in days]


def _facts(db_session, branch_ids):
    """A few facts of each kind on days spread over four months, at two branches."""
    n = iter(range(100_000))
    day = date(2026, 1, 20)
    while day < date(2026, 5, 10):
        for b, branch_id in enumerate(branch_ids):
            when = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10 + b)

            def fact(kind, dim="", detail="", seconds=None, at=when, branch_id=branch_id):
                duration = None if seconds is None else timedelta(seconds=seconds)
                record(db_session, Fact(kind, f"t:{next(n)}", branch_id, at, dim, detail,
                                        duration))

            fact(K.DOOR_ENTRY, "DOOR", seconds=3 + day.day % 5)
            fact(K.ARRIVAL, "door_camera")
            fact(K.GREETED, seconds=30 + 7 * day.day)
            fact(K.TICKET_TAKEN, "cash")
            fact(K.TICKET_CALLED, "cash", seconds=60 * (day.day % 12))
            # Both branches call their counter C1: a counter-day each.
            fact(K.TICKET_SERVED, "cash", "C1", seconds=240)
            fact(K.KIOSK_SESSION, "fallback" if day.day % 4 else "completed", "over_limit", 90)
        day += timedelta(days=3)


@pytest.mark.parametrize("granularity", list(Granularity))
def test_rollups_over_months_give_the_raw_facts_figures(db_session, granularity):
    branch_ids = [make_branch(db_session, timezone="Europe/London").id,
                  make_branch(db_session, timezone="Asia/Seoul").id]
    _facts(db_session, branch_ids)
    for period in (Period(date(2026, 1, 25), date(2026, 5, 6)),  # part months either side
                   Period(date(2026, 2, 1), date(2026, 4, 30)),  # whole months only
                   Period(date(2026, 3, 3), date(2026, 3, 29))):  # inside one month
        for ids in (branch_ids, branch_ids[:1]):
            args = (db_session, ids, period, granularity, Targets())
            assert branch_dashboard(*args) == branch_dashboard(*args, raw=True), (period, ids)

