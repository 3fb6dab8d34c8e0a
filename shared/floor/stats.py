"""Figures for the branch floor page: customers, accounts, today's visits and queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.models import Account, Customer, QueueTicket, Visit
from shared.models.enums import TicketStatus


@dataclass(frozen=True)
class BranchStats:
    customers: int
    accounts: int
    visits_today: int
    waiting_tickets: int


def branch_stats(session: Session, branch_id: int, now: datetime | None = None) -> BranchStats:
    now = now or utcnow()
    midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    customers = session.scalar(
        select(func.count(Customer.id)).where(Customer.home_branch_id == branch_id)
    )
    accounts = session.scalar(
        select(func.count(Account.id))
        .join(Customer, Account.customer_id == Customer.id)
        .where(Customer.home_branch_id == branch_id)
    )
    visits = session.scalar(
        select(func.count(Visit.id)).where(
            Visit.branch_id == branch_id, Visit.arrived_at >= midnight
        )
    )
    waiting = session.scalar(
        select(func.count(QueueTicket.id)).where(
            QueueTicket.branch_id == branch_id, QueueTicket.status == TicketStatus.WAITING
        )
    )
    return BranchStats(customers or 0, accounts or 0, visits or 0, waiting or 0)
