"""Every figure of the manager's dashboard on a hand-built day of facts, with exact numbers.

The day: Monday 4 May 2026 at a London branch (BST, UTC+1). Quantiles are nearest-rank and
read at the upper edge of the histogram bin (docs/METRICS.md): 200 s reads as 210 s.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.analytics.dashboard import branch_dashboard, occupancy
from shared.analytics.facts import Fact, record
from shared.analytics.kinds import FactKind as K
from shared.analytics.metrics import Targets
from shared.analytics.periods import Granularity, Period
from tests.factories import make_branch

DAY = date(2026, 5, 4)
PERIOD = Period(DAY, DAY)


def at(hour: int, minute: int = 0) -> datetime:
    """A local (BST) time on the day, in UTC."""
    return datetime(2026, 5, 4, hour - 1, minute, tzinfo=UTC)


def seconds(s: float) -> timedelta:
    return timedelta(seconds=s)


@pytest.fixture
def branch_id(db_session):
    branch = make_branch(db_session, timezone="Europe/London")
    n = iter(range(10_000))

    def fact(kind, when, dim="", detail="", duration=None):
        record(db_session, Fact(kind, f"{branch.id}:{next(n)}", branch.id, when, dim, detail,
                                duration))

    for i, dwell in enumerate((2, 4, 4, 6, 8, 10, 12, 14, 16, 30)):  # ten people come in
        fact(K.DOOR_ENTRY, at(9 + i % 3, 5 * i), "DOOR-1", duration=seconds(dwell))
    fact(K.DOOR_EXIT, at(10, 30), "DOOR-1", duration=seconds(3))
    fact(K.DOOR_EXIT, at(11, 30), "DOOR-1", duration=seconds(5))
    for _ in range(3):
        fact(K.ARRIVAL, at(9, 10), "door_camera")
    fact(K.CLAIMED, at(9, 11), duration=seconds(45))
    fact(K.GREETED, at(9, 11), duration=seconds(60))
    fact(K.GREETED, at(9, 13), duration=seconds(150))
    fact(K.HANDED_OVER, at(9, 20), duration=seconds(600))
    fact(K.DOOR_WAIT, at(9, 11), duration=seconds(60))
    fact(K.DOOR_WAIT, at(9, 17), duration=seconds(400))
    fact(K.VISIT_SERVED, at(9, 40), "counter")
    for consented in ("consented", "consented", "not_consented"):
        fact(K.CUSTOMER_SEEN, at(9, 10), consented)
    for _ in range(4):
        fact(K.TICKET_TAKEN, at(10), "cash")
    fact(K.TICKET_TAKEN, at(10), "accounts")
    for wait in (30, 200, 700):
        fact(K.TICKET_CALLED, at(11), "cash", duration=seconds(wait))
    fact(K.TICKET_CALLED, at(11), "accounts", duration=seconds(10))
    fact(K.TICKET_SERVED, at(12), "cash", "C1", seconds(300))
    fact(K.TICKET_SERVED, at(12), "cash", "C2", seconds(600))
    fact(K.TICKET_NO_SHOW, at(12), "cash")
    fact(K.TICKET_TRANSFERRED, at(12), "accounts")
    for duration in (60, 90, 120):
        fact(K.KIOSK_SESSION, at(14), "completed", duration=seconds(duration))
    fact(K.KIOSK_SESSION, at(14), "fallback", "over_limit", seconds(200))
    fact(K.KIOSK_SESSION, at(15), "abandoned", duration=seconds(30))
    fact(K.KIOSK_SESSION, at(15), "device_fault", "cash_dispenser", seconds(45))
    fact(K.OFFER_DISCUSSED, at(9, 30), "mortgage")
    fact(K.OFFER_DISCUSSED, at(9, 30), "savings")
    fact(K.OFFER_ACCEPTED, at(9, 30), "savings")
    return branch.id


@pytest.fixture
def figures(db_session, branch_id):
    return branch_dashboard(db_session, [branch_id], PERIOD, Granularity.HOUR, Targets())


def test_footfall_counts_every_entry_per_local_hour(figures):
    footfall = figures["footfall"]
    assert (footfall["entries"], footfall["exits"]) == (10, 2)
    by_hour = {row["period"]: (row["entries"], row["exits"]) for row in footfall["series"]}
    assert len(by_hour) == 24
    assert by_hour["2026-05-04T09"] == (4, 0)  # people 0, 3, 6, 9
    assert by_hour["2026-05-04T10"] == (3, 1)
    assert by_hour["2026-05-04T11"] == (3, 1)
    assert by_hour["2026-05-04T12"] == (0, 0)


def test_occupancy_is_entries_minus_exits_today(db_session, branch_id):
    assert occupancy(db_session, [branch_id], DAY) == {
        "entries": 10, "exits": 2, "now": 8, "exits_counted": True}


def test_dwell_is_the_time_each_crossing_was_in_view(figures):
    # 12 crossings summing 114 s; the 6th shortest (6 s) reads at its bin's edge, 10 s.
    assert figures["dwell"] == {"tracks": 12, "mean_s": 9.5, "p50_s": 10}


def test_identified_share_and_consent_rate(figures):
    assert figures["identified"] == {"footfall": 10, "identified": 3, "share": 0.3,
                                     "customers_seen": 3, "consent_rate": 0.6667}


def test_door_wait_runs_from_the_door_to_greeted_or_called(figures):
    assert figures["door_wait"] == {"count": 2, "mean_s": 230.0, "p50_s": 60, "p90_s": 420}


def test_greet_latency_and_share_greeted_within_two_minutes(figures):
    # 1 of 3 arrivals greeted within 120 s (the other greeting took 150 s).
    assert figures["greet"] == {"arrivals": 3, "claimed": 1, "greeted": 2, "handed_over": 1,
                                "p50_s": 60, "p90_s": 150, "target_s": 120,
                                "within_target_share": 0.3333}


def test_queue_waits_per_service_and_share_called_within_target(figures):
    queue = figures["queue"]
    cash, accounts = queue["services"][1], queue["services"][0]
    assert accounts == {"service": "accounts", "taken": 1, "called": 1, "served": 0,
                        "no_show": 0, "transferred": 1, "wait_p50_s": 10, "wait_p90_s": 10,
                        "within_target_share": 1.0}
    assert cash == {"service": "cash", "taken": 4, "called": 3, "served": 2, "no_show": 1,
                    "transferred": 0, "wait_p50_s": 210, "wait_p90_s": 720,
                    "within_target_share": 0.6667}
    assert queue["all"]["wait_p50_s"] == 30 and queue["all"]["wait_p90_s"] == 720
    assert queue["all"]["within_target_share"] == 0.75
    assert queue["target_s"] == 600


def test_counter_utilisation_is_serving_time_over_staffed_time(figures):
    # 900 s of serving over two counters staffed 8 h each.
    assert figures["queue"]["counter_utilisation"] == round(900 / (2 * 8 * 3600), 4)


def test_kiosk_completion_rate_and_fallback_reasons(figures):
    assert figures["kiosk"] == {
        "sessions": 6,
        "outcomes": {"completed": 3, "fallback": 1, "abandoned": 1, "device_fault": 1},
        "completion_rate": 0.5,
        "fallback_reasons": {"cash_dispenser": 1, "over_limit": 1},
        "duration_p50_s": 60,
    }


def test_funnel_from_the_door_to_an_accepted_offer(figures):
    assert figures["funnel"] == [
        {"step": "footfall", "count": 10, "conversion": None},
        {"step": "identified", "count": 3, "conversion": 0.3},
        {"step": "greeted", "count": 2, "conversion": 0.6667},
        {"step": "served", "count": 1, "conversion": 0.5},
        {"step": "offer_discussed", "count": 2, "conversion": 2.0},
        {"step": "offer_accepted", "count": 1, "conversion": 0.5},
    ]


def test_heatmap_is_footfall_by_weekday_and_local_hour(figures):
    grid = figures["heatmap"]["entries"]
    assert grid[0][9:12] == [4, 3, 3]  # Monday
    assert sum(map(sum, grid)) == 10


def test_the_previous_period_is_the_same_length_just_before(figures):
    assert (figures["previous"]["from"], figures["previous"]["to"]) == ("2026-05-03",
                                                                        "2026-05-03")
    assert figures["previous"]["footfall"] == 0
    assert figures["summary"]["footfall"] == 10
    assert figures["summary"]["served"] == 5  # 3 kiosk sessions completed, 2 tickets served


@pytest.mark.parametrize("granularity", list(Granularity))
def test_rollups_and_raw_facts_give_the_same_figures(db_session, branch_id, granularity):
    period = Period(date(2026, 4, 20), date(2026, 5, 10))
    fast = branch_dashboard(db_session, [branch_id], period, granularity, Targets())
    slow = branch_dashboard(db_session, [branch_id], period, granularity, Targets(), raw=True)
    assert fast == slow


def test_the_same_counter_name_at_two_branches_is_two_counters(db_session, branch_id):
    other = make_branch(db_session, timezone="Europe/London")
    record(db_session, Fact(K.TICKET_SERVED, f"{other.id}:served", other.id, at(12), "cash",
                            "C1", seconds(900)))
    for raw in (False, True):
        figures = branch_dashboard(db_session, [branch_id, other.id], PERIOD, Granularity.DAY,
                                   Targets(), raw=raw)
        # 1,800 s of serving over three counter-days (C1 and C2 here, C1 there) of 8 h.
        assert figures["queue"]["counter_utilisation"] == round(1800 / (3 * 8 * 3600), 4)
