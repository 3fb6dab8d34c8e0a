"""Idempotency keys: each money request claims its key once, in the transaction of its postings.

A claim is the INSERT of the transaction row with ON CONFLICT DO NOTHING on the key: one
statement, so two requests racing with the same key cannot both win; the loser finds the
first claim and is answered from it (or refused when it asked for something else).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models import LedgerTransaction
from shared.models.enums import TransactionState
from shared.money.ledger.errors import IdempotencyConflict, InvalidRequest


@dataclass(frozen=True)
class Claim:
    """An idempotency key claimed now (replayed False) or earlier by the same request."""

    transaction: LedgerTransaction
    replayed: bool


def request_hash(kind: str, request: Mapping) -> str:
    """Hash the request's parameters canonically (the same request hashes the same)."""
    body = json.dumps({"kind": kind, **request}, sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def check_key(idempotency_key: str) -> None:
    """Refuse a key that is not a string of 8 to 80 characters."""
    if not isinstance(idempotency_key, str) or not 8 <= len(idempotency_key) <= 80:
        raise InvalidRequest("idempotency key must be a string of 8 to 80 characters")


def find_claim(session: Session, key: str) -> LedgerTransaction | None:
    return session.scalars(
        select(LedgerTransaction).where(LedgerTransaction.idempotency_key == key)
    ).one_or_none()


def same_request(found: LedgerTransaction, key: str, kind: str, digest: str) -> None:
    """Refuse a key first claimed by a different request."""
    if found.request_hash != digest or found.kind != kind:
        raise IdempotencyConflict(
            f"idempotency key {key!r} was already used for a different request"
        )


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
    check_key(idempotency_key)
    begin_write(session)
    digest = request_hash(kind, request)
    found = find_claim(session, idempotency_key)
    if found is None:
        now = utcnow()
        created = _insert_claim(session, {
            "idempotency_key": idempotency_key, "request_hash": digest, "kind": kind,
            "state": state, "created_at": now, "updated_at": now, **fields,
        })
        if created is not None:
            return Claim(created, replayed=False)
        # A concurrent request with the same key committed between our read and insert.
        found = find_claim(session, idempotency_key)
        assert found is not None
    same_request(found, idempotency_key, kind, digest)
    return Claim(found, replayed=True)


_CLAIM_INSERTS: dict[str, object] = {}


def claim_insert(dialect: str):
    """INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, built once."""
    if dialect not in _CLAIM_INSERTS:
        dml = postgresql.insert if dialect == "postgresql" else sqlite.insert
        _CLAIM_INSERTS[dialect] = (
            dml(LedgerTransaction.__table__)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(LedgerTransaction.__table__.c.id)
        )
    return _CLAIM_INSERTS[dialect]
