"""Bill payment to a list of billers; payments leave through the clearing account."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.locks import begin_write
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

KIND = "bill_payment"


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
    ledger.validate_amount(amount_minor, limits.max_transaction_minor, "bill amount")
    reference = (reference or "").strip().upper()
    request = {"customer_id": customer_id, "from": from_account_id, "biller": biller_code,
               "reference": reference, "amount_minor": amount_minor}
    begin_write(session)
    biller = session.scalars(select(Biller).where(Biller.code == biller_code)).one_or_none()
    if biller is None or not biller.active:
        raise InvalidRequest(f"unknown biller {biller_code!r}")
    if not re.fullmatch(biller.reference_pattern, reference, flags=re.IGNORECASE):
        raise InvalidRequest(f"reference {reference!r} is not a valid {biller.name} reference")
    source = session.get(Account, from_account_id)
    if source is None or source.customer_id != customer_id:
        raise AccountUnavailable(f"account {from_account_id} is not the customer's")
    clearing = ledger.account_by_number(session, clearing_number)
    return ledger.post(
        session, [Leg(source.id, -amount_minor), Leg(clearing.id, amount_minor)],
        idempotency_key=idempotency_key, request=request, kind=KIND, category="bills",
        description=f"{biller.name} ref {reference}", counterparty=biller.name,
        device_id=device_id, currency=source.currency, limits=limits,
        extra_response={"biller": biller.code, "reference": reference},
    )
