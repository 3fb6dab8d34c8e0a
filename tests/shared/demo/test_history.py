"""Generated branch history: reproducible, believable patterns, and rollups equal to its facts."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared.analytics.cells import by_day, recompute
from shared.analytics.dashboard import branch_dashboard
from shared.analytics.kinds import FactKind, KioskOutcome
from shared.analytics.metrics import Targets
from shared.analytics.periods import Granularity, Period
from shared.analytics.store import daily_snapshot, hourly_snapshot, rebuild
from shared.demo.history import HistoryBranch, load_history, plan_history
from shared.demo.history.calendar import is_payday, outage_day, paydays
from shared.demo.history.day import OFFER_ACCEPTED, OFFER_DECLINED
from shared.insights.offers.catalogue import KEYS
from tests.factories import make_branch

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)  # a Wednesday, 14:30 in London
SEED = 7
BRANCH = HistoryBranch(1, "HST-01", LONDON, 1.0)


@pytest.fixture(scope="module")
def facts():
    return list(plan_history(BRANCH, 120, NOW, SEED))


def _local(row):
    return row.at.astimezone(LONDON)


def _per_day(facts, kind: FactKind) -> Counter:
    return Counter(_local(f.row).date() for f in facts if f.row.kind == kind)


def test_the_same_seed_gives_the_same_facts(facts):
    assert list(plan_history(BRANCH, 120, NOW, SEED)) == facts
    assert list(plan_history(BRANCH, 120, NOW, SEED + 1)) != facts
    # A day's facts do not depend on how many days were asked for (with the same outage).
    shorter = list(plan_history(BRANCH, 45, NOW, SEED))
    assert set(shorter) <= set(facts)


def test_keys_are_unique_prefixed_and_facts_happened_before_now(facts):
    keys = [f.key for f in facts]
    assert len(keys) == len(set(keys))
    assert all(k.startswith("hist:HST-01:") and len(k) <= 120 for k in keys)
    assert all(f.row.at < NOW for f in facts)
    first = NOW.astimezone(LONDON).date() - timedelta(days=120)
    assert min(_local(f.row).date() for f in facts) >= first
    assert {f.row.kind for f in facts} == {k.value for k in FactKind}


def test_open_hours_only_and_closed_on_sundays(facts):
    for fact in facts:
        local = _local(fact.row)
        assert local.weekday() != 6
        assert 9 <= local.hour < 19  # people finish after closing, never before opening
    saturday_entries = [_local(f.row).hour for f in facts
                        if f.row.kind == FactKind.DOOR_ENTRY and _local(f.row).weekday() == 5]
    assert saturday_entries and max(saturday_entries) < 13


def test_mondays_and_fridays_are_busier_than_wednesdays(facts):
    entries = _per_day(facts, FactKind.DOOR_ENTRY)
    ordinary = {d: n for d, n in entries.items() if not _near_payday(d)}
    by_weekday = defaultdict(list)
    for day, n in ordinary.items():
        by_weekday[day.weekday()].append(n)
    monday, wednesday, friday = (statistics.mean(by_weekday[d]) for d in (0, 2, 4))
    assert monday > 1.25 * wednesday and friday > 1.25 * wednesday


def test_lunchtime_is_the_peak(facts):
    hours = Counter(_local(f.row).hour for f in facts
                    if f.row.kind == FactKind.DOOR_ENTRY and _local(f.row).weekday() < 5)
    assert hours.most_common(1)[0][0] in (12, 13)
    lunch = (hours[12] + hours[13]) / 2
    assert lunch > 1.5 * statistics.mean(hours[h] for h in (9, 10, 11, 14, 15, 16))


def _near_payday(day: date) -> bool:
    return any(is_payday(day - timedelta(days=back)) for back in range(0, 4))


def test_paydays_are_busier_than_the_same_weekday_otherwise(facts):
    entries = _per_day(facts, FactKind.DOOR_ENTRY)
    ordinary = defaultdict(list)
    for day, n in entries.items():
        if not _near_payday(day):
            ordinary[day.weekday()].append(n)
    uplifts = [n / statistics.mean(ordinary[day.weekday()])
               for day, n in entries.items() if is_payday(day)]
    assert len(uplifts) >= 6  # two a month over four months
    assert statistics.mean(uplifts) > 1.25


def test_queue_waits_grow_with_the_load(facts):
    waits = defaultdict(list)
    for fact in facts:
        if fact.row.kind == FactKind.TICKET_CALLED:
            waits[_local(fact.row).hour].append(fact.row.duration_ms)
    assert statistics.mean(waits[13]) > 2 * statistics.mean(waits[9])


def test_the_kiosk_outage_day_completes_nothing_and_sends_people_to_the_counter(facts):
    today = NOW.astimezone(LONDON).date()
    down = outage_day(SEED, BRANCH.code, today - timedelta(days=120), today - timedelta(days=1))
    assert down is not None and down.weekday() in (1, 2, 3)
    sessions = defaultdict(Counter)
    for fact in facts:
        if fact.row.kind == FactKind.KIOSK_SESSION:
            sessions[_local(fact.row).date()][fact.row.dim] += 1
    assert set(sessions[down]) == {KioskOutcome.DEVICE_FAULT.value}
    assert all(s[KioskOutcome.COMPLETED] > 0 for d, s in sessions.items() if d != down)
    tickets = _per_day(facts, FactKind.TICKET_TAKEN)
    entries = _per_day(facts, FactKind.DOOR_ENTRY)
    share = {d: tickets[d] / entries[d] for d in entries}
    others = [s for d, s in share.items() if d != down]
    assert share[down] > 1.5 * statistics.mean(others)


def test_identified_visits_are_greeted_served_and_waited_for(facts):
    kinds = Counter(f.row.kind for f in facts)
    entries, arrivals = kinds[FactKind.DOOR_ENTRY], kinds[FactKind.ARRIVAL]
    assert 0.15 < arrivals / entries < 0.3
    assert kinds[FactKind.GREETED] < kinds[FactKind.CLAIMED] < arrivals
    assert kinds[FactKind.DOOR_WAIT] <= arrivals and kinds[FactKind.VISIT_SERVED] <= arrivals
    assert kinds[FactKind.OFFER_ACCEPTED] < kinds[FactKind.OFFER_DISCUSSED]
    assert abs(kinds[FactKind.DOOR_EXIT] - entries) < 10  # some are still inside at 14:30
    seen = Counter(f.row.dim for f in facts if f.row.kind == FactKind.CUSTOMER_SEEN)
    assert set(seen) == {"consented", "not_consented"}


def test_offers_are_catalogue_products_accepted_about_a_third_of_the_time(facts):
    offers = {FactKind.OFFER_DISCUSSED, FactKind.OFFER_ACCEPTED, FactKind.OFFER_DECLINED}
    products = Counter(f.row.dim for f in facts if f.row.kind == FactKind.OFFER_DISCUSSED)
    assert set(products) == set(KEYS)  # what the floor records, and nothing else
    assert {f.row.dim for f in facts if f.row.kind in offers} == set(KEYS)
    kinds = Counter(f.row.kind for f in facts)
    discussed = kinds[FactKind.OFFER_DISCUSSED]
    assert kinds[FactKind.OFFER_ACCEPTED] / discussed == pytest.approx(OFFER_ACCEPTED, abs=0.05)
    assert kinds[FactKind.OFFER_DECLINED] / discussed == pytest.approx(OFFER_DECLINED, abs=0.05)


def test_paydays_fall_on_business_days():
    assert paydays(2026, 1) == {date(2026, 1, 23), date(2026, 1, 30)}  # the 25th: a Sunday
    assert paydays(2026, 11) == {date(2026, 11, 25), date(2026, 11, 30)}


def test_loaded_history_rollups_equal_a_recomputation_of_its_facts(db_session):
    branches = [make_branch(db_session, "HST-01"), make_branch(db_session, "HST-02")]
    planned = [HistoryBranch(b.id, b.code, LONDON, size) for b, size in zip(branches, (0.8, 1.2),
                                                                          strict=True)]
    summary = load_history(db_session, planned, 10, NOW, SEED)

    facts = [f for branch in planned for f in plan_history(branch, 10, NOW, SEED)]
    expected = recompute((f.row for f in facts), {b.id: LONDON for b in planned})
    assert summary.facts == len(facts) > 0 and summary.hourly_cells == len(expected)
    assert hourly_snapshot(db_session) == expected
    assert daily_snapshot(db_session) == by_day(expected)
    rebuild(db_session)  # the facts as stored give the same rollups
    assert hourly_snapshot(db_session) == expected

    today = NOW.astimezone(LONDON).date()
    period = Period(today - timedelta(days=9), today)
    ids = [b.id for b in planned]
    args = (db_session, ids, period, Granularity.DAY, Targets())
    assert branch_dashboard(*args) == branch_dashboard(*args, raw=True)
