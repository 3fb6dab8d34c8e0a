"""Load seeded, reproducible demo data: branches, staff, devices, customers and their ledger."""

from __future__ import annotations

import dataclasses
import random
import time as timer
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.demo.cards import load_demo_cards
from shared.demo.catalog import BRANCH_CATALOG, DemoBranch, branch_privacy_mode, signins_for
from shared.demo.people import CustomerPlan, plan_customer_identity, plan_visits
from shared.demo.spending import (
    KIND_CASH,
    KIND_CASH_MOVEMENT,
    CashPoint,
    PlannedTransaction,
    months_before,
    plan_customer,
)
from shared.models import (
    Account,
    Branch,
    Customer,
    CustomerPreference,
    Device,
    LedgerTransaction,
    Posting,
    Staff,
    StaffNote,
    Visit,
)
from shared.models.enums import AccountKind, DeviceKind, DeviceStatus, Role, TransactionState
from shared.money.card_keys import CardKeys
from shared.money.chart import (
    CLEARING_ACCOUNT_NUMBER,
    kiosk_cash_account_number,
    vault_account_number,
)
from shared.settings import DemoSettings
from shared.staff.passwords import create_password_hasher

VAULT_OPENING_MINOR = 25_000_000  # £250,000 of notes in each branch vault
KIOSK_FLOAT_MINOR = 2_000_000  # £20,000 loaded into each kiosk's cassettes


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


def _insert_with_ids(session: Session, model, rows: list[dict]) -> list[int]:
    """Bulk insert with ids chosen here, so no RETURNING is needed; return them in row order.

    A plain executemany is many times faster than a bulk insert with RETURNING on SQLite.
    PostgreSQL's id sequence is then moved past the new ids, so later inserts don't collide.
    """
    if not rows:
        return []
    table = model.__table__
    first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    session.execute(insert(table), rows)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
            {"table": table.name, "last": ids[-1]},
        )
    return ids


def _bulk_insert(session: Session, model, rows: list[dict]) -> None:
    """Bulk insert rows nothing else refers to; the database numbers them."""
    if rows:
        session.execute(insert(model.__table__), rows)


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

    branch_ids = _load_branches(session, branches, window_start)
    staff_ids, rms_by_branch = _load_staff(session, branches, branch_ids, window_start)
    device_ids, kiosks_by_branch = _load_devices(session, branches, branch_ids, window_start)

    customers, planned = _plan_customers(
        seed, demo_settings.customers, branches, kiosks_by_branch, rms_by_branch,
        window_start, now,
    )
    planned.extend(_plan_cash_management(branches, kiosks_by_branch, planned, window_start,
                                         now))
    planned.sort(key=lambda t: t.created_at)  # stable: ties keep their planned order

    customer_ids = _load_customers(session, customers, branch_ids, now)
    account_ids = _load_accounts(session, customers, customer_ids, branches, branch_ids,
                                 kiosks_by_branch, planned, window_start)
    transactions = _load_ledger(session, planned, account_ids, device_ids)
    _load_visits(session, customers, customer_ids, branch_ids, staff_ids)
    if card_keys is not None:
        load_demo_cards(session, card_keys)
    session.flush()

    return DemoSummary(
        branches=len(branches),
        staff=len(staff_ids),
        customers=len(customers),
        accounts=len(account_ids),
        transactions=transactions,
        seconds=round(timer.perf_counter() - started, 3),
    )


def _load_branches(
    session: Session, branches: tuple[DemoBranch, ...], created_at: datetime
) -> dict[str, int]:
    rows = [
        {
            "code": b.code,
            "name": b.name,
            "address": b.address,
            "timezone": "Europe/London",
            "privacy_mode": branch_privacy_mode(i),
            "created_at": created_at,
        }
        for i, b in enumerate(branches)
    ]
    ids = _insert_with_ids(session, Branch, rows)
    return {b.code: branch_id for b, branch_id in zip(branches, ids, strict=True)}


def _load_staff(
    session: Session,
    branches: tuple[DemoBranch, ...],
    branch_ids: dict[str, int],
    created_at: datetime,
) -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    signins = signins_for(len(branches))
    hasher = create_password_hasher()
    hashes: dict[str, str] = {}
    rows = []
    for signin in signins:
        if signin.password not in hashes:  # argon2 is slow on purpose: once per password
            hashes[signin.password] = hasher.hash(signin.password)
        rows.append({
            "branch_id": branch_ids[signin.branch_code],
            "username": signin.username,
            "full_name": signin.full_name,
            "role": Role(signin.role),
            "password_hash": hashes[signin.password],
            "active": True,
            "failed_signins": 0,
            "session_version": 1,
            "created_at": created_at,
        })
    ids = _insert_with_ids(session, Staff, rows)
    rms: dict[str, list[str]] = defaultdict(list)
    for signin in signins:
        if signin.role == Role.RELATIONSHIP_MANAGER:
            rms[signin.branch_code].append(signin.username)
    staff_ids = {s.username: staff_id for s, staff_id in zip(signins, ids, strict=True)}
    return staff_ids, {code: tuple(names) for code, names in rms.items()}


def _load_devices(
    session: Session,
    branches: tuple[DemoBranch, ...],
    branch_ids: dict[str, int],
    created_at: datetime,
) -> tuple[dict[str, int], dict[str, tuple[CashPoint, ...]]]:
    rows = []
    kiosks: dict[str, tuple[CashPoint, ...]] = {}
    for branch in branches:
        codes = [f"{branch.code}-K1", f"{branch.code}-K2"]
        kiosks[branch.code] = tuple(CashPoint(c, kiosk_cash_account_number(c)) for c in codes)
        place = branch.name.split(", ")[0]
        for n, code in enumerate(codes, start=1):
            rows.append({"code": code, "kind": DeviceKind.KIOSK, "name": f"{place} kiosk {n}"})
        rows.append({"code": f"{branch.code}-DOOR", "kind": DeviceKind.DOOR_CAMERA,
                     "name": f"{place} door camera"})
        for row in rows[-3:]:
            row.update(branch_id=branch_ids[branch.code], driver="simulator",
                       status=DeviceStatus.OK, status_detail="", created_at=created_at)
    ids = _insert_with_ids(session, Device, rows)
    return {row["code"]: device_id for row, device_id in zip(rows, ids, strict=True)}, kiosks


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


def _plan_cash_management(
    branches: tuple[DemoBranch, ...],
    kiosks_by_branch: dict[str, tuple[CashPoint, ...]],
    customer_transactions: list[PlannedTransaction],
    window_start: datetime,
    now: datetime,
) -> list[PlannedTransaction]:
    """Stock each vault and kiosk at the start, then refill each kiosk every Monday morning."""
    planned: list[PlannedTransaction] = []

    def move(at, description, counterparty, amount, source, target):
        planned.append(PlannedTransaction(at, KIND_CASH_MOVEMENT, "cash_management",
                                          description, counterparty, amount,
                                          ((source, -amount), (target, amount))))

    withdrawals: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for t in customer_transactions:
        if t.kind == KIND_CASH and t.device_code:
            withdrawals[t.device_code].append((t.created_at, t.amount_minor))

    first_monday = window_start.date() + timedelta(days=(7 - window_start.weekday()) % 7 or 7)
    mondays = []
    day = first_monday
    while (at := datetime.combine(day, time(7, 0), tzinfo=UTC)) <= now:
        mondays.append(at)
        day += timedelta(days=7)

    for branch in branches:
        vault = vault_account_number(branch.code)
        move(window_start, "Cash delivery from cash centre", "Cash centre", VAULT_OPENING_MINOR,
             vault, CLEARING_ACCOUNT_NUMBER)
        for kiosk in kiosks_by_branch[branch.code]:
            move(window_start, f"Kiosk float loaded: {kiosk.device_code}", kiosk.device_code,
                 KIOSK_FLOAT_MINOR, kiosk.account, vault)
            since = window_start
            for monday in mondays:
                taken = sum(a for at, a in withdrawals[kiosk.device_code] if since < at <= monday)
                since = monday
                if taken:
                    # Notes held are a negative balance: the bank's cash, seen from the ledger.
                    move(monday, "Cash delivery from cash centre", "Cash centre", taken,
                         vault, CLEARING_ACCOUNT_NUMBER)
                    move(monday, f"Kiosk replenished: {kiosk.device_code}", kiosk.device_code,
                         taken, kiosk.account, vault)
    return planned


def _load_customers(
    session: Session, customers: list[CustomerPlan], branch_ids: dict[str, int], now: datetime
) -> list[int]:
    rows = []
    for c in customers:
        last_seen = c.visits[-1].left_at if c.visits else None
        rows.append({
            "customer_number": c.customer_number,
            "given_name": c.given_name,
            "family_name": c.family_name,
            "preferred_name": c.preferred_name,
            "date_of_birth": c.date_of_birth,
            "email": c.email,
            "phone": c.phone,
            "language": c.language,
            "tier": c.tier,
            "accessibility_needs": c.accessibility_needs,
            "home_branch_id": branch_ids[c.branch_code],
            "last_seen_at": last_seen,
            "created_at": c.created_at,
        })
    ids = _insert_with_ids(session, Customer, rows)
    preference_rows = [
        {"customer_id": customer_id, "key": key, "value": value, "updated_at": c.created_at}
        for c, customer_id in zip(customers, ids, strict=True)
        for key, value in c.preferences
    ]
    _bulk_insert(session, CustomerPreference, preference_rows)
    return ids


def _load_accounts(
    session: Session,
    customers: list[CustomerPlan],
    customer_ids: list[int],
    branches: tuple[DemoBranch, ...],
    branch_ids: dict[str, int],
    kiosks_by_branch: dict[str, tuple[CashPoint, ...]],
    planned: list[PlannedTransaction],
    window_start: datetime,
) -> dict[str, int]:
    balances: dict[str, int] = defaultdict(int)
    for t in planned:
        for number, amount in t.postings:
            balances[number] += amount

    def internal(number: str, name: str, branch_code: str | None) -> dict:
        return {
            "number": number, "customer_id": None,
            "branch_id": branch_ids[branch_code] if branch_code else None,
            "kind": AccountKind.INTERNAL, "name": name, "allow_negative": True,
            "overdraft_limit_minor": 0, "opened_at": window_start,
        }

    rows = [internal(CLEARING_ACCOUNT_NUMBER, "External clearing (the outside world)", None)]
    for branch in branches:
        rows.append(internal(vault_account_number(branch.code), f"{branch.name} vault cash",
                             branch.code))
        for kiosk in kiosks_by_branch[branch.code]:
            rows.append(internal(kiosk.account, f"Kiosk {kiosk.device_code} cash", branch.code))

    for c, customer_id in zip(customers, customer_ids, strict=True):
        profile = c.profile
        held = (
            (profile.accounts.current, AccountKind.CURRENT, "Everyday current account",
             profile.overdraft_limit_minor),
            (profile.accounts.savings, AccountKind.SAVINGS, "Easy access saver", 0),
            (profile.accounts.credit_card, AccountKind.CREDIT_CARD, "Credit card",
             profile.credit_limit_minor),
            (profile.accounts.mortgage, AccountKind.MORTGAGE, "Residential mortgage",
             profile.mortgage_principal_minor),
        )
        for opened, (number, kind, name, limit) in enumerate(held):
            if number is None:
                continue
            rows.append({
                "number": number, "customer_id": customer_id,
                "branch_id": branch_ids[c.branch_code], "kind": kind, "name": name,
                "allow_negative": False, "overdraft_limit_minor": limit,
                "opened_at": c.created_at + timedelta(days=opened * 3),
            })
    for row in rows:
        row.update(currency="GBP", balance_minor=balances[row["number"]], held_minor=0)
    ids = _insert_with_ids(session, Account, rows)
    return {row["number"]: account_id for row, account_id in zip(rows, ids, strict=True)}


def _load_ledger(
    session: Session,
    planned: list[PlannedTransaction],
    account_ids: dict[str, int],
    device_ids: dict[str, int],
) -> int:
    rows = [
        {
            "kind": t.kind,
            "category": t.category,
            "description": t.description,
            "counterparty": t.counterparty,
            "state": TransactionState.POSTED,
            "amount_minor": t.amount_minor,
            "currency": "GBP",
            "device_id": device_ids[t.device_code] if t.device_code else None,
            "created_at": t.created_at,
            "updated_at": t.created_at,
        }
        for t in planned
    ]
    ids = _insert_with_ids(session, LedgerTransaction, rows)
    postings = [
        {
            "transaction_id": transaction_id,
            "account_id": account_ids[number],
            "amount_minor": amount,
            "posted_at": t.created_at,
        }
        for t, transaction_id in zip(planned, ids, strict=True)
        for number, amount in t.postings
    ]
    _bulk_insert(session, Posting, postings)
    return len(ids)


def _load_visits(
    session: Session,
    customers: list[CustomerPlan],
    customer_ids: list[int],
    branch_ids: dict[str, int],
    staff_ids: dict[str, int],
) -> None:
    visits = [
        (customer_id, v)
        for c, customer_id in zip(customers, customer_ids, strict=True)
        for v in c.visits
    ]
    rows = []
    for customer_id, v in visits:
        claimed_at = v.arrived_at + timedelta(minutes=3) if v.claimed_by else None
        rows.append({
            "branch_id": branch_ids[v.branch_code],
            "customer_id": customer_id,
            "source": v.source,
            "arrived_at": v.arrived_at,
            "left_at": v.left_at,
            "match_score": None,
            "claimed_by_id": staff_ids[v.claimed_by] if v.claimed_by else None,
            "claimed_at": claimed_at,
            "greeted_at": claimed_at,
            "purpose": v.purpose,
        })
    ids = _insert_with_ids(session, Visit, rows)
    notes = [
        {
            "customer_id": customer_id,
            "staff_id": staff_ids[v.claimed_by],
            "visit_id": visit_id,
            "body": v.note,
            "created_at": v.left_at,
        }
        for (customer_id, v), visit_id in zip(visits, ids, strict=True)
        if v.note and v.claimed_by
    ]
    _bulk_insert(session, StaffNote, notes)
