"""The live queue in numbers: the wait estimate and the public board (no personal data).

Wait estimate (`estimate_wait_seconds`): people ahead x typical service time / open counters.
- typical service time: the median of the last `recent_services` tickets closed as done
  within `recent_window_minutes` (called -> closed, so walking to the counter counts, as it
  occupies the counter too); the configured default until there is one. The median keeps
  one long mortgage chat from doubling everyone's estimate.
- open counters: counters with a ticket called or being served now, or that called someone
  within `counter_open_minutes`; at least one (someone will open a counter).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.models import Device, QueueTicket
from shared.models.enums import TicketStatus
from shared.queue.tickets import (
    ACTIVE_STATES,
    WAITING_STATES,
    accessibility_needs,
    active_tickets,
    is_priority,
    waiting_tickets,
)
from shared.settings import QueueSettings


def estimate_wait_seconds(
    people_ahead: int,
    open_counters: int,
    recent_service_seconds: Sequence[float],
    default_service_seconds: float,
) -> int:
    """Return the expected wait in whole seconds for someone with `people_ahead` before them."""
    if people_ahead < 0 or open_counters < 0 or default_service_seconds <= 0:
        raise ValueError("people ahead, counters and the default service time must be >= 0")
    if people_ahead == 0:
        return 0
    durations = [d for d in recent_service_seconds if d > 0]
    typical = median(durations) if durations else default_service_seconds
    return math.ceil(people_ahead * typical / max(open_counters, 1))


MAX_WAIT_MINUTES = 60  # a longer wait is said as "over 60 min"


def wait_in_minutes(seconds: int | None) -> tuple[str, int]:
    """How a screen says a wait: ("none", 0), ("about", minutes) or ("over", 60)."""
    if not seconds or seconds <= 0:
        return "none", 0
    minutes = math.ceil(seconds / 60)
    if minutes > MAX_WAIT_MINUTES:
        return "over", MAX_WAIT_MINUTES
    return "about", minutes


def minutes_label(seconds: int) -> str:
    """Say a wait the way a screen should: "no wait", "about 5 min", "over 60 min"."""
    kind, minutes = wait_in_minutes(seconds)
    return "no wait" if kind == "none" else f"{kind} {minutes} min"


@dataclass(frozen=True)
class QueueLoad:
    """What the estimate needs from the database."""

    open_counters: int
    recent_service_seconds: tuple[float, ...]


def queue_load(session: Session, branch_id: int, settings: QueueSettings,
               now: datetime | None = None) -> QueueLoad:
    """Measure open counters and recent service times of a branch."""
    now = now or utcnow()
    open_since = now - timedelta(minutes=settings.counter_open_minutes)
    counters = set(session.scalars(
        select(QueueTicket.counter).where(
            QueueTicket.branch_id == branch_id,
            QueueTicket.counter != "",
            (QueueTicket.status.in_(ACTIVE_STATES)) | (QueueTicket.called_at >= open_since),
        )
    ))
    window = now - timedelta(minutes=settings.recent_window_minutes)
    rows = session.execute(
        select(QueueTicket.called_at, QueueTicket.closed_at).where(
            QueueTicket.branch_id == branch_id,
            QueueTicket.status == TicketStatus.DONE,
            QueueTicket.closed_at >= window,
            QueueTicket.called_at.is_not(None),
        ).order_by(QueueTicket.closed_at.desc()).limit(settings.recent_services)
    )
    durations = tuple((closed - called).total_seconds() for called, closed in rows)
    return QueueLoad(len(counters), durations)


def wait_for(load: QueueLoad, people_ahead: int, settings: QueueSettings) -> int:
    return estimate_wait_seconds(people_ahead, load.open_counters, load.recent_service_seconds,
                                 settings.default_service_seconds)


def public_board(session: Session, branch_id: int, settings: QueueSettings,
                 now: datetime | None = None) -> dict:
    """Numbers called (newest first) with their counters, the next numbers, the wait."""
    load = queue_load(session, branch_id, settings, now)
    called = [t for t in active_tickets(session, branch_id) if t.status == TicketStatus.CALLED]
    waiting = waiting_tickets(session, branch_id)
    wait = wait_for(load, len(waiting), settings)
    return {
        # Only numbers, counters and times: the screen faces the whole branch.
        "called": [
            {"number": t.number, "counter": t.counter, "called_at": t.called_at}
            for t in called[: settings.display_called]
        ],
        "next": [t.number for t in waiting[: settings.display_next]],
        "waiting_count": len(waiting),
        "open_counters": load.open_counters,
        "estimated_wait_seconds": wait,
        "estimated_wait": minutes_label(wait),
        "poll_seconds": settings.display_poll_seconds,
    }


TICKET_NUMBER = re.compile(r"^[A-Z]{1,2}[0-9]{1,5}$")


def public_ticket(session: Session, branch_id: int, number: str, settings: QueueSettings,
                  now: datetime | None = None) -> dict | None:
    """Where one ticket stands, for the customer who scanned its QR code (None: unknown).

    Only what the wall screen already shows about that number: its state, the counter it
    was called to, how many are ahead of it and the wait. Numbers restart every day, so
    the branch's latest ticket with that number is the one meant.
    """
    number = number.strip().upper()
    if not TICKET_NUMBER.match(number):
        return None
    ticket = session.scalar(
        select(QueueTicket)
        .where(QueueTicket.branch_id == branch_id, QueueTicket.number == number)
        .order_by(QueueTicket.created_at.desc(), QueueTicket.id.desc())
        .limit(1)
    )
    if ticket is None:
        return None
    answer = {"number": ticket.number, "status": str(ticket.status), "counter": "",
              "ahead": None, "estimated_wait_seconds": None, "estimated_wait": ""}
    if ticket.status in ACTIVE_STATES:
        answer["counter"] = ticket.counter
    elif ticket.status in WAITING_STATES:
        waiting = [t.id for t in waiting_tickets(session, branch_id)]
        ahead = waiting.index(ticket.id) if ticket.id in waiting else len(waiting)
        wait = wait_for(queue_load(session, branch_id, settings, now), ahead, settings)
        answer.update(ahead=ahead, estimated_wait_seconds=wait,
                      estimated_wait=minutes_label(wait))
    return answer


@dataclass(frozen=True)
class DeskTicket:
    """A ticket as the teller desk shows it: the ticket, where it came from, its wait."""

    ticket: QueueTicket
    kiosk_code: str
    priority: bool
    estimated_wait_seconds: int | None


def desk_queue(session: Session, branch_id: int, settings: QueueSettings, counter: str = "",
               now: datetime | None = None) -> dict:
    """The desk's queue: waiting tickets in calling order (each with its wait) and active ones."""
    load = queue_load(session, branch_id, settings, now)
    waiting = waiting_tickets(session, branch_id, counter)
    active = active_tickets(session, branch_id)
    everyone = waiting + active
    needs = accessibility_needs(session, everyone)
    device_ids = {t.device_id for t in everyone if t.device_id}
    codes = dict(session.execute(select(Device.id, Device.code).where(Device.id.in_(device_ids)))
                 .all()) if device_ids else {}

    def card(ticket: QueueTicket, ahead: int | None) -> DeskTicket:
        return DeskTicket(
            ticket, codes.get(ticket.device_id, ""),
            is_priority(ticket, needs.get(ticket.customer_id or 0, "")),
            None if ahead is None else wait_for(load, ahead, settings),
        )

    return {
        "waiting": [card(t, ahead) for ahead, t in enumerate(waiting)],
        "active": [card(t, None) for t in active],
        "open_counters": load.open_counters,
        "estimated_wait_seconds": wait_for(load, len(waiting), settings),
    }
