"""Claim, greeting and hand-over facts: timed from the arrival, once each, and what follows."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.analytics.facts import Fact, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind as K
from shared.db.base import utcnow
from shared.floor import arrivals
from shared.models import ArrivalAction, ArrivalEvent, Visit
from shared.models.analytics import AnalyticsFact
from shared.models.enums import Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff


@pytest.fixture
def floor(db_session):
    branch = make_branch(db_session)
    rm1 = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    rm2 = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    customer = make_customer(db_session, branch)
    t0 = utcnow() - timedelta(minutes=10)
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=t0)
    db_session.add(visit)
    db_session.flush()
    return branch, rm1, rm2, customer, visit, t0


def _facts(session, visit_id: int) -> list[tuple]:
    """(key after the visit id, kind, duration in s, customer) of the visit's facts."""
    rows = session.execute(
        select(AnalyticsFact).where(AnalyticsFact.key.like(f"visit:{visit_id}:%"))
        .order_by(AnalyticsFact.id)).scalars()
    return [(f.key.split(":", 2)[2], f.kind,
             None if f.duration_ms is None else f.duration_ms / 1000, f.customer_id)
            for f in rows]


def test_claim_greeted_and_hand_over_are_timed_from_the_arrival(db_session, bus, floor):
    _, rm1, rm2, customer, visit, t0 = floor
    arrivals.claim(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=40))
    arrivals.claim(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=50))  # retry
    arrivals.mark_greeted(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=90))
    arrivals.mark_greeted(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=95))
    arrivals.hand_over(db_session, bus, visit.id, rm1.id, rm2.id, now=t0 + timedelta(minutes=3))
    # The new colleague greets again: the visit's first greeting is the one that counts.
    arrivals.mark_greeted(db_session, bus, visit.id, rm2.id, now=t0 + timedelta(minutes=4))
    arrivals.hand_over(db_session, bus, visit.id, rm2.id, rm1.id, now=t0 + timedelta(minutes=5))
    hand_overs = db_session.scalars(
        select(ArrivalEvent.id).where(ArrivalEvent.visit_id == visit.id,
                                      ArrivalEvent.action == ArrivalAction.HANDED_OVER)
        .order_by(ArrivalEvent.id)).all()
    c = customer.id
    assert _facts(db_session, visit.id) == [
        ("claimed", "arrival.claimed", 40.0, c),
        ("greeted", "arrival.greeted", 90.0, c),
        (f"handed_over:{hand_overs[0]}", "arrival.handed_over", 180.0, c),
        (f"handed_over:{hand_overs[1]}", "arrival.handed_over", 300.0, c),
    ]


def test_greeting_unclaimed_claims_first(db_session, bus, floor):
    _, rm1, _, _, visit, t0 = floor
    arrivals.mark_greeted(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=30))
    assert [f[:3] for f in _facts(db_session, visit.id)] == [
        ("claimed", "arrival.claimed", 30.0), ("greeted", "arrival.greeted", 30.0)]


def test_a_refused_claim_records_nothing(db_session, bus, floor):
    _, rm1, rm2, _, visit, _ = floor
    arrivals.claim(db_session, bus, visit.id, rm1.id)
    with pytest.raises(arrivals.ArrivalError):
        arrivals.claim(db_session, bus, visit.id, rm2.id)
    with pytest.raises(arrivals.ArrivalError):
        arrivals.mark_greeted(db_session, bus, visit.id, rm2.id)
    assert [f[0] for f in _facts(db_session, visit.id)] == ["claimed"]


def test_a_door_arrival_gives_the_wait_from_the_door_on_the_greeting(db_session, bus, floor):
    branch, rm1, _, customer, visit, t0 = floor
    record(db_session, Fact(K.ARRIVAL, arrival_key(visit.id), branch.id, t0, "door_camera",
                            customer_id=customer.id))
    arrivals.mark_greeted(db_session, bus, visit.id, rm1.id, now=t0 + timedelta(seconds=75))
    assert [f[:3] for f in _facts(db_session, visit.id)] == [
        ("arrival", "arrival", None), ("claimed", "arrival.claimed", 75.0),
        ("greeted", "arrival.greeted", 75.0), ("door_wait", "door.wait", 75.0)]
