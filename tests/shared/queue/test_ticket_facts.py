"""A ticket's facts: taken, first called, served, no-show, transferred; once each."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.analytics.facts import Fact, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind as K
from shared.events import InProcessBus
from shared.models.analytics import AnalyticsFact
from shared.models.enums import Role
from shared.queue import tickets as queue
from shared.queue.tickets import QueueError
from tests.factories import make_branch, make_customer, make_staff

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk(db_session):
    branch = make_branch(db_session)
    teller = make_staff(db_session, branch, Role.TELLER)
    customer = make_customer(db_session, branch)
    return branch, teller, customer, InProcessBus()


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _facts(session, ticket_id: int) -> list[tuple]:
    """(key, kind, dim, detail, duration in s, customer) of the ticket's facts, in order."""
    rows = session.execute(
        select(AnalyticsFact).where(AnalyticsFact.key.like(f"ticket:{ticket_id}:%"))
        .order_by(AnalyticsFact.id)).scalars()
    return [(f.key.split(":", 2)[2], f.kind, f.dim, f.detail,
             None if f.duration_ms is None else f.duration_ms / 1000, f.customer_id)
            for f in rows]


def test_taken_called_and_served_with_wait_and_service_times(db_session, desk):
    branch, teller, customer, bus = desk
    ticket = queue.issue_ticket(db_session, bus, branch.id, "cash", "over_limit",
                                customer_id=customer.id, now=_at(0))
    queue.call_next(db_session, bus, branch.id, "2", teller.id, now=_at(7))
    queue.serve(db_session, bus, branch.id, ticket.id, teller.id)
    queue.close(db_session, bus, branch.id, ticket.id, teller.id, "resolved", now=_at(11))
    c = customer.id
    assert _facts(db_session, ticket.id) == [
        ("taken", "ticket.taken", "cash", "", None, c),
        ("called", "ticket.called", "cash", "", 420.0, c),
        ("served", "ticket.served", "cash", "2", 240.0, c),
    ]
    # A retried close is refused and records nothing new.
    with pytest.raises(QueueError):
        queue.close(db_session, bus, branch.id, ticket.id, teller.id, "resolved", now=_at(12))
    assert len(_facts(db_session, ticket.id)) == 3


def test_a_transfer_keeps_the_first_call_and_serves_at_the_last_counter(db_session, desk):
    branch, teller, _, bus = desk
    ticket = queue.issue_ticket(db_session, bus, branch.id, "cash", "device_fault", now=_at(0))
    queue.call_next(db_session, bus, branch.id, "1", teller.id, now=_at(3))
    queue.transfer(db_session, bus, branch.id, ticket.id, teller.id, to_service="accounts",
                   now=_at(5))
    queue.call_next(db_session, bus, branch.id, "4", teller.id, now=_at(9))
    queue.transfer(db_session, bus, branch.id, ticket.id, teller.id, to_counter="6",
                   now=_at(10))
    queue.call_next(db_session, bus, branch.id, "6", teller.id, now=_at(12))
    queue.close(db_session, bus, branch.id, ticket.id, teller.id, "referred", now=_at(20))
    assert _facts(db_session, ticket.id) == [
        ("taken", "ticket.taken", "cash", "", None, None),
        ("called", "ticket.called", "cash", "", 180.0, None),
        ("transferred:1", "ticket.transferred", "cash", "", None, None),
        ("transferred:2", "ticket.transferred", "accounts", "", None, None),
        ("served", "ticket.served", "accounts", "6", 480.0, None),
    ]


def test_no_show_and_a_customer_who_left_are_not_served(db_session, desk):
    branch, teller, _, bus = desk
    gone = queue.issue_ticket(db_session, bus, branch.id, "advice", "customer_request",
                              now=_at(0))
    left = queue.issue_ticket(db_session, bus, branch.id, "advice", "customer_request",
                              now=_at(1))
    queue.call_next(db_session, bus, branch.id, "1", teller.id, now=_at(2))
    queue.no_show(db_session, bus, branch.id, gone.id, teller.id, now=_at(4))
    queue.call_next(db_session, bus, branch.id, "1", teller.id, now=_at(5))
    queue.close(db_session, bus, branch.id, left.id, teller.id, "customer_left", now=_at(6))
    assert [f[:3] for f in _facts(db_session, gone.id)] == [
        ("taken", "ticket.taken", "advice"), ("called", "ticket.called", "advice"),
        ("no_show", "ticket.no_show", "advice")]
    assert [f[0] for f in _facts(db_session, left.id)] == ["taken", "called"]


@pytest.mark.parametrize("outcome", ["resolved", "referred", "follow_up", "declined"])
def test_every_outcome_but_customer_left_counts_as_served(db_session, desk, outcome):
    branch, teller, _, bus = desk
    ticket = queue.issue_ticket(db_session, bus, branch.id, "cards", "x", now=_at(0))
    queue.call_next(db_session, bus, branch.id, "1", teller.id, now=_at(1))
    queue.close(db_session, bus, branch.id, ticket.id, teller.id, outcome, now=_at(2))
    assert _facts(db_session, ticket.id)[-1][:2] == ("served", "ticket.served")


def test_a_door_arrival_gives_the_wait_from_the_door_and_the_visit_served(db_session, desk):
    branch, teller, customer, bus = desk
    record(db_session, Fact(K.ARRIVAL, arrival_key(77), branch.id, _at(-2), "door_camera",
                            customer_id=customer.id))
    ticket = queue.issue_ticket(db_session, bus, branch.id, "cash", "over_limit",
                                customer_id=customer.id, now=_at(0))
    queue.call_next(db_session, bus, branch.id, "1", teller.id, now=_at(6))
    queue.close(db_session, bus, branch.id, ticket.id, teller.id, "resolved", now=_at(9))
    visit = db_session.execute(
        select(AnalyticsFact.key, AnalyticsFact.dim, AnalyticsFact.duration_ms)
        .where(AnalyticsFact.key.like("visit:77:%")).order_by(AnalyticsFact.id)).all()
    assert visit == [("visit:77:arrival", "door_camera", None),
                     ("visit:77:door_wait", "", 8 * 60_000),
                     ("visit:77:served", "counter", None)]
