"""The tamper-evident audit log: every entry hashes the one before it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.models import AuditEntry
from shared.models.enums import ActorType

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    type: ActorType
    id: int | None = None


SYSTEM = Actor(ActorType.SYSTEM)


def _entry_hash(prev_hash: str, seq: int, at: datetime, fields: dict) -> str:
    body = json.dumps(
        {"prev": prev_hash, "seq": seq, "at": at.isoformat(), **fields},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict:
    return {
        "actor_type": str(entry.actor_type),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "reason": entry.reason,
        "detail": entry.detail,
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    subject_type: str = "",
    subject_id: int | None = None,
    reason: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry, chained to the previous one, in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appenders so two transactions never chain onto the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('audit_log'))"))
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    entry = AuditEntry(
        seq=seq,
        at=utcnow().replace(microsecond=0),
        actor_type=actor.type,
        actor_id=actor.id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        reason=reason,
        detail=detail or {},
        prev_hash=prev_hash,
    )
    entry.hash = _entry_hash(prev_hash, seq, entry.at, _fields(entry))
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> list[str]:
    """Return the problems found walking the chain; an empty list means it is intact."""
    problems: list[str] = []
    prev_hash, expected_seq = GENESIS, 1
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if entry.seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != prev_hash:
            problems.append(f"entry {entry.seq} does not follow its predecessor")
        if _entry_hash(entry.prev_hash, entry.seq, entry.at, _fields(entry)) != entry.hash:
            problems.append(f"entry {entry.seq} was altered")
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    return problems
