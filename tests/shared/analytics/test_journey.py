"""A visit's wait from the door and its service follow from the facts producers record."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.analytics.facts import Fact, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind as K
from shared.models.analytics import AnalyticsFact
from tests.factories import make_branch, make_customer

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _facts(session, kind):
    return session.execute(select(AnalyticsFact.key, AnalyticsFact.duration_ms,
                                  AnalyticsFact.dim)
                           .where(AnalyticsFact.kind == kind.value)).all()


def _arrive(session, branch, customer, visit_id, source="door_camera"):
    record(session, Fact(K.ARRIVAL, arrival_key(visit_id), branch.id, T0, source,
                         customer_id=customer.id))


def test_the_first_of_greeted_or_called_is_the_wait_from_the_door(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    _arrive(db_session, branch, customer, 41)
    record(db_session, Fact(K.TICKET_CALLED, "ticket:7:called", branch.id,
                            T0 + timedelta(minutes=4), "cash", duration=timedelta(minutes=3),
                            customer_id=customer.id))
    record(db_session, Fact(K.GREETED, "visit:41:greeted", branch.id,
                            T0 + timedelta(minutes=9), duration=timedelta(minutes=9),
                            customer_id=customer.id))
    assert _facts(db_session, K.DOOR_WAIT) == [("visit:41:door_wait", 240_000, "")]


def test_a_service_after_a_door_arrival_serves_the_visit_once(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    _arrive(db_session, branch, customer, 42)
    for n, outcome in enumerate(("completed", "completed")):
        record(db_session, Fact(K.KIOSK_SESSION, f"kiosk:K1:{n}", branch.id,
                                T0 + timedelta(minutes=5 + n), outcome,
                                duration=timedelta(seconds=90), customer_id=customer.id))
    record(db_session, Fact(K.TICKET_SERVED, "ticket:9:served", branch.id,
                            T0 + timedelta(minutes=30), "cash", "C1", timedelta(minutes=4),
                            customer.id))
    assert _facts(db_session, K.VISIT_SERVED) == [("visit:42:served", None, "kiosk")]


def test_no_visit_follows_without_a_door_arrival_or_a_customer(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    _arrive(db_session, branch, customer, 43, source="kiosk")  # not through the door
    record(db_session, Fact(K.GREETED, "visit:43:greeted", branch.id, T0, customer_id=customer.id,
                            duration=timedelta(seconds=30)))
    record(db_session, Fact(K.TICKET_SERVED, "ticket:10:served", branch.id, T0, "cash", "C1",
                            timedelta(minutes=4)))
    record(db_session, Fact(K.KIOSK_SESSION, "kiosk:K1:9", branch.id, T0, "abandoned",
                            customer_id=customer.id))
    assert _facts(db_session, K.DOOR_WAIT) == []
    assert _facts(db_session, K.VISIT_SERVED) == []


def test_a_service_hours_after_the_arrival_belongs_to_no_visit(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    _arrive(db_session, branch, customer, 44)
    record(db_session, Fact(K.TICKET_SERVED, "ticket:11:served", branch.id,
                            T0 + timedelta(hours=7), "cash", "C1", timedelta(minutes=4),
                            customer.id))
    assert _facts(db_session, K.VISIT_SERVED) == []
