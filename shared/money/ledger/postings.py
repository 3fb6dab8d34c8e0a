"""Postings: balanced legs written under a transaction, balances moved, funds checked.

Every money unit of work starts with `begin_write(session)`: on SQLite it opens the
transaction with BEGIN IMMEDIATE (the write lock up front, so two writers never read the
same balance and the idempotency key check cannot race); on PostgreSQL the accounts are
locked with SELECT ... FOR UPDATE in ascending id order (no deadlocks between two
transfers in opposite directions) and the key is claimed with INSERT ... ON CONFLICT.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.i18n.text import Text
from shared.models import Account, Posting
from shared.models.enums import TransactionState
from shared.money.ledger.amounts import DEFAULT_LIMITS, Leg, Limits, validate_legs
from shared.money.ledger.claims import (
    check_key,
    claim_insert,
    find_claim,
    request_hash,
    same_request,
)
from shared.money.ledger.errors import AccountUnavailable, InsufficientFunds


@dataclass(frozen=True)
class PostResult:
    transaction_id: int
    response: dict
    replayed: bool


_ACCOUNT = Account.__table__
_LOCK_ACCOUNTS = (
    select(_ACCOUNT.c.id, _ACCOUNT.c.number, _ACCOUNT.c.currency, _ACCOUNT.c.balance_minor,
           _ACCOUNT.c.held_minor, _ACCOUNT.c.overdraft_limit_minor, _ACCOUNT.c.allow_negative,
           _ACCOUNT.c.closed_at)
    .where(_ACCOUNT.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_ACCOUNT.c.id)
    .with_for_update()
)
_MOVE_BALANCE = (
    update(_ACCOUNT)
    .where(_ACCOUNT.c.id == bindparam("account_id_"))
    .values(balance_minor=_ACCOUNT.c.balance_minor + bindparam("delta_"))
)
_INSERT_POSTINGS = insert(Posting.__table__)


def _expire_cached_balances(session: Session, account_ids: Iterable[int]) -> None:
    """Balances moved by a Core UPDATE: make loaded Account objects reload them."""
    for account_id in account_ids:
        cached = session.identity_map.get(session.identity_key(Account, account_id))
        if cached is not None:
            session.expire(cached, ["balance_minor"])


def apply_postings(
    session: Session, transaction_id: int, currency: str, legs: tuple[Leg, ...],
) -> int:
    """Write the legs under the transaction and move the balances, checking funds.

    The hot path is Core with statements built once: one locking SELECT, one executemany
    UPDATE of balances and one executemany INSERT of postings. Returns the amount moved.
    """
    if session.new or session.dirty or session.deleted:
        session.flush()  # pending ORM changes (a closed hold) must be visible below
    connection = session.connection()
    deltas: dict[int, int] = defaultdict(int)
    for leg in legs:
        deltas[leg.account_id] += leg.amount_minor
    rows = {r.id: r for r in connection.execute(_LOCK_ACCOUNTS, {"ids": sorted(deltas)})}
    for account_id, delta in deltas.items():
        row = rows.get(account_id)
        if row is None:
            raise AccountUnavailable(Text("no such account: %(account)s", account=account_id))
        if row.closed_at is not None:
            raise AccountUnavailable(Text("account %(number)s is closed", number=row.number))
        if row.currency != currency:
            raise AccountUnavailable(Text("account %(number)s is in %(currency)s, not %(wanted)s",
                                          number=row.number, currency=row.currency,
                                          wanted=currency))
        if delta < 0 and not row.allow_negative and (
            row.balance_minor - row.held_minor + row.overdraft_limit_minor + delta < 0
        ):
            raise InsufficientFunds(Text("insufficient funds in account %(number)s",
                                         number=row.number))
    connection.execute(_MOVE_BALANCE, [{"account_id_": a, "delta_": d}
                                       for a, d in sorted(deltas.items()) if d])
    now = utcnow()
    connection.execute(_INSERT_POSTINGS, [
        {"transaction_id": transaction_id, "account_id": leg.account_id,
         "amount_minor": leg.amount_minor, "posted_at": now} for leg in legs
    ])
    _expire_cached_balances(session, deltas)
    return sum(leg.amount_minor for leg in legs if leg.amount_minor > 0)


def _replay(session: Session, key: str, kind: str, digest: str) -> PostResult:
    found = find_claim(session, key)
    same_request(found, key, kind, digest)
    return PostResult(found.id, {"transaction_id": found.id, **(found.response or {})},
                      replayed=True)


def post(
    session: Session,
    legs: Iterable[Leg],
    *,
    idempotency_key: str,
    request: Mapping,
    kind: str,
    category: str = "",
    description: str = "",
    counterparty: str = "",
    device_id: int | None = None,
    currency: str = "GBP",
    limits: Limits = DEFAULT_LIMITS,
    extra_response: Mapping | None = None,
) -> PostResult:
    """Post balanced legs once per idempotency key; a replay returns the first answer.

    The key is claimed by the INSERT of the transaction row in the same database
    transaction as the postings: if anything below fails, the caller's rollback frees it.
    """
    legs = validate_legs(legs, limits)
    check_key(idempotency_key)
    begin_write(session)
    digest = request_hash(kind, request)
    amount = sum(leg.amount_minor for leg in legs if leg.amount_minor > 0)
    # The stored first answer; the transaction id is added on the way out.
    response = {
        "kind": kind, "state": str(TransactionState.POSTED), "amount_minor": amount,
        "currency": currency,
        "postings": [{"account_id": g.account_id, "amount_minor": g.amount_minor} for g in legs],
        **(extra_response or {}),
    }
    if session.new or session.dirty or session.deleted:
        session.flush()
    connection = session.connection()
    now = utcnow()
    transaction_id = connection.execute(claim_insert(connection.dialect.name), {
        "idempotency_key": idempotency_key, "request_hash": digest, "kind": kind,
        "category": category, "description": description[:240],
        "counterparty": counterparty[:120], "state": TransactionState.POSTED,
        "amount_minor": amount, "currency": currency, "device_id": device_id,
        "response": response, "created_at": now, "updated_at": now,
    }).scalar()
    if transaction_id is None:
        return _replay(session, idempotency_key, kind, digest)
    apply_postings(session, transaction_id, currency, legs)
    return PostResult(transaction_id, {"transaction_id": transaction_id, **response},
                      replayed=False)
