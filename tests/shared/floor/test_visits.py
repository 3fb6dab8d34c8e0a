"""Visits open once per window; foot traffic adds up per device and bucket."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.floor.visits import bucket_start, open_visit, record_traffic
from shared.models import Device, FootTrafficCount
from shared.models.enums import DeviceKind, VisitSource
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


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


def test_record_traffic_adds_into_the_bucket(db_session):
    branch = make_branch(db_session)
    device = Device(branch_id=branch.id, code=f"{branch.code}-DOOR", name="Door",
                    kind=DeviceKind.DOOR_CAMERA)
    db_session.add(device)
    db_session.flush()
    start = bucket_start(NOW + timedelta(minutes=7), timedelta(minutes=15))
    assert start == NOW
    record_traffic(db_session, device.id, branch.id, start, 3, 1)
    row = record_traffic(db_session, device.id, branch.id, start, 2, 0)
    assert (row.people, row.identified) == (5, 1)
    rows = db_session.scalars(
        select(FootTrafficCount).where(FootTrafficCount.device_id == device.id)).all()
    assert len(rows) == 1 and rows[0].details == {}
