"""Planned customers as rows: customers and preferences, accounts with their balances, the
ledger and its postings, visits and the notes staff wrote about them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from shared.demo.bulk import bulk_insert, insert_with_ids
from shared.demo.catalog import DemoBranch
from shared.demo.people import CustomerPlan
from shared.demo.spending import CashPoint, PlannedTransaction
from shared.models import (
    Account,
    Customer,
    CustomerPreference,
    LedgerTransaction,
    Posting,
    StaffNote,
    Visit,
)
from shared.models.enums import AccountKind, TransactionState
from shared.money.chart import CLEARING_ACCOUNT_NUMBER, vault_account_number


def load_customers(
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
    ids = insert_with_ids(session, Customer, rows)
    preference_rows = [
        {"customer_id": customer_id, "key": key, "value": value, "updated_at": c.created_at}
        for c, customer_id in zip(customers, ids, strict=True)
        for key, value in c.preferences
    ]
    bulk_insert(session, CustomerPreference, preference_rows)
    return ids


def load_accounts(
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
    ids = insert_with_ids(session, Account, rows)
    return {row["number"]: account_id for row, account_id in zip(rows, ids, strict=True)}


def load_ledger(
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
    ids = insert_with_ids(session, LedgerTransaction, rows)
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
    bulk_insert(session, Posting, postings)
    return len(ids)


def load_visits(
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
    ids = insert_with_ids(session, Visit, rows)
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
    bulk_insert(session, StaffNote, notes)
