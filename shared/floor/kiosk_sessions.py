"""A customer's kiosk session, ended: its one fact, the card holder seen that day, its event.

The kiosk decides how the session ended (kiosk/turn.py: completed, fell back to the counter
and why, abandoned, a device fault) and calls this once, in a unit of work of its own, so a
failure here never touches the money or the ticket the session already committed. The
fact's key is the kiosk and the moment the session began, so recording it again is a no-op.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.kinds import FactKind, KioskOutcome
from shared.events import Event, EventBus, KioskSessionEnded
from shared.events.after_commit import publish_after_commit
from shared.floor.visits import record_customer_seen

DETAIL_MAX = 64


def record_kiosk_session(session: Session, bus: EventBus, *, branch_id: int, device_code: str,
                         outcome: KioskOutcome, detail: str, started_at: datetime,
                         ended_at: datetime, customer_id: int | None = None) -> bool:
    """Record how a kiosk session ended and announce it after commit; False if already kept."""
    duration = ended_at - started_at
    stored = record(session, Fact(
        FactKind.KIOSK_SESSION,
        fact_key("kiosk", device_code, int(started_at.timestamp() * 1000)),
        branch_id, ended_at, outcome.value, detail[:DETAIL_MAX], duration, customer_id))
    if not stored:
        return False
    if customer_id is not None:
        record_customer_seen(session, branch_id, customer_id, ended_at)
    publish_after_commit(session, bus, Event(branch_id, KioskSessionEnded(
        device_code, outcome.value, detail[:DETAIL_MAX],
        round(max(0.0, duration.total_seconds()), 1))))
    return True


