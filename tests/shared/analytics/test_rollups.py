"""Rollups kept as facts arrive always equal a recomputation from the raw facts."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.analytics.cells import (
    EDGES,
    FactRow,
    HourCell,
    bin_of,
    by_day,
    by_month,
    cells_of,
    recompute,
)
from shared.analytics.facts import Fact, record
from shared.analytics.kinds import FactKind, KioskOutcome
from shared.analytics.store import daily_snapshot, hourly_snapshot, monthly_snapshot, rebuild
from tests.factories import make_branch

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # spans the clocks going forward, and April


def facts_strategy(branch_ids):
    fact = st.builds(
        Fact,
        kind=st.sampled_from(list(FactKind)),
        key=st.sampled_from([f"k{i}" for i in range(25)]),  # few keys: many duplicates
        branch_id=st.sampled_from(branch_ids),
        at=st.integers(0, 5 * 24 * 3600).map(lambda s: START + timedelta(seconds=s)),
        dim=st.sampled_from(["", "cash", "accounts", "completed", "fallback"]),
        detail=st.sampled_from(["", "over_limit", "C1"]),
        duration=st.none() | st.integers(0, 20_000).map(lambda s: timedelta(seconds=s / 2)),
    )
    return st.lists(fact, max_size=40)


def _first_of_each_key(facts):
    seen, firsts = set(), []
    for fact in facts:
        if fact.key not in seen:
            seen.add(fact.key)
            firsts.append(fact)
    return firsts


def test_rollups_equal_a_recomputation_with_late_and_duplicated_facts(db_session):
    branches = [make_branch(db_session, timezone="Europe/London").id,
                make_branch(db_session, timezone="Asia/Seoul").id]
    zones = {branches[0]: LONDON, branches[1]: ZoneInfo("Asia/Seoul")}

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(facts=facts_strategy(branches))
    def check(facts):
        # Facts arrive in any order (late ones included) and some twice: the key decides.
        savepoint = db_session.begin_nested()
        try:
            stored = [record(db_session, f) for f in facts]
            firsts = _first_of_each_key(facts)
            assert sum(stored) == len(firsts)
            expected = recompute((f.row() for f in firsts), zones)
            assert hourly_snapshot(db_session) == expected
            assert daily_snapshot(db_session) == by_day(expected)
            assert monthly_snapshot(db_session) == by_month(expected)
            rebuild(db_session)
            assert hourly_snapshot(db_session) == expected
            assert daily_snapshot(db_session) == by_day(expected)
            assert monthly_snapshot(db_session) == by_month(expected)
        finally:
            savepoint.rollback()

    check()


def test_a_fact_counts_in_its_branchs_local_hour():
    # 23:30 UTC on 28 March 2026 is 23:30 GMT; 01:30 UTC on the 29th, after the clocks go
    # forward at 01:00 UTC, is 02:30 BST.
    before = FactRow(1, "door.entry", datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
    after = FactRow(1, "door.entry", datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    (cell_before, _), = cells_of(before, LONDON)
    (cell_after, _), = cells_of(after, LONDON)
    assert (cell_before.day.isoformat(), cell_before.hour) == ("2026-03-28", 23)
    assert (cell_after.day.isoformat(), cell_after.hour) == ("2026-03-29", 2)


def test_a_fact_adds_totals_a_bin_and_its_detail():
    fact = FactRow(7, "kiosk.session", datetime(2026, 5, 1, 10, 15, tzinfo=UTC),
                   dim=KioskOutcome.FALLBACK.value, detail="over_limit", duration_ms=95_000)
    cells = {cell: (amount.count, amount.total_ms) for cell, amount in cells_of(fact, LONDON)}
    day = fact.at.date()
    assert cells == {  # 10:15 UTC is 11:15 in London in May
        HourCell(7, day, 11, "kiosk.session", "fallback", -1): (1, 95_000),
        HourCell(7, day, 11, "kiosk.session", "fallback", bin_of(95_000)): (1, 0),
        HourCell(7, day, 11, "kiosk.fallback_reason", "over_limit", -1): (1, 95_000),
    }


def test_bins_hold_durations_up_to_their_edge():
    assert EDGES[:4] == (0, 5, 10, 15)
    assert [bin_of(ms) for ms in (0, 1, 5_000, 5_001, 60_000, 61_000)] == [0, 1, 1, 2, 12, 13]
    assert EDGES[bin_of(61_000)] == 75
    assert bin_of(10**9) == len(EDGES) - 1  # past the last edge: the last bin
