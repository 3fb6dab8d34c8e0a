"""The double-entry ledger: balanced postings in integer minor units, idempotency keys, holds.

Every money unit of work starts with `begin_write(session)`: on SQLite it opens the
transaction with BEGIN IMMEDIATE (the write lock up front, so two writers never read the
same balance and the idempotency key check cannot race); on PostgreSQL the accounts are
locked with SELECT ... FOR UPDATE in ascending id order (no deadlocks between two
transfers in opposite directions) and the key is claimed with INSERT ... ON CONFLICT.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models import Account, LedgerTransaction, Posting
from shared.models.enums import TransactionState
from shared.models.money import Hold, HoldState
from shared.settings import Settings


class LedgerError(Exception):
    """A money request the ledger refuses; nothing was written."""

    code = "ledger_error"


class InvalidRequest(LedgerError):
    code = "invalid_request"


class IdempotencyConflict(LedgerError):
    code = "idempotency_conflict"


class InsufficientFunds(LedgerError):
    code = "insufficient_funds"


class AccountUnavailable(LedgerError):
    code = "account_unavailable"


@dataclass(frozen=True)
class Leg:
    """One signed movement on one account (negative debits, positive credits)."""

    account_id: int
    amount_minor: int


@dataclass(frozen=True)
class Limits:
    """Amount limits in minor units (see [ledger] in config/default.toml)."""

    max_transaction_minor: int = 2_500_000
    max_withdrawal_minor: int = 50_000
    max_deposit_minor: int = 500_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        s = settings.ledger
        return cls(s.max_transaction_minor, s.max_withdrawal_minor, s.max_deposit_minor)


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class PostResult:
    transaction_id: int
    response: dict
    replayed: bool


@dataclass(frozen=True)
class Claim:
    """An idempotency key claimed now (replayed False) or earlier by the same request."""

    transaction: LedgerTransaction
    replayed: bool


def validate_amount(amount_minor: int, limit_minor: int, what: str = "amount") -> int:
    """Return the amount if it is a positive integer within the limit; refuse it otherwise."""
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        raise InvalidRequest(f"{what} must be an integer number of minor units")
    if amount_minor <= 0:
        raise InvalidRequest(f"{what} must be positive")
    if amount_minor > limit_minor:
        raise InvalidRequest(f"{what} {amount_minor} is over the limit of {limit_minor}")
    return amount_minor


def request_hash(kind: str, request: Mapping) -> str:
    """Hash the request's parameters canonically (the same request hashes the same)."""
    body = json.dumps({"kind": kind, **request}, sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _check_key(idempotency_key: str) -> None:
    if not isinstance(idempotency_key, str) or not 8 <= len(idempotency_key) <= 80:
        raise InvalidRequest("idempotency key must be a string of 8 to 80 characters")


def _find_claim(session: Session, key: str) -> LedgerTransaction | None:
    return session.scalars(
        select(LedgerTransaction).where(LedgerTransaction.idempotency_key == key)
    ).one_or_none()


def _insert_claim(session: Session, values: dict) -> LedgerTransaction | None:
    """Insert the transaction unless the key exists (then None): one statement, no race."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(LedgerTransaction)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(LedgerTransaction)
    )
    return session.scalars(statement, [values]).one_or_none()


def claim(
    session: Session,
    *,
    idempotency_key: str,
    kind: str,
    request: Mapping,
    state: TransactionState = TransactionState.PENDING,
    **fields,
) -> Claim:
    """Claim the key for this request in the caller's transaction, or find its first claim."""
    _check_key(idempotency_key)
    begin_write(session)
    digest = request_hash(kind, request)
    found = _find_claim(session, idempotency_key)
    if found is None:
        now = utcnow()
        created = _insert_claim(session, {
            "idempotency_key": idempotency_key, "request_hash": digest, "kind": kind,
            "state": state, "created_at": now, "updated_at": now, **fields,
        })
        if created is not None:
            return Claim(created, replayed=False)
        # A concurrent request with the same key committed between our read and insert.
        found = _find_claim(session, idempotency_key)
        assert found is not None
    if found.request_hash != digest or found.kind != kind:
        raise IdempotencyConflict(
            f"idempotency key {idempotency_key!r} was already used for a different request"
        )
    return Claim(found, replayed=True)


def lock_accounts(session: Session, account_ids: Iterable[int]) -> dict[int, Account]:
    """Load the accounts fresh, row-locked on PostgreSQL, in ascending id order."""
    ids = sorted(set(account_ids))
    rows = session.scalars(
        select(Account)
        .where(Account.id.in_(ids))
        .order_by(Account.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    accounts = {a.id: a for a in rows}
    missing = [i for i in ids if i not in accounts]
    if missing:
        raise AccountUnavailable(f"no such account: {missing[0]}")
    return accounts


def available_minor(account: Account) -> int | None:
    """Return what the account may still spend, or None when it may run negative."""
    if account.allow_negative:
        return None
    return account.balance_minor - account.held_minor + account.overdraft_limit_minor


def _check_open(account: Account, currency: str) -> None:
    if account.closed_at is not None:
        raise AccountUnavailable(f"account {account.number} is closed")
    if account.currency != currency:
        raise AccountUnavailable(
            f"account {account.number} is in {account.currency}, not {currency}"
        )


def validate_legs(legs: Iterable[Leg], limits: Limits = DEFAULT_LIMITS) -> tuple[Leg, ...]:
    """Return the legs if they balance and each is a non-zero integer within the limit."""
    legs = tuple(legs)
    if len(legs) < 2:
        raise InvalidRequest("a transaction needs at least two postings")
    for leg in legs:
        amount = leg.amount_minor
        if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
            raise InvalidRequest("each posting must be a non-zero integer of minor units")
        validate_amount(abs(amount), limits.max_transaction_minor, "posting amount")
    if sum(leg.amount_minor for leg in legs) != 0:
        raise InvalidRequest("postings must sum to zero")
    return legs


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
_CLAIM_INSERTS: dict[str, object] = {}


def _claim_insert(dialect: str):
    """INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, built once."""
    if dialect not in _CLAIM_INSERTS:
        dml = postgresql.insert if dialect == "postgresql" else sqlite.insert
        _CLAIM_INSERTS[dialect] = (
            dml(LedgerTransaction.__table__)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(LedgerTransaction.__table__.c.id)
        )
    return _CLAIM_INSERTS[dialect]


def _expire_cached_balances(session: Session, account_ids: Iterable[int]) -> None:
    """Balances moved by a Core UPDATE: make loaded Account objects reload them."""
    for account_id in account_ids:
        cached = session.identity_map.get(session.identity_key(Account, account_id))
        if cached is not None:
            session.expire(cached, ["balance_minor"])


def apply_postings(
    session: Session, transaction_id: int, currency: str, legs: tuple[Leg, ...],
    *, capturing: Hold | None = None,
) -> int:
    """Write the legs under the transaction and move the balances, checking funds.

    The hot path is Core with statements built once: one locking SELECT, one executemany
    UPDATE of balances and one executemany INSERT of postings. Returns the amount moved.
    """
    if capturing is not None:
        account = lock_accounts(session, [capturing.account_id])[capturing.account_id]
        _close_hold(capturing, account, HoldState.CAPTURED)
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
            raise AccountUnavailable(f"no such account: {account_id}")
        if row.closed_at is not None:
            raise AccountUnavailable(f"account {row.number} is closed")
        if row.currency != currency:
            raise AccountUnavailable(f"account {row.number} is in {row.currency}, not {currency}")
        if delta < 0 and not row.allow_negative and (
            row.balance_minor - row.held_minor + row.overdraft_limit_minor + delta < 0
        ):
            raise InsufficientFunds(f"insufficient funds in account {row.number}")
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
    found = _find_claim(session, key)
    if found.request_hash != digest or found.kind != kind:
        raise IdempotencyConflict(f"idempotency key {key!r} was already used for a different "
                                  "request")
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
    _check_key(idempotency_key)
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
    transaction_id = connection.execute(_claim_insert(connection.dialect.name), {
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


def place_hold(
    session: Session, transaction: LedgerTransaction, account_id: int, amount_minor: int,
    reason: str = "",
) -> Hold:
    """Reserve funds on the account for the transaction (counted in held_minor)."""
    account = lock_accounts(session, [account_id])[account_id]
    _check_open(account, transaction.currency)
    available = available_minor(account)
    if available is not None and available < amount_minor:
        raise InsufficientFunds(f"insufficient funds in account {account.number}")
    account.held_minor += amount_minor
    hold = Hold(account_id=account_id, transaction_id=transaction.id,
                amount_minor=amount_minor, reason=reason[:120], state=HoldState.ACTIVE)
    session.add(hold)
    session.flush()
    return hold


def _close_hold(hold: Hold, account: Account, state: HoldState,
                now: datetime | None = None) -> None:
    if hold.state != HoldState.ACTIVE:
        raise LedgerError(f"hold {hold.id} is already {hold.state}")
    account.held_minor -= hold.amount_minor
    hold.state = state
    hold.closed_at = now or utcnow()


def release_hold(session: Session, hold: Hold, now: datetime | None = None) -> None:
    """Give the held funds back to the account."""
    account = lock_accounts(session, [hold.account_id])[hold.account_id]
    _close_hold(hold, account, HoldState.RELEASED, now)
    session.flush()


def capture_hold(
    session: Session, hold: Hold, legs: Iterable[Leg], limits: Limits = DEFAULT_LIMITS
) -> None:
    """Close the hold and post the legs under its transaction, in one step."""
    transaction = session.get(LedgerTransaction, hold.transaction_id)
    apply_postings(session, transaction.id, transaction.currency, validate_legs(legs, limits),
                   capturing=hold)


def account_by_number(session: Session, number: str) -> Account:
    """Return the account with this number or refuse clearly."""
    account = session.scalars(select(Account).where(Account.number == number)).one_or_none()
    if account is None:
        raise AccountUnavailable(f"no account numbered {number!r}")
    return account


def mini_statement(session: Session, account_id: int, limit: int = 10) -> list[dict]:
    """Return the account's latest postings, newest first, with their descriptions."""
    rows = session.execute(
        select(Posting.amount_minor, Posting.posted_at, LedgerTransaction.description,
               LedgerTransaction.kind, LedgerTransaction.id)
        .join(LedgerTransaction, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id == account_id)
        .order_by(Posting.id.desc())
        .limit(limit)
    ).all()
    return [{"transaction_id": r.id, "kind": r.kind, "description": r.description,
             "amount_minor": r.amount_minor, "posted_at": r.posted_at.isoformat()}
            for r in rows]


def find_inconsistencies(session: Session, account_ids: Iterable[int] | None = None) -> list[str]:
    """List every broken ledger invariant (balances, holds, unbalanced transactions)."""
    problems: list[str] = []
    sums = dict(session.execute(
        select(Posting.account_id, func.coalesce(func.sum(Posting.amount_minor), 0))
        .group_by(Posting.account_id)
    ).all())
    held = dict(session.execute(
        select(Hold.account_id, func.sum(Hold.amount_minor))
        .where(Hold.state == HoldState.ACTIVE).group_by(Hold.account_id)
    ).all())
    query = select(Account)
    if account_ids is not None:
        query = query.where(Account.id.in_(list(account_ids)))
    for account in session.scalars(query.execution_options(populate_existing=True)):
        if account.balance_minor != sums.get(account.id, 0):
            problems.append(f"account {account.number}: balance {account.balance_minor} "
                            f"!= postings {sums.get(account.id, 0)}")
        if account.held_minor != held.get(account.id, 0):
            problems.append(f"account {account.number}: held {account.held_minor} "
                            f"!= active holds {held.get(account.id, 0)}")
        available = available_minor(account)
        if available is not None and available < 0:
            problems.append(f"account {account.number}: overdrawn past its limit")
    for tx_id, total in session.execute(
        select(Posting.transaction_id, func.sum(Posting.amount_minor))
        .group_by(Posting.transaction_id).having(func.sum(Posting.amount_minor) != 0)
    ):
        problems.append(f"transaction {tx_id}: postings sum to {total}")
    return problems
