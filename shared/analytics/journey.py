"""Facts that follow from others: an identified visit's wait from the door, and its service.

When a relationship manager greets an arrival, or a counter calls or serves a customer who
came through the door, the visit's own facts follow here, so each producer records only
what it did. Keys name the visit, which makes "the first of greeted or called" the one
that counts: a second attempt finds the key taken.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.analytics.kinds import FactKind
from shared.models.analytics import AnalyticsFact

# How long after a door arrival a greeting, a call or a service still belongs to that visit.
VISIT_HORIZON = timedelta(hours=6)


def arrival_key(visit_id: int) -> str:
    """The key of a visit's arrival fact (producers record it under this key)."""
    return f"visit:{visit_id}:arrival"


def door_arrival(session: Session, branch_id: int, customer_id: int,
                 at: datetime) -> tuple[int, datetime] | None:
    """The customer's latest door arrival at the branch before `at`: (visit id, when)."""
    row = session.execute(
        select(AnalyticsFact.key, AnalyticsFact.at)
        .where(AnalyticsFact.branch_id == branch_id,
               AnalyticsFact.customer_id == customer_id,
               AnalyticsFact.kind == FactKind.ARRIVAL.value,
               AnalyticsFact.dim == "door_camera",
               AnalyticsFact.at <= at, AnalyticsFact.at > at - VISIT_HORIZON)
        .order_by(AnalyticsFact.at.desc()).limit(1)).first()
    if row is None:
        return None
    return int(row.key.split(":")[1]), row.at


def follow_ups(session: Session, kind: FactKind, branch_id: int, customer_id: int | None,
               at: datetime, dim: str) -> list[tuple[FactKind, str, str, timedelta | None]]:
    """The facts a new fact implies: (kind, key, dim, duration) for `record` to store."""
    if customer_id is None:
        return []
    waited = kind in (FactKind.GREETED, FactKind.TICKET_CALLED)
    served = kind is FactKind.TICKET_SERVED or (
        kind is FactKind.KIOSK_SESSION and dim == "completed")
    if not (waited or served):
        return []
    found = door_arrival(session, branch_id, customer_id, at)
    if found is None:
        return []
    visit_id, arrived_at = found
    if waited:
        return [(FactKind.DOOR_WAIT, f"visit:{visit_id}:door_wait", "", at - arrived_at)]
    channel = "kiosk" if kind is FactKind.KIOSK_SESSION else "counter"
    return [(FactKind.VISIT_SERVED, f"visit:{visit_id}:served", channel, None)]
