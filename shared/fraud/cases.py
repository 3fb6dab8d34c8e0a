"""The cases tellers and managers work: list a branch's, close one as genuine or fraud."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from shared import audit
from shared.db.base import utcnow
from shared.events import Event, EventBus, FraudCaseClosed
from shared.events.after_commit import publish_after_commit
from shared.i18n.text import Text
from shared.models import CaseStatus, Customer, Device, FraudCase, Staff
from shared.models.enums import ActorType


class CaseError(LookupError):
    """No such case in the staff member's branches, or it is already closed."""


@dataclass(frozen=True)
class CaseView:
    """One case as the cases page shows it."""

    id: int
    rule: str
    status: str
    step_up: bool
    branch_id: int | None
    device_code: str
    customer_id: int | None
    customer_name: str
    staff_name: str
    amount_minor: int
    hits: int
    evidence: dict
    opened_at: datetime
    last_hit_at: datetime
    closed_at: datetime | None
    closed_by: str
    note: str

    def as_dict(self) -> dict:
        return {**self.__dict__, "opened_at": self.opened_at.isoformat(),
                "last_hit_at": self.last_hit_at.isoformat(),
                "closed_at": self.closed_at.isoformat() if self.closed_at else None}


def list_cases(session: Session, branch_ids: list[int], *, open_only: bool = True,
               limit: int = 200, case_id: int | None = None) -> list[CaseView]:
    """The branches' cases, newest first: open ones, or the latest of every status."""
    looked_up_by, closer = aliased(Staff), aliased(Staff)
    query = (
        select(FraudCase, Device.code, Customer.given_name, Customer.family_name,
               looked_up_by.full_name, closer.full_name)
        .outerjoin(Device, Device.id == FraudCase.device_id)
        .outerjoin(Customer, Customer.id == FraudCase.customer_id)
        .outerjoin(looked_up_by, looked_up_by.id == FraudCase.staff_id)
        .outerjoin(closer, closer.id == FraudCase.closed_by_id)
        .where(FraudCase.branch_id.in_(branch_ids))
        .order_by(FraudCase.last_hit_at.desc(), FraudCase.id.desc()).limit(limit))
    if open_only:
        query = query.where(FraudCase.status == CaseStatus.OPEN)
    if case_id is not None:
        query = query.where(FraudCase.id == case_id)
    return [CaseView(
        case.id, case.rule, str(case.status), case.step_up, case.branch_id, code or "",
        case.customer_id, f"{given} {family}" if given else "", staff or "",
        case.amount_minor, case.hits, case.evidence or {}, case.opened_at, case.last_hit_at,
        case.closed_at, closed_by or "", case.note)
        for case, code, given, family, staff, closed_by in session.execute(query)]


def find_case(session: Session, case_id: int, branch_ids: list[int]) -> CaseView | None:
    """One case of the branches, whatever its status (None: unknown, or another branch's)."""
    found = list_cases(session, branch_ids, open_only=False, limit=1, case_id=case_id)
    return found[0] if found else None


def has_case_for(session: Session, customer_id: int, branch_ids: list[int],
                 days: int = 30) -> bool:
    """Whether the customer has a case at one of the branches, opened in the last `days`."""
    return bool(session.scalar(select(func.count()).select_from(FraudCase).where(
        FraudCase.customer_id == customer_id, FraudCase.branch_id.in_(branch_ids),
        FraudCase.opened_at > utcnow() - timedelta(days=days))))


def count_open(session: Session, branch_ids: list[int]) -> int:
    """How many cases of the branches wait for someone to look at them."""
    return session.scalar(select(func.count()).select_from(FraudCase).where(
        FraudCase.branch_id.in_(branch_ids), FraudCase.status == CaseStatus.OPEN)) or 0


def close_case(session: Session, case_id: int, *, staff_id: int, branch_ids: list[int],
               status: CaseStatus, note: str = "", bus: EventBus | None = None) -> FraudCase:
    """Close an open case of one's branches as genuine or fraud; audited, announced."""
    if status is CaseStatus.OPEN:
        raise CaseError(Text("a case is closed as genuine or as fraud"))
    case = session.get(FraudCase, case_id)
    if case is None or case.branch_id not in branch_ids:
        raise CaseError(Text("no such case"))
    if case.status is not CaseStatus.OPEN:
        raise CaseError(Text("this case is already closed"))
    case.status = status
    case.closed_at = utcnow()
    case.closed_by_id = staff_id
    case.note = note.strip()[:240]
    session.flush()
    audit.record(session, audit.Actor(ActorType.STAFF, staff_id), "fraud.case_closed",
                 subject_type="fraud_case", subject_id=case.id, reason=str(status),
                 detail={"rule": case.rule, "customer_id": case.customer_id,
                         "note": case.note})
    if bus is not None and case.branch_id is not None:
        publish_after_commit(session, bus, Event(case.branch_id, FraudCaseClosed(
            case_id=case.id, status=str(status))))
    return case
