"""Counter tickets: issue, queue order, and the teller's calls (call, serve, transfer, close).

Ticket states: waiting -> called -> serving -> done; called -> no_show; called or serving
-> transferred (waiting again, for another service or a named counter, context kept).

Queue order (`queue_order`), documented because customers notice it:
1. tickets transferred to *this* counter (they already waited once);
2. priority tickets: the kiosk marked `context["priority"]` as "accessibility" or
   "appointment", or the customer's profile records accessibility needs;
3. everyone else;
oldest first within each group (a transfer keeps the original time, so a transferred
customer is never sent to the back). Tickets transferred to another named counter are left
for that counter.

Facts for the manager's dashboard (shared.analytics), in the transaction of each change, dim
the ticket's service and the customer when the ticket names one: `ticket.taken` on issue;
`ticket.called` on the first call only, timed from taking the ticket (a transferred ticket
keeps its original time and is not called "again" for the queue wait); `ticket.served` on a
close whose outcome means the customer was served (SERVED_OUTCOMES: everything but
`customer_left`), detail the counter, timed from the (last) call to the close;
`ticket.no_show`; `ticket.transferred`, dim the service it left, once per transfer.

Concurrency: every change starts with `begin_write` (BEGIN IMMEDIATE on SQLite) and
locks the branch row (a row lock on PostgreSQL), so two tellers pressing "call next" at the
same moment are serialised and never get the same ticket.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.kinds import FactKind
from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.events import Event, EventBus, TicketCalled, TicketCreated, TicketUpdated
from shared.events.after_commit import publish_after_commit
from shared.i18n.text import N_, Text
from shared.models import Branch, Customer, QueueTicket
from shared.models.enums import ActorType, TicketStatus

# A letter per service so a called number tells the customer which counter queue it is.
SERVICE_PREFIX = {"cash": "C", "accounts": "A", "advice": "R", "cards": "D", "other": "G"}
WAITING_STATES = (TicketStatus.WAITING, TicketStatus.TRANSFERRED)
ACTIVE_STATES = (TicketStatus.CALLED, TicketStatus.SERVING)
PRIORITY_REASONS = frozenset({"accessibility", "appointment"})
# How a ticket at the counter ends; the teller may add a short note.
OUTCOMES = ("resolved", "referred", "follow_up", "declined", "customer_left")
# The outcomes in which the counter served the customer (declining an offer is still served);
# a customer who left before being served counts as taken and called, never as served.
SERVED_OUTCOMES = frozenset(OUTCOMES) - {"customer_left"}
COUNTER_MAX = 16
# A ticket's state in words ("ticket C004 is no show"), translated where it is shown.
STATUS_WORDS = {
    TicketStatus.WAITING: N_("waiting"), TicketStatus.CALLED: N_("called"),
    TicketStatus.SERVING: N_("serving"), TicketStatus.DONE: N_("done"),
    TicketStatus.NO_SHOW: N_("no show"), TicketStatus.TRANSFERRED: N_("transferred"),
}


class QueueError(ValueError):
    """A ticket request that cannot be honoured; the message says why."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def issue_ticket(
    session: Session,
    bus: EventBus,
    branch_id: int,
    service: str,
    reason: str,
    context: dict | None = None,
    customer_id: int | None = None,
    device_id: int | None = None,
    now: datetime | None = None,
) -> QueueTicket:
    """Create the next numbered ticket of the day for a service and announce it."""
    if service not in SERVICE_PREFIX:
        raise QueueError(Text("unknown service %(service)s; choose one of %(services)s",
                              service=repr(service), services=sorted(SERVICE_PREFIX)))
    now = now or utcnow()
    # The write lock first (SQLite: several kiosks number at once; a read turned write
    # would be refused there), and the branch row so two kiosks never take the same number
    # (PostgreSQL row lock).
    begin_write(session)
    branch = session.scalar(select(Branch).where(Branch.id == branch_id).with_for_update())
    if branch is None:
        raise QueueError(f"no branch with id {branch_id}")
    day = now.date().isoformat()
    prefix = SERVICE_PREFIX[service]
    issued = session.scalar(
        select(func.count(QueueTicket.id)).where(
            QueueTicket.branch_id == branch_id,
            QueueTicket.service_day == day,
            QueueTicket.service == service,
        )
    )
    ticket = QueueTicket(
        branch_id=branch_id,
        service_day=day,
        number=f"{prefix}{issued + 1:03d}",
        service=service,
        reason=reason,
        context=context or {},
        customer_id=customer_id,
        device_id=device_id,
        created_at=now,
    )
    session.add(ticket)
    session.flush()
    _fact(session, ticket, FactKind.TICKET_TAKEN, "taken", now)
    publish_after_commit(
        session,
        bus,
        Event(
            branch_id=branch_id,
            payload=TicketCreated(ticket.id, ticket.number, ticket.service, ticket.reason),
        ),
    )
    return ticket


def is_priority(ticket: QueueTicket, accessibility_needs: str = "") -> bool:
    """Whether the ticket goes ahead of ordinary ones (accessibility or an appointment)."""
    marked = str((ticket.context or {}).get("priority", "")).strip().lower()
    return marked in PRIORITY_REASONS or bool(accessibility_needs.strip())


def queue_order(
    tickets: Iterable[QueueTicket], needs: dict[int, str], counter: str = ""
) -> list[QueueTicket]:
    """Sort waiting tickets into calling order for `counter` (see the module docstring)."""

    def rank(ticket: QueueTicket):
        for_me = ticket.status == TicketStatus.TRANSFERRED and counter and ticket.counter == counter
        priority = is_priority(ticket, needs.get(ticket.customer_id or 0, ""))
        return (0 if for_me else 1 if priority else 2, ticket.created_at, ticket.id)

    return sorted(tickets, key=rank)


def accessibility_needs(session: Session, tickets: list[QueueTicket]) -> dict[int, str]:
    ids = {t.customer_id for t in tickets if t.customer_id}
    if not ids:
        return {}
    rows = session.execute(
        select(Customer.id, Customer.accessibility_needs).where(Customer.id.in_(ids))
    )
    return {customer_id: needs or "" for customer_id, needs in rows}


def waiting_tickets(session: Session, branch_id: int, counter: str = "") -> list[QueueTicket]:
    """Return the branch's waiting tickets in calling order (as seen from `counter`)."""
    tickets = list(
        session.scalars(
            select(QueueTicket)
            .where(QueueTicket.branch_id == branch_id, QueueTicket.status.in_(WAITING_STATES))
            .order_by(QueueTicket.created_at, QueueTicket.id)
        )
    )
    return queue_order(tickets, accessibility_needs(session, tickets), counter)


def active_tickets(session: Session, branch_id: int) -> list[QueueTicket]:
    """Return the tickets called to or being served at a counter, latest call first."""
    return list(
        session.scalars(
            select(QueueTicket)
            .where(QueueTicket.branch_id == branch_id, QueueTicket.status.in_(ACTIVE_STATES))
            .order_by(QueueTicket.called_at.desc(), QueueTicket.id.desc())
        )
    )


def clean_counter(counter: str) -> str:
    """Return a counter name fit for a public screen, or refuse it."""
    counter = (counter or "").strip()
    if not counter or len(counter) > COUNTER_MAX or not all(
        c.isalnum() or c in " -" for c in counter
    ):
        raise QueueError(Text("counter must be 1 to %(max)s letters, digits, spaces or dashes",
                              max=COUNTER_MAX), "invalid")
    return counter


def _begin(session: Session, branch_id: int) -> None:
    """Take the write lock (SQLite) and the branch row lock (PostgreSQL) for a queue change."""
    begin_write(session)
    if session.scalar(select(Branch.id).where(Branch.id == branch_id).with_for_update()) is None:
        raise QueueError(f"no branch with id {branch_id}", "not_found")


def _load(session: Session, branch_id: int, ticket_id: int) -> QueueTicket:
    _begin(session, branch_id)
    ticket = session.scalars(
        select(QueueTicket).where(QueueTicket.id == ticket_id)
        .with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if ticket is None or ticket.branch_id != branch_id:
        # Another branch's ticket is reported as absent: its existence is not leaked.
        raise QueueError(Text("no ticket %(id)s at this branch", id=ticket_id), "not_found")
    return ticket


def _require(ticket: QueueTicket, states: tuple[TicketStatus, ...], refusal: str) -> None:
    """Refuse unless the ticket is in one of `states`; `refusal` names its number and status."""
    if ticket.status not in states:
        raise QueueError(Text(refusal, number=ticket.number,
                              status=Text(STATUS_WORDS[ticket.status])), "wrong_state")


def _fact(session: Session, ticket: QueueTicket, kind: FactKind, happening: str,
          at: datetime, **fields) -> None:
    """Record a fact about the ticket, dim its service now, keyed by what happened to it."""
    record(session, Fact(kind, fact_key("ticket", ticket.id, happening), ticket.branch_id, at,
                         ticket.service, customer_id=ticket.customer_id, **fields))


def _announce(session: Session, bus: EventBus, ticket: QueueTicket, staff_id: int,
              action: str, detail: dict | None = None) -> None:
    """Audit the change in this transaction and publish it once the transaction commits."""
    audit.record(
        session, audit.Actor(ActorType.STAFF, staff_id), f"ticket.{action}",
        subject_type="queue_ticket", subject_id=ticket.id,
        detail={"number": ticket.number, "counter": ticket.counter, **(detail or {})},
    )
    if action == "called":
        payload = TicketCalled(ticket.id, ticket.number, ticket.counter)
    else:
        payload = TicketUpdated(ticket.id, ticket.number, ticket.status.value, ticket.counter,
                                ticket.service)
    publish_after_commit(session, bus, Event(branch_id=ticket.branch_id, payload=payload))


def call_next(
    session: Session,
    bus: EventBus,
    branch_id: int,
    counter: str,
    staff_id: int,
    services: Iterable[str] | None = None,
    now: datetime | None = None,
) -> QueueTicket | None:
    """Call the next ticket in queue order to `counter`; None when no one is waiting."""
    counter = clean_counter(counter)
    services = set(services or ())
    if services - set(SERVICE_PREFIX):
        raise QueueError(f"unknown service(s) {sorted(services - set(SERVICE_PREFIX))}")
    _begin(session, branch_id)
    busy = session.scalar(
        select(QueueTicket).where(
            QueueTicket.branch_id == branch_id,
            QueueTicket.counter == counter,
            QueueTicket.status.in_(ACTIVE_STATES),
        ).limit(1)
    )
    if busy is not None:
        raise QueueError(Text("counter %(counter)s still has ticket %(number)s; close it, "
                              "transfer it or mark it a no-show first",
                              counter=counter, number=busy.number), "counter_busy")
    candidates = [
        t for t in waiting_tickets(session, branch_id, counter)
        if (not services or t.service in services)
        and not (t.status == TicketStatus.TRANSFERRED and t.counter and t.counter != counter)
    ]
    if not candidates:
        return None
    ticket = candidates[0]
    ticket.status = TicketStatus.CALLED
    ticket.counter = counter
    ticket.served_by_id = staff_id
    ticket.called_at = now or utcnow()
    session.flush()
    # Keyed by the ticket: a call after a transfer is not a second wait in the queue.
    _fact(session, ticket, FactKind.TICKET_CALLED, "called", ticket.called_at,
          duration=ticket.called_at - ticket.created_at)
    _announce(session, bus, ticket, staff_id, "called")
    return ticket


def serve(session: Session, bus: EventBus, branch_id: int, ticket_id: int,
          staff_id: int) -> QueueTicket:
    """Mark a called ticket as being served (the customer reached the counter)."""
    ticket = _load(session, branch_id, ticket_id)
    _require(ticket, (TicketStatus.CALLED,),
             N_("ticket %(number)s is %(status)s; it cannot be served"))
    ticket.status = TicketStatus.SERVING
    ticket.served_by_id = staff_id
    session.flush()
    _announce(session, bus, ticket, staff_id, "serving")
    return ticket


def transfer(
    session: Session,
    bus: EventBus,
    branch_id: int,
    ticket_id: int,
    staff_id: int,
    *,
    to_service: str | None = None,
    to_counter: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> QueueTicket:
    """Send the customer to another service or counter, keeping the number and context."""
    if not to_service and not to_counter:
        raise QueueError(N_("name a service or a counter to transfer to"))
    if to_service and to_service not in SERVICE_PREFIX:
        raise QueueError(Text("unknown service %(service)s; choose one of %(services)s",
                              service=repr(to_service), services=sorted(SERVICE_PREFIX)))
    target_counter = clean_counter(to_counter) if to_counter else ""
    ticket = _load(session, branch_id, ticket_id)
    _require(ticket, ACTIVE_STATES,
             N_("ticket %(number)s is %(status)s; it cannot be transferred"))
    if target_counter and target_counter == ticket.counter:
        raise QueueError(Text("ticket %(number)s is already at counter %(counter)s",
                              number=ticket.number, counter=target_counter))
    now = now or utcnow()
    hop = {
        "from_service": ticket.service, "from_counter": ticket.counter,
        "to_service": to_service or ticket.service, "to_counter": target_counter,
        "by": staff_id, "at": now.isoformat(), "note": note.strip()[:240],
    }
    context = dict(ticket.context or {})
    context["transfers"] = [*context.get("transfers", []), hop]
    ticket.context = context  # a new dict, so the JSON column is written
    # Recorded before the service changes: the fact's dim is the service the ticket leaves.
    _fact(session, ticket, FactKind.TICKET_TRANSFERRED,
          f"transferred:{len(context['transfers'])}", now)
    ticket.service = hop["to_service"]
    ticket.counter = target_counter
    ticket.status = TicketStatus.TRANSFERRED
    ticket.served_by_id = None
    session.flush()
    _announce(session, bus, ticket, staff_id, "transferred", hop)
    return ticket


def no_show(session: Session, bus: EventBus, branch_id: int, ticket_id: int, staff_id: int,
            now: datetime | None = None) -> QueueTicket:
    """Close a called ticket whose customer never came to the counter."""
    ticket = _load(session, branch_id, ticket_id)
    _require(ticket, (TicketStatus.CALLED,),
             N_("ticket %(number)s is %(status)s; it cannot be marked a no-show"))
    ticket.status = TicketStatus.NO_SHOW
    ticket.closed_at = now or utcnow()
    session.flush()
    _fact(session, ticket, FactKind.TICKET_NO_SHOW, "no_show", ticket.closed_at)
    _announce(session, bus, ticket, staff_id, "no_show")
    return ticket


def close(session: Session, bus: EventBus, branch_id: int, ticket_id: int, staff_id: int,
          outcome: str, note: str = "", now: datetime | None = None) -> QueueTicket:
    """Finish a ticket at the counter with one of OUTCOMES and an optional note."""
    if outcome not in OUTCOMES:
        raise QueueError(Text("outcome must be one of %(outcomes)s", outcomes=", ".join(OUTCOMES)))
    ticket = _load(session, branch_id, ticket_id)
    _require(ticket, ACTIVE_STATES,
             N_("ticket %(number)s is %(status)s; it cannot be closed"))
    note = " ".join(note.split())
    ticket.outcome = f"{outcome}: {note}"[:240] if note else outcome
    ticket.status = TicketStatus.DONE
    ticket.closed_at = now or utcnow()
    session.flush()
    if outcome in SERVED_OUTCOMES:
        _fact(session, ticket, FactKind.TICKET_SERVED, "served", ticket.closed_at,
              detail=ticket.counter, duration=ticket.closed_at - ticket.called_at)
    _announce(session, bus, ticket, staff_id, "closed", {"outcome": outcome})
    return ticket
