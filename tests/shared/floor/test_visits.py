"""Visits open once per window; an arrival needs consent and is announced after commit;
foot traffic adds up per device and bucket."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.analytics.journey import arrival_key
from shared.audit import SYSTEM
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.events import CustomerArrived, Event, EventKind, InProcessBus, TrafficCounted
from shared.floor.visits import bucket_start, open_visit, record_arrival, record_traffic
from shared.models import Device, FootTrafficCount, Visit
from shared.models.analytics import AnalyticsFact
from shared.models.enums import ConsentChannel, DeviceKind, Modality, VisitSource
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture
def received() -> list[Event]:
    return []


@pytest.fixture
def bus(received) -> InProcessBus:
    bus = InProcessBus()
    bus.subscribe(received.append)
    return bus


def test_one_visit_per_window(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    first = open_visit(db_session, branch.id, customer.id, VisitSource.DOOR_CAMERA, 0.4, NOW, HOUR)
    assert first is not None and first.match_score == 0.4
    assert customer.last_seen_at == NOW
    again = NOW + timedelta(minutes=30)
    assert open_visit(db_session, branch.id, customer.id, VisitSource.DOOR_CAMERA, 0.4,
                      again, HOUR) is None
    assert customer.last_seen_at == again  # seen again, still one visit
    later = open_visit(db_session, branch.id, customer.id, VisitSource.DOOR_CAMERA, None,
                       NOW + timedelta(minutes=61), HOUR)
    assert later is not None and later.id != first.id


def test_visits_are_per_branch(db_session):
    one, two = make_branch(db_session), make_branch(db_session)
    customer = make_customer(db_session, one)
    assert open_visit(db_session, one.id, customer.id, VisitSource.DOOR_CAMERA, 0.3, NOW, HOUR)
    assert open_visit(db_session, two.id, customer.id, VisitSource.DOOR_CAMERA, 0.3, NOW, HOUR)


def test_a_consenting_customers_arrival_is_announced_once_committed(db_session, bus, received):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch, given_name="Ada", family_name="Lovelace")
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    visit = record_arrival(db_session, bus, branch.id, customer.id, 0.312345678, NOW, HOUR)
    assert visit is not None and visit.source == VisitSource.DOOR_CAMERA
    assert received == []  # nothing reaches a tablet before the visit is committed
    db_session.commit()
    assert [e.kind for e in received] == [EventKind.CUSTOMER_ARRIVED]
    event = received[0]
    assert event.branch_id == branch.id
    assert event.payload == CustomerArrived(
        visit.id, customer.id, customer.display_name, "door_camera", 0.3123
    )
    # The JSON the tablets read, field for field.
    assert event.to_dict()["payload"] == {
        "visit_id": visit.id, "customer_id": customer.id,
        "display_name": customer.display_name, "source": "door_camera", "score": 0.3123,
    }


def test_an_arrival_within_the_window_is_not_announced_again(db_session, bus, received):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3, NOW, HOUR)
    again = NOW + timedelta(minutes=10)
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3, again, HOUR) is None
    db_session.commit()
    assert len(received) == 1


def test_no_consent_means_no_visit_and_no_event(db_session, bus, received):
    branch = make_branch(db_session)
    never, withdrawn = make_customer(db_session, branch), make_customer(db_session, branch)
    give_consent(db_session, withdrawn.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    withdraw_consent(db_session, withdrawn.id, Modality.FACE, SYSTEM)
    for customer in (never, withdrawn):
        assert record_arrival(db_session, bus, branch.id, customer.id, 0.3, NOW, HOUR) is None
    db_session.commit()
    assert received == []
    assert db_session.scalars(select(Visit).where(Visit.branch_id == branch.id)).all() == []


def test_a_rolled_back_arrival_is_never_announced(db_session, bus, received):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    record_arrival(db_session, bus, branch.id, customer.id, 0.3, NOW, HOUR)
    db_session.rollback()
    db_session.commit()
    assert received == []


def test_record_traffic_adds_into_the_bucket_and_announces_each_write(db_session, bus,
                                                                      received):
    branch = make_branch(db_session)
    device = Device(branch_id=branch.id, code=f"{branch.code}-DOOR", name="Door",
                    kind=DeviceKind.DOOR_CAMERA)
    db_session.add(device)
    db_session.flush()
    start = bucket_start(NOW + timedelta(minutes=7), timedelta(minutes=15))
    assert start == NOW
    record_traffic(db_session, bus, device.id, branch.id, start, 3, 1)
    row = record_traffic(db_session, bus, device.id, branch.id, start, 2, 0)
    assert (row.people, row.identified) == (5, 1)
    rows = db_session.scalars(
        select(FootTrafficCount).where(FootTrafficCount.device_id == device.id)).all()
    assert len(rows) == 1 and rows[0].details == {}
    assert received == []
    db_session.commit()
    assert [(e.branch_id, e.payload) for e in received] == [
        (branch.id, TrafficCounted(device.code, 3, 1)),
        (branch.id, TrafficCounted(device.code, 2, 0)),
    ]


def _facts(session, branch_id: int) -> list[tuple]:
    rows = session.scalars(select(AnalyticsFact).where(AnalyticsFact.branch_id == branch_id)
                           .order_by(AnalyticsFact.id)).all()
    return [(f.kind, f.key, f.dim, f.customer_id, f.at) for f in rows]


def test_an_arrival_records_its_fact_and_the_customer_seen_that_local_day(db_session, bus):
    branch = make_branch(db_session, timezone="America/New_York")
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    late = datetime(2026, 3, 3, 2, 30, tzinfo=UTC)  # still 2 March in New York
    visit = record_arrival(db_session, bus, branch.id, customer.id, 0.3, late, HOUR)
    seen = f"seen:{branch.id}:{customer.id}:2026-03-02"
    assert _facts(db_session, branch.id) == [
        ("customer.seen", seen, "consented", customer.id, late),
        ("arrival", arrival_key(visit.id), "door_camera", customer.id, late),
    ]
    # Within the window: no new visit, no new arrival, and still one "seen" that day.
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3,
                          late + timedelta(minutes=20), HOUR) is None
    assert len(_facts(db_session, branch.id)) == 2


def test_a_recognition_after_local_midnight_is_seen_again_within_one_visit(db_session, bus):
    branch = make_branch(db_session)  # Europe/London: UTC in March
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    before = datetime(2026, 3, 2, 23, 50, tzinfo=UTC)
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3, before, HOUR)
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3,
                          before + timedelta(minutes=20), HOUR) is None
    kinds = [(kind, key.rsplit(":", 1)[-1]) for kind, key, *_ in _facts(db_session, branch.id)]
    assert kinds == [("customer.seen", "2026-03-02"), ("arrival", "arrival"),
                     ("customer.seen", "2026-03-03")]


def test_an_arrivals_source_is_its_facts_dim(db_session, bus):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    record_arrival(db_session, bus, branch.id, customer.id, 0.3, NOW, HOUR,
                   source=VisitSource.KIOSK)
    assert [(k, d) for k, _, d, *_ in _facts(db_session, branch.id)] == [
        ("customer.seen", "consented"), ("arrival", "kiosk")]


def test_no_consent_records_no_fact(db_session, bus):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    assert record_arrival(db_session, bus, branch.id, customer.id, 0.3, NOW, HOUR) is None
    assert _facts(db_session, branch.id) == []
