"""Applying edge records at the centre, without NATS: counts of one bucket are summed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from shared.cluster.ingest import apply_records
from shared.cluster.records import DoorCount, EdgeRecord
from shared.events import InProcessBus
from shared.models import Device, FootTrafficCount
from shared.models.enums import DeviceKind
from tests.factories import make_branch

BUCKET = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def test_counts_of_one_bucket_in_a_batch_are_one_update_and_one_announcement(db_session):
    branch = make_branch(db_session)
    door = Device(branch_id=branch.id, code=f"{branch.code}-DOOR-9", name="Door",
                  kind=DeviceKind.DOOR_CAMERA, driver="opencv")
    db_session.add(door)
    db_session.flush()
    bus, seen = InProcessBus(), []
    bus.subscribe(seen.append)
    records = [EdgeRecord(f"count-{n}", branch.code,
                          DoorCount(branch.id, door.id, BUCKET, 1, n % 2)) for n in range(5)]
    records.append(records[0])  # a redelivery inside the same batch
    fresh = apply_records(db_session, bus, records)
    db_session.commit()
    assert fresh == [True] * 5 + [False]
    row = db_session.scalars(select(FootTrafficCount).where(
        FootTrafficCount.device_id == door.id)).one()
    assert (row.people, row.identified) == (5, 2)
    assert [(e.payload.people, e.payload.identified) for e in seen] == [(5, 2)]
    # The same records again (an ingest restarted before its ack) change nothing.
    assert apply_records(db_session, bus, records[:5]) == [False] * 5
    db_session.commit()
    db_session.refresh(row)
    assert (row.people, row.identified) == (5, 2)
