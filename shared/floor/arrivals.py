"""Arrivals on the floor: claim, greeted, hand to a colleague, and escalation when unclaimed.

Each claim, greeting and hand-over is also an analytics fact, recorded in the same
transaction with its time since the arrival: the first claim and the first greeting of a
visit count once (retries and later ones find the key taken); every hand-over counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared import audit
from shared.analytics.facts import Fact, fact_key, record
from shared.analytics.kinds import FactKind
from shared.biometrics.learning import learn_from_visit
from shared.db.base import utcnow
from shared.events import CustomerClaimed, Event, EventBus
from shared.events.after_commit import publish_after_commit
from shared.events.payloads import CustomerEscalated, CustomerGreeted
from shared.i18n.text import N_, Text
from shared.models import ArrivalAction, ArrivalEvent, Customer, Staff, Visit
from shared.models.enums import ActorType, Role
from shared.settings import TemplateLearningSettings

# Who can take a customer on the floor (and be handed one).
GREETING_ROLES = (Role.RELATIONSHIP_MANAGER, Role.BRANCH_MANAGER)
# An arrival stays on the floor this long unless the customer is seen leaving.
OPEN_FOR = timedelta(hours=12)


class ArrivalError(ValueError):
    """A floor action that cannot be done; `code` is stable, the message says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def visit_at_branch(session: Session, visit_id: int, branch_id: int) -> Visit:
    """The visit, if it is at the branch and the customer is still there; else refused."""
    visit = session.get(Visit, visit_id)
    # Another branch's visit is reported as missing: staff learn nothing about it.
    if visit is None or visit.branch_id != branch_id:
        raise ArrivalError("not_found", Text("no arrival %(id)s at your branch", id=visit_id))
    if visit.left_at is not None:
        raise ArrivalError("left", N_("the customer has already left"))
    return visit


def active_staff(session: Session, staff_id: int) -> Staff:
    """The staff member, if still active; else refused."""
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise ArrivalError("unknown_staff", Text("no active staff member %(id)s", id=staff_id))
    return staff


def _log(session: Session, visit: Visit, action: ArrivalAction, staff_id: int | None,
         to_staff_id: int | None = None, now: datetime | None = None) -> ArrivalEvent:
    event = ArrivalEvent(visit_id=visit.id, branch_id=visit.branch_id, action=action,
                         staff_id=staff_id, to_staff_id=to_staff_id, at=now or utcnow())
    session.add(event)
    actor = audit.Actor(ActorType.STAFF, staff_id) if staff_id else audit.SYSTEM
    audit.record(session, actor, f"arrival.{action.value}", subject_type="customer",
                 subject_id=visit.customer_id,
                 detail={"visit_id": visit.id, "to_staff_id": to_staff_id})
    return event


def _fact(session: Session, kind: FactKind, key: str, visit: Visit, now: datetime) -> None:
    """Record a floor fact timed from the arrival; the customer lets the door wait follow."""
    record(session, Fact(kind, key, visit.branch_id, now, duration=now - visit.arrived_at,
                         customer_id=visit.customer_id))


def claim(session: Session, bus: EventBus, visit_id: int, staff_id: int,
          now: datetime | None = None) -> Visit:
    """Claim the greeting; a second claimer is refused with who has it. Idempotent for one."""
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    if staff.role not in GREETING_ROLES:
        raise ArrivalError("forbidden",
                           N_("only relationship and branch managers greet arrivals"))
    visit = visit_at_branch(session, visit_id, staff.branch_id)
    # One conditional UPDATE decides the race on SQLite and PostgreSQL alike.
    won = session.execute(
        update(Visit)
        .where(Visit.id == visit_id, Visit.claimed_by_id.is_(None))
        .values(claimed_by_id=staff.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(visit)
    if not won:
        if visit.claimed_by_id == staff.id:
            return visit
        holder = session.get(Staff, visit.claimed_by_id)
        raise ArrivalError("already_claimed", Text("%(name)s is already greeting them",
                                                 name=holder.full_name))
    _log(session, visit, ArrivalAction.CLAIMED, staff.id, now=now)
    # Keyed by the visit: only the first claim of a visit counts (a hand-over is its own fact).
    _fact(session, FactKind.CLAIMED, fact_key("visit", visit.id, "claimed"), visit, now)
    publish_after_commit(session, bus, Event(
        visit.branch_id, CustomerClaimed(visit.id, visit.customer_id, staff.id, staff.full_name)))
    return visit


def mark_greeted(session: Session, bus: EventBus, visit_id: int, staff_id: int,
                 now: datetime | None = None,
                 learning: TemplateLearningSettings | None = None) -> Visit:
    """Record that the claimer greeted the customer (claiming first if nobody had).

    The greeting confirms who the door saw: with `learning`, the visit's held frame
    becomes one of the customer's templates (shared.biometrics.learning).
    """
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    visit = visit_at_branch(session, visit_id, staff.branch_id)
    if visit.claimed_by_id is None:
        visit = claim(session, bus, visit_id, staff_id, now)
    if visit.claimed_by_id != staff.id:
        raise ArrivalError("not_yours", "only the colleague who claimed them can mark greeted")
    if visit.greeted_at is None:
        visit.greeted_at = now
        _log(session, visit, ArrivalAction.GREETED, staff.id, now=now)
        # After a hand-over the new colleague greets again; the visit's first greeting counts.
        _fact(session, FactKind.GREETED, fact_key("visit", visit.id, "greeted"), visit, now)
        session.flush()
        publish_after_commit(session, bus, Event(
            visit.branch_id,
            CustomerGreeted(visit.id, visit.customer_id, staff.id, staff.full_name)))
        if learning is not None:
            learn_from_visit(session, visit.id, audit.Actor(ActorType.STAFF, staff.id),
                             learning, bus, now)
    return visit


def hand_over(session: Session, bus: EventBus, visit_id: int, staff_id: int, to_staff_id: int,
              now: datetime | None = None) -> Visit:
    """Pass a claimed arrival to a colleague of the same branch; everyone sees the new claim."""
    now = now or utcnow()
    staff = active_staff(session, staff_id)
    visit = visit_at_branch(session, visit_id, staff.branch_id)
    if visit.claimed_by_id != staff.id and staff.role != Role.BRANCH_MANAGER:
        raise ArrivalError("not_yours", "only the claimer or a branch manager can hand over")
    target = active_staff(session, to_staff_id)
    if target.branch_id != visit.branch_id or target.role not in GREETING_ROLES:
        raise ArrivalError("bad_colleague", "hand over to a manager of this branch")
    if target.id == visit.claimed_by_id:
        return visit
    visit.claimed_by_id = target.id
    visit.claimed_at = now
    visit.greeted_at = None
    event = _log(session, visit, ArrivalAction.HANDED_OVER, staff.id, target.id, now)
    session.flush()
    _fact(session, FactKind.HANDED_OVER,
          fact_key("visit", visit.id, "handed_over", event.id), visit, now)
    publish_after_commit(session, bus, Event(
        visit.branch_id,
        CustomerClaimed(visit.id, visit.customer_id, target.id, target.full_name)))
    return visit


def colleagues(session: Session, branch_id: int) -> list[Staff]:
    """Active staff of the branch who can take an arrival."""
    return list(session.scalars(
        select(Staff).where(Staff.branch_id == branch_id, Staff.active.is_(True),
                            Staff.role.in_(GREETING_ROLES)).order_by(Staff.full_name)))


def open_arrivals(session: Session, branch_id: int, now: datetime | None = None) -> list[Visit]:
    """Today's arrivals still on the floor, newest first."""
    now = now or utcnow()
    return list(session.scalars(
        select(Visit).where(Visit.branch_id == branch_id, Visit.left_at.is_(None),
                            Visit.arrived_at > now - OPEN_FOR)
        .order_by(Visit.arrived_at.desc(), Visit.id.desc())))


def escalate_unclaimed(session: Session, bus: EventBus, after: timedelta,
                       now: datetime | None = None) -> list[int]:
    """Escalate arrivals nobody claimed within `after`, once each; return their visit ids."""
    now = now or utcnow()
    escalated = select(ArrivalEvent.visit_id).where(
        ArrivalEvent.action == ArrivalAction.ESCALATED)
    due = session.execute(
        select(Visit, Customer)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.claimed_by_id.is_(None), Visit.left_at.is_(None),
               Visit.arrived_at <= now - after, Visit.arrived_at > now - OPEN_FOR,
               Visit.id.not_in(escalated))
        .order_by(Visit.arrived_at)
    ).all()
    for visit, customer in due:
        _log(session, visit, ArrivalAction.ESCALATED, None, now=now)
        waited = int((now - visit.arrived_at).total_seconds())
        publish_after_commit(session, bus, Event(visit.branch_id, CustomerEscalated(
            visit.id, customer.id, customer.display_name, waited)))
    session.flush()
    return [visit.id for visit, _ in due]
