"""Builders for ledger tests: accounts, the clearing account, kiosks with cash accounts."""

from __future__ import annotations

import itertools
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Account, Customer, Device
from shared.models.enums import AccountKind
from shared.money import ledger
from shared.money.chart import CLEARING_ACCOUNT_NUMBER, kiosk_cash_account_number
from tests.factories import make_branch, make_customer, make_kiosk

_counter = itertools.count(1)


def new_key() -> str:
    return f"test-{uuid.uuid4().hex}"


def clearing_account(session: Session) -> Account:
    """Return the clearing account, creating it on first use."""
    found = session.scalars(
        select(Account).where(Account.number == CLEARING_ACCOUNT_NUMBER)
    ).one_or_none()
    if found is None:
        found = Account(number=CLEARING_ACCOUNT_NUMBER, kind=AccountKind.INTERNAL,
                        name="External clearing", allow_negative=True)
        session.add(found)
        session.flush()
    return found


def make_account(
    session: Session, customer: Customer | None = None, *, funded_minor: int = 0,
    overdraft_minor: int = 0, allow_negative: bool = False,
) -> Account:
    """A current account (a customer's unless internal), optionally funded from clearing."""
    n = next(_counter)
    account = Account(
        number=f"TST{uuid.uuid4().hex[:8].upper()}{n}",
        customer_id=customer.id if customer else None,
        kind=AccountKind.CURRENT if customer else AccountKind.INTERNAL,
        name=f"Account {n}", overdraft_limit_minor=overdraft_minor,
        allow_negative=allow_negative,
    )
    session.add(account)
    session.flush()
    if funded_minor:
        fund(session, account, funded_minor)
    return account


def fund(session: Session, account: Account, amount_minor: int) -> None:
    clearing = clearing_account(session)
    ledger.post(session, [ledger.Leg(clearing.id, -amount_minor),
                          ledger.Leg(account.id, amount_minor)],
                idempotency_key=new_key(), request={"fund": account.id}, kind="opening_balance")


def make_cash_kiosk(session: Session, branch=None, *, float_minor: int = 1_000_000) -> Device:
    """A kiosk with its cash account loaded with a float (negative: notes held)."""
    branch = branch or make_branch(session)
    kiosk = make_kiosk(session, branch, code=f"{branch.code}-K{next(_counter)}")
    cash = Account(number=kiosk_cash_account_number(kiosk.code), kind=AccountKind.INTERNAL,
                   name=f"Kiosk {kiosk.code} cash", allow_negative=True, branch_id=branch.id)
    session.add(cash)
    session.flush()
    clearing = clearing_account(session)
    ledger.post(session, [ledger.Leg(cash.id, -float_minor), ledger.Leg(clearing.id, float_minor)],
                idempotency_key=new_key(), request={"float": kiosk.id}, kind="cash_movement")
    return kiosk


def make_customer_with_account(session: Session, branch=None, funded_minor: int = 100_000):
    branch = branch or make_branch(session)
    customer = make_customer(session, branch)
    return customer, make_account(session, customer, funded_minor=funded_minor)
