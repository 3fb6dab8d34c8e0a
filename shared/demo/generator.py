"""Load seeded, reproducible demo data: branches, staff, devices, customers and their ledger.

This module plans and orders the load; organisation.py, customer_rows.py and
cash_management.py hold the rows of each part.
"""

from __future__ import annotations

import dataclasses
import random
import time as timer
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.demo.cards import load_demo_cards
from shared.demo.cash_management import plan_cash_management
from shared.demo.catalog import BRANCH_CATALOG, DEMO_TIMEZONE, DemoBranch
from shared.demo.customer_rows import load_accounts, load_customers, load_ledger, load_visits
from shared.demo.history import HistoryBranch, load_history
from shared.demo.organisation import load_branches, load_devices, load_staff
from shared.demo.people import CustomerPlan, plan_customer_identity, plan_visits
from shared.demo.spending import CashPoint, PlannedTransaction, months_before, plan_customer
from shared.models import Account, Branch, Customer, LedgerTransaction, Staff
from shared.models.analytics import AnalyticsFact
from shared.money.card_keys import CardKeys
from shared.money.chart import CLEARING_ACCOUNT_NUMBER
from shared.settings import DemoSettings


@dataclass(frozen=True)
class DemoSummary:
    """What the database holds after a demo load (or already held, when `loaded` is False)."""

    branches: int
    staff: int
    customers: int
    accounts: int
    transactions: int
    seconds: float
    loaded: bool = True
    history_facts: int = 0  # the dashboard's generated history (analytics facts)
    history_seconds: float = 0.0


def count_demo_data(session: Session, seconds: float = 0.0, loaded: bool = False) -> DemoSummary:
    """Count what the database holds, in the shape of a load summary."""

    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return DemoSummary(
        branches=count(Branch),
        staff=count(Staff),
        customers=count(Customer),
        accounts=count(Account),
        transactions=count(LedgerTransaction),
        seconds=seconds,
        loaded=loaded,
        history_facts=count(AnalyticsFact),
    )


def load_demo_data(
    session: Session,
    demo_settings: DemoSettings,
    now: datetime | None = None,
    card_keys: CardKeys | None = None,
) -> DemoSummary:
    """Load the demo into an empty database; with branches already there, change nothing.

    With `card_keys`, each customer's current account also gets its demo card
    (shared.demo.cards.demo_card_for gives the public demo PAN and PIN).

    The same seed and `now` give the same rows, amounts and dates (password hashes aside:
    they are salted at random). The caller owns the transaction: this only flushes.
    """
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    started = timer.perf_counter()
    if session.scalar(select(func.count()).select_from(Branch)):
        return count_demo_data(session, timer.perf_counter() - started, loaded=False)
    now = (now or utcnow()).astimezone(UTC)
    session.flush()
    window_start = months_before(now, demo_settings.months)
    branches = BRANCH_CATALOG[: demo_settings.branches]
    seed = demo_settings.seed

    branch_ids = load_branches(session, branches, window_start)
    staff_ids, rms_by_branch = load_staff(session, branches, branch_ids, window_start)
    device_ids, kiosks_by_branch = load_devices(session, branches, branch_ids, window_start)

    customers, planned = _plan_customers(
        seed, demo_settings.customers, branches, kiosks_by_branch, rms_by_branch,
        window_start, now,
    )
    planned.extend(plan_cash_management(branches, kiosks_by_branch, planned, window_start, now))
    planned.sort(key=lambda t: t.created_at)  # stable: ties keep their planned order

    customer_ids = load_customers(session, customers, branch_ids, now)
    account_ids = load_accounts(session, customers, customer_ids, branches, branch_ids,
                                kiosks_by_branch, planned, window_start)
    transactions = load_ledger(session, planned, account_ids, device_ids)
    load_visits(session, customers, customer_ids, branch_ids, staff_ids)
    if card_keys is not None:
        load_demo_cards(session, card_keys)
    history_branches = [HistoryBranch.drawn(branch_ids[b.code], b.code, DEMO_TIMEZONE, seed)
                        for b in branches]
    history = load_history(session, history_branches, demo_settings.history_days, now, seed)
    session.flush()

    return DemoSummary(
        branches=len(branches),
        staff=len(staff_ids),
        customers=len(customers),
        accounts=len(account_ids),
        transactions=transactions,
        seconds=round(timer.perf_counter() - started, 3),
        history_facts=history.facts,
        history_seconds=history.seconds,
    )


def _plan_customers(
    seed: int,
    count: int,
    branches: tuple[DemoBranch, ...],
    kiosks_by_branch: dict[str, tuple[CashPoint, ...]],
    rms_by_branch: dict[str, tuple[str, ...]],
    window_start: datetime,
    now: datetime,
) -> tuple[list[CustomerPlan], list[PlannedTransaction]]:
    customers: list[CustomerPlan] = []
    planned: list[PlannedTransaction] = []
    branch_codes = tuple(b.code for b in branches)
    for index in range(count):
        # One generator per customer: a customer's data does not depend on the others'.
        rng = random.Random(f"{seed}:customer:{index}")
        branch = branches[index % len(branches)]
        customer = plan_customer_identity(rng, index, branch, kiosks_by_branch[branch.code],
                                          now, window_start)
        visits = plan_visits(rng, customer, branch_codes, rms_by_branch, window_start, now)
        customers.append(dataclasses.replace(customer, visits=visits))
        planned.extend(plan_customer(rng, customer.profile, CLEARING_ACCOUNT_NUMBER,
                                     window_start, now))
    return customers, planned
