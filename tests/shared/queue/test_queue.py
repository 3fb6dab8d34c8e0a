from datetime import UTC, datetime

import pytest

from shared.events import InProcessBus
from shared.queue.tickets import QueueError, issue_ticket, waiting_tickets
from tests.factories import make_branch


def test_tickets_number_per_service_and_day_and_announce_after_commit(db_session):
    branch = make_branch(db_session)
    bus = InProcessBus()
    seen = []
    bus.subscribe(seen.append)
    day = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    first = issue_ticket(
        db_session,
        bus,
        branch.id,
        "cash",
        "over_limit",
        context={"tried": "withdrawal", "amount_minor": 80000},
        now=day,
    )
    second = issue_ticket(db_session, bus, branch.id, "cash", "device_fault", now=day)
    advice = issue_ticket(db_session, bus, branch.id, "advice", "customer_request", now=day)
    next_day = issue_ticket(db_session, bus, branch.id, "cash", "x", now=day.replace(day=23))
    assert [first.number, second.number, advice.number, next_day.number] == [
        "C001",
        "C002",
        "R001",
        "C001",
    ]
    assert first.context["amount_minor"] == 80000
    assert seen == []
    db_session.commit()
    assert [e.payload.number for e in seen] == ["C001", "C002", "R001", "C001"]
    assert [t.number for t in waiting_tickets(db_session, branch.id)][:3] == [
        "C001",
        "C002",
        "R001",
    ]


def test_unknown_service_is_refused(db_session):
    branch = make_branch(db_session)
    with pytest.raises(QueueError, match="unknown service"):
        issue_ticket(db_session, InProcessBus(), branch.id, "lottery", "x")
