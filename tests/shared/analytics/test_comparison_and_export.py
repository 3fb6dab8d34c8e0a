"""Changes against the previous period, and the dashboard's tables as CSV."""

import csv
import io

import pytest

from shared.analytics.comparison import change, changes
from shared.analytics.export import TABLES, to_csv


@pytest.mark.parametrize(("figure", "now", "before", "expected"), [
    ("footfall", 112, 100, 0.12),  # relative for counts
    ("greet_p50_s", 90, 120, -0.25),  # and durations
    ("identified_share", 0.45, 0.40, 0.05),  # in points for shares
    ("kiosk_completion_rate", 0.5, 0.5, 0.0),
    ("footfall", 10, 0, None),  # nothing to compare with
    ("footfall", 10, None, None),
    ("queue_wait_p50_s", None, 30, None),
])
def test_change(figure, now, before, expected):
    assert change(figure, now, before) == expected


def test_changes_cover_every_figure():
    assert changes({"footfall": 2, "served": 1}, {"footfall": 1, "served": 0}) == {
        "footfall": 1.0, "served": None}


def _dashboard(**overrides) -> dict:
    row = {"service": "=cmd()", "taken": 1, "called": 1, "served": 1, "no_show": 0,
           "transferred": 0, "wait_p50_s": 30, "wait_p90_s": None,
           "within_target_share": 1.0}
    data = {
        "summary": {"footfall": 3}, "previous": {"footfall": 1}, "change": {"footfall": 2.0},
        "occupancy": {"entries": 3, "exits": 0, "now": 3, "exits_counted": False},
        "footfall": {"series": [{"period": "2026-05-04", "entries": 3, "exits": 0}]},
        "funnel": [{"step": "footfall", "count": 3, "conversion": None}],
        "queue": {"services": [row], "all": {**row, "service": "all"}},
        "kiosk": {"sessions": 0, "outcomes": {"completed": 0}, "fallback_reasons": {}},
        "greet": {}, "door_wait": {}, "identified": {}, "dwell": {},
        "heatmap": {"weekdays": ["Mon"], "hours": [0, 1], "entries": [[0, 3]]},
    }
    return {**data, **overrides}


def test_sections_in_page_order_with_the_comparison_only_when_there_is_one():
    rows = list(csv.reader(io.StringIO(to_csv(_dashboard()))))
    sections = [rows[0][0]] + [rows[i + 1][0] for i, r in enumerate(rows[:-1]) if r == []]
    assert sections == [name for name in TABLES if name != "comparison"]
    assert ["exits_counted", "false"] in rows  # as the JSON writes it
    assert ["weekday", "00", "01"] in rows and ["Mon", "0", "3"] in rows


def test_a_cell_a_spreadsheet_would_run_is_written_as_text():
    rows = list(csv.reader(io.StringIO(to_csv(_dashboard(), "queue"))))
    assert rows[1][0] == "'=cmd()" and rows[1][7] == ""  # None is an empty cell
    assert rows[2][0] == "all"


def test_a_previous_period_from_before_the_figures_began_is_not_compared(db_session):
    from datetime import UTC, date, datetime, timedelta

    from shared.analytics.comparison import changes
    from shared.analytics.dashboard import branch_dashboard
    from shared.analytics.facts import Fact, record
    from shared.analytics.kinds import FactKind
    from shared.analytics.metrics import Targets
    from shared.analytics.periods import Granularity, Period
    from tests.factories import make_branch

    branch = make_branch(db_session, timezone="Europe/London")
    first = date(2026, 3, 1)
    for i in range(40):  # one entry a day from 1 March
        at = datetime.combine(first + timedelta(days=i), datetime.min.time(), UTC)
        record(db_session, Fact(FactKind.DOOR_ENTRY, f"h:{i}", branch.id,
                                at + timedelta(hours=11), "DOOR", "", timedelta(seconds=3)))
    late = branch_dashboard(db_session, [branch.id], Period(date(2026, 3, 21), date(2026, 4, 9)),
                            Granularity.DAY, Targets())
    assert late["previous"]["complete"] and late["previous"]["history_from"] == "2026-03-01"
    assert changes(late["summary"], late["previous"])["footfall"] == 0.0  # 20 days against 20
    early = branch_dashboard(db_session, [branch.id], Period(date(2026, 3, 5), date(2026, 3, 14)),
                             Granularity.DAY, Targets())
    assert not early["previous"]["complete"]  # it starts 23 February, before the figures
    assert set(changes(early["summary"], early["previous"]).values()) == {None}
