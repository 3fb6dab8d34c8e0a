"""Payments from a customer's account: transfers to an account, and bills to a biller.

Each posts two legs once per idempotency key; bill payments leave through the clearing
account.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.locks import begin_write
from shared.i18n.text import N_, Text
from shared.models import Account, Biller
from shared.money import ledger
from shared.money.chart import CLEARING_ACCOUNT_NUMBER
from shared.money.ledger import (
    DEFAULT_LIMITS,
    AccountUnavailable,
    InvalidRequest,
    Leg,
    Limits,
    PostResult,
)

TRANSFER = "transfer"
BILL_PAYMENT = "bill_payment"


def _owned(session: Session, account_id: int, customer_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.customer_id != customer_id:
        raise AccountUnavailable(Text("account %(account)s is not the customer's",
                                      account=account_id))
    return account


def transfer(
    session: Session,
    *,
    customer_id: int,
    from_account_id: int,
    amount_minor: int,
    idempotency_key: str,
    to_account_id: int | None = None,
    to_account_number: str | None = None,
    reference: str = "",
    device_id: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> PostResult:
    """Move money from the customer's account to one of theirs (id) or anyone's (number)."""
    if (to_account_id is None) == (to_account_number is None):
        raise InvalidRequest(N_("name the destination by account id (own) or number (another's)"))
    ledger.validate_amount(amount_minor, limits.max_transaction_minor, N_("transfer amount"))
    reference = reference.strip()[:60]
    request = {"customer_id": customer_id, "from": from_account_id, "to_id": to_account_id,
               "to_number": to_account_number, "amount_minor": amount_minor,
               "reference": reference}
    begin_write(session)
    source = _owned(session, from_account_id, customer_id)
    if to_account_id is not None:
        target = _owned(session, to_account_id, customer_id)
        category = "transfer_own"
    else:
        target = ledger.account_by_number(session, to_account_number.strip())
        if target.customer_id is None:
            raise AccountUnavailable(Text("account %(number)s is not a customer account",
                                           number=to_account_number))
        category = "transfer_own" if target.customer_id == customer_id else "transfer_out"
    if target.id == source.id:
        raise InvalidRequest(N_("source and destination are the same account"))
    return ledger.post(
        session, [Leg(source.id, -amount_minor), Leg(target.id, amount_minor)],
        idempotency_key=idempotency_key, request=request, kind=TRANSFER, category=category,
        description=f"Transfer to {target.number}" + (f": {reference}" if reference else ""),
        counterparty=target.number, device_id=device_id, currency=source.currency,
        limits=limits, extra_response={"from_number": source.number, "to_number": target.number},
    )


def list_billers(session: Session) -> list[Biller]:
    """Return the active billers by name."""
    return list(session.scalars(select(Biller).where(Biller.active).order_by(Biller.name)))


def pay_bill(
    session: Session,
    *,
    customer_id: int,
    from_account_id: int,
    biller_code: str,
    reference: str,
    amount_minor: int,
    idempotency_key: str,
    device_id: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    clearing_number: str = CLEARING_ACCOUNT_NUMBER,
) -> PostResult:
    """Pay a biller from the customer's account with the customer's reference."""
    ledger.validate_amount(amount_minor, limits.max_transaction_minor, N_("bill amount"))
    reference = (reference or "").strip().upper()
    request = {"customer_id": customer_id, "from": from_account_id, "biller": biller_code,
               "reference": reference, "amount_minor": amount_minor}
    begin_write(session)
    biller = session.scalars(select(Biller).where(Biller.code == biller_code)).one_or_none()
    if biller is None or not biller.active:
        raise InvalidRequest(Text("unknown biller %(biller)s", biller=repr(biller_code)))
    if not re.fullmatch(biller.reference_pattern, reference, flags=re.IGNORECASE):
        raise InvalidRequest(Text("reference %(reference)s is not a valid %(biller)s reference",
                                  reference=repr(reference), biller=biller.name))
    source = _owned(session, from_account_id, customer_id)
    clearing = ledger.account_by_number(session, clearing_number)
    return ledger.post(
        session, [Leg(source.id, -amount_minor), Leg(clearing.id, amount_minor)],
        idempotency_key=idempotency_key, request=request, kind=BILL_PAYMENT, category="bills",
        description=f"{biller.name} ref {reference}", counterparty=biller.name,
        device_id=device_id, currency=source.currency, limits=limits,
        extra_response={"biller": biller.code, "reference": reference},
    )
