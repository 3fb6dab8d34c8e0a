"""Visits (one per customer per visit window) and anonymous foot-traffic counts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Customer, FootTrafficCount, Visit
from shared.models.enums import VisitSource


def open_visit(
    session: Session,
    branch_id: int,
    customer_id: int,
    source: VisitSource,
    score: float | None,
    now: datetime,
    window: timedelta,
) -> Visit | None:
    """Open a visit and touch the customer's last_seen_at; None if one opened within `window`.

    Callers that can race (two cameras at one door) should hold the customer's row lock,
    which this function takes on PostgreSQL with SELECT ... FOR UPDATE.
    """
    customer = session.execute(
        select(Customer).where(Customer.id == customer_id).with_for_update()
    ).scalar_one_or_none()
    if customer is None:
        raise LookupError(f"no customer {customer_id}")
    customer.last_seen_at = now
    recent = session.execute(
        select(Visit.id)
        .where(
            Visit.branch_id == branch_id,
            Visit.customer_id == customer_id,
            Visit.arrived_at > now - window,
        )
        .limit(1)
    ).first()
    if recent is not None:
        return None
    visit = Visit(
        branch_id=branch_id, customer_id=customer_id, source=source,
        arrived_at=now, match_score=score,
    )
    session.add(visit)
    session.flush()
    return visit


def bucket_start(now: datetime, bucket: timedelta) -> datetime:
    """Return the start of the time bucket holding `now` (buckets align to the epoch)."""
    seconds = int(bucket.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def record_traffic(
    session: Session,
    device_id: int,
    branch_id: int,
    bucket_start: datetime,
    people: int,
    identified: int,
) -> FootTrafficCount:
    """Add people (and how many of them were identified) to the device's bucket count."""
    row = session.execute(
        select(FootTrafficCount)
        .where(
            FootTrafficCount.device_id == device_id,
            FootTrafficCount.bucket_start == bucket_start,
        )
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = FootTrafficCount(
            branch_id=branch_id, device_id=device_id, bucket_start=bucket_start,
            people=0, identified=0, details={},
        )
        session.add(row)
    row.people = (row.people or 0) + people
    row.identified = (row.identified or 0) + identified
    session.flush()
    return row
