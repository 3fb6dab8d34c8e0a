"""The wait estimate (a pure function) and the public board built from the live queue."""

from datetime import timedelta

import pytest

from shared.db.base import utcnow
from shared.events import InProcessBus
from shared.models.enums import Role, TicketStatus
from shared.queue import tickets as queue
from shared.queue.board import (
    estimate_wait_seconds,
    minutes_label,
    public_board,
    public_ticket,
    queue_load,
)
from shared.settings import QueueSettings
from tests.factories import make_branch, make_customer, make_staff


@pytest.mark.parametrize(
    ("ahead", "counters", "recent", "expected"),
    [
        (0, 2, [600], 0),  # nobody ahead: no wait, whatever the history
        (3, 1, [], 900),  # no history yet: the default of 300 s each
        (3, 0, [], 900),  # no counter open yet: assume one will open
        (4, 2, [100, 200, 300], 400),  # median 200 s x 4 / 2 counters
        (1, 1, [60, 60, 3600], 60),  # one long case does not swamp the median
        (5, 3, [120], 200),  # 600 / 3
        (1, 3, [100], 34),  # rounded up to a whole second
        (2, 1, [0, -5, 90], 180),  # nonsense durations are ignored
    ],
)
def test_estimate(ahead, counters, recent, expected):
    assert estimate_wait_seconds(ahead, counters, recent, 300) == expected


def test_estimate_refuses_negative_input():
    with pytest.raises(ValueError):
        estimate_wait_seconds(-1, 1, [], 300)
    with pytest.raises(ValueError):
        estimate_wait_seconds(1, 1, [], 0)


@pytest.mark.parametrize(("seconds", "label"),
                         [(0, "no wait"), (1, "about 1 min"), (61, "about 2 min"),
                          (3600, "about 60 min"), (3601, "over 60 min")])
def test_minutes_label(seconds, label):
    assert minutes_label(seconds) == label


def test_load_and_board_from_the_live_queue(db_session):
    branch = make_branch(db_session)
    teller = make_staff(db_session, branch, Role.TELLER)
    bus = InProcessBus()
    now = utcnow()
    ada = make_customer(db_session, branch, given_name="Ada", family_name="Lovelace")
    for minutes in (40, 30, 20):  # three finished services of 4, 6 and 8 minutes
        t = queue.issue_ticket(db_session, bus, branch.id, "cash", "x", customer_id=ada.id,
                               context={"customer_name": "Ada Lovelace"})
        queue.call_next(db_session, bus, branch.id, "1", teller.id,
                        now=now - timedelta(minutes=minutes))
        queue.close(db_session, bus, branch.id, t.id, teller.id, "resolved",
                    now=now - timedelta(minutes=minutes) + timedelta(minutes=minutes // 5))
    waiting = [queue.issue_ticket(db_session, bus, branch.id, "accounts", "x",
                                  customer_id=ada.id) for _ in range(4)]
    queue.call_next(db_session, bus, branch.id, "2", teller.id)
    settings = QueueSettings(display_next=2)
    load = queue_load(db_session, branch.id, settings, now + timedelta(seconds=1))
    assert load.open_counters == 2
    assert sorted(load.recent_service_seconds) == [240.0, 360.0, 480.0]
    board = public_board(db_session, branch.id, settings, now + timedelta(seconds=1))
    assert board["called"] == [{"number": waiting[0].number, "counter": "2",
                                "called_at": waiting[0].called_at}]
    assert board["next"] == [waiting[1].number, waiting[2].number]
    assert board["waiting_count"] == 3
    assert board["estimated_wait_seconds"] == 3 * 360 // 2
    assert "Ada" not in repr(board) and "Lovelace" not in repr(board)


def test_one_ticket_says_where_it_stands_and_nothing_more(db_session):
    branch = make_branch(db_session)
    teller = make_staff(db_session, branch, Role.TELLER)
    bus = InProcessBus()
    ada = make_customer(db_session, branch, given_name="Ada", family_name="Lovelace")
    first, second, third = (queue.issue_ticket(db_session, bus, branch.id, "cash", "x",
                                               customer_id=ada.id) for _ in range(3))
    settings = QueueSettings(default_service_seconds=300)
    assert public_ticket(db_session, branch.id, third.number.lower(), settings) == {
        "number": third.number, "status": "waiting", "counter": "", "ahead": 2,
        "estimated_wait_seconds": 600, "estimated_wait": "about 10 min"}
    queue.call_next(db_session, bus, branch.id, "3", teller.id)
    called = public_ticket(db_session, branch.id, first.number, settings)
    assert (called["status"], called["counter"], called["ahead"]) == ("called", "3", None)
    assert public_ticket(db_session, branch.id, second.number, settings)["ahead"] == 0
    queue.close(db_session, bus, branch.id, first.id, teller.id, "resolved")
    assert public_ticket(db_session, branch.id, first.number, settings)["status"] == "done"
    assert "Ada" not in repr(called) and "Lovelace" not in repr(called)
    for unknown in ("C999", "", "C001; DROP", "<script>", "X" * 40):
        assert public_ticket(db_session, branch.id, unknown, settings) is None


def test_the_latest_ticket_with_a_number_is_the_one_meant(db_session):
    """Numbers restart each day: yesterday's C001 must not answer for today's."""
    branch = make_branch(db_session)
    bus = InProcessBus()
    yesterday = queue.issue_ticket(db_session, bus, branch.id, "cash", "x",
                                   now=utcnow() - timedelta(days=1))
    yesterday.status = TicketStatus.DONE
    today = queue.issue_ticket(db_session, bus, branch.id, "cash", "x")
    assert yesterday.number == today.number
    answer = public_ticket(db_session, branch.id, today.number, QueueSettings())
    assert answer["status"] == "waiting" and answer["ahead"] == 0
