"""Visits (one per customer per visit window), their arrival, and anonymous foot traffic."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind
from shared.analytics.store import branch_zone
from shared.biometrics.consent import active_consent
from shared.events import CustomerArrived, Event, EventBus, TrafficCounted
from shared.events.after_commit import publish_after_commit
from shared.models import Customer, Device, FootTrafficCount, Visit
from shared.models.enums import Modality, VisitSource


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


def record_arrival(
    session: Session,
    bus: EventBus,
    branch_id: int,
    customer_id: int,
    score: float,
    now: datetime,
    window: timedelta,
    source: VisitSource = VisitSource.DOOR_CAMERA,
) -> Visit | None:
    """Open a visit for a customer recognised by face and announce the arrival after commit.

    None when the customer has no active face consent or a visit opened within `window`.
    The event carries identity only (name, score), never a template. The facts go in the
    same transaction: the customer seen today (consented) and, for a new visit, its arrival.
    """
    # The gallery holds consenting customers only; check again in case a withdrawal is
    # still on its way to the process that recognised them.
    if active_consent(session, customer_id, Modality.FACE) is None:
        return None
    visit = open_visit(session, branch_id, customer_id, source, score, now, window)
    # Seen even when the visit is still open: a visit that began before midnight is
    # another day's, and the key keeps it to one fact per customer per local day.
    record_customer_seen(session, branch_id, customer_id, now, consented=True)
    if visit is None:
        return None
    record(session, Fact(FactKind.ARRIVAL, arrival_key(visit.id), branch_id, now,
                         dim=source.value, customer_id=customer_id))
    customer = session.get(Customer, customer_id)
    publish_after_commit(session, bus, Event(branch_id, CustomerArrived(
        visit_id=visit.id, customer_id=customer_id, display_name=customer.display_name,
        source=source.value, score=round(float(score), 4),
    )))
    return visit


def record_customer_seen(session: Session, branch_id: int, customer_id: int, at: datetime,
                         consented: bool | None = None) -> bool:
    """Count a known customer at the branch once per local day, with their face consent.

    The consent rate's denominator: a customer who carded in counts whether or not they
    consented, which is what makes the rate mean something. `consented` None: look it up.
    """
    if consented is None:
        consented = active_consent(session, customer_id, Modality.FACE) is not None
    day = at.astimezone(branch_zone(session, branch_id)).date().isoformat()
    return record(session, Fact(
        FactKind.CUSTOMER_SEEN, fact_key("seen", branch_id, customer_id, day), branch_id, at,
        "consented" if consented else "not_consented", customer_id=customer_id))


def bucket_start(now: datetime, bucket: timedelta) -> datetime:
    """Return the start of the time bucket holding `now` (buckets align to the epoch)."""
    seconds = int(bucket.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def record_traffic(
    session: Session,
    bus: EventBus,
    device_id: int,
    branch_id: int,
    bucket_start: datetime,
    people: int,
    identified: int,
) -> FootTrafficCount:
    """Add people (and how many were identified) to the device's bucket; announce after commit."""
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
    device = session.get(Device, device_id)
    publish_after_commit(session, bus, Event(branch_id, TrafficCounted(
        device.code, people, identified)))
    return row
