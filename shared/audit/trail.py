"""The tamper-evident audit log: every entry is chained to the one before it with an HMAC.

The key lives outside the database (`audit.key`, or data_dir/audit_key), so someone who can
write the database but not read the key cannot rewrite an entry, reorder entries or append
forged ones consistently. What the chain alone cannot see is its tail cut off; signed
checkpoints of the head, appended to a file outside the database (`checkpoints.py`), see
that. Entries written before the chain was keyed keep their plain SHA-256 links, accepted
only before the first keyed entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared.db import AUDIT_KEY
from shared.db.base import utcnow
from shared.models import AuditEntry
from shared.models.enums import ActorType

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    type: ActorType
    id: int | None = None


SYSTEM = Actor(ActorType.SYSTEM)


def _body(prev_hash: str, seq: int, at: datetime, fields: dict) -> bytes:
    return json.dumps(
        {"prev": prev_hash, "seq": seq, "at": at.isoformat(), **fields},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode()


def _entry_hash(key: bytes, prev_hash: str, seq: int, at: datetime, fields: dict) -> str:
    return hmac.new(key, _body(prev_hash, seq, at, fields), hashlib.sha256).hexdigest()


def _legacy_hash(prev_hash: str, seq: int, at: datetime, fields: dict) -> str:
    # The chain before it was keyed (issue 13): plain SHA-256 of the same body.
    return hashlib.sha256(_body(prev_hash, seq, at, fields)).hexdigest()


def audit_key(session: Session) -> bytes:
    """The chain's key, which every session of a `Database` carries."""
    try:
        return session.info[AUDIT_KEY]
    except KeyError:
        raise RuntimeError(
            "this session has no audit key: open it from shared.db.Database") from None


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
    key = audit_key(session)
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appenders so two transactions never chain onto the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('audit_log'))"))
    # FOR UPDATE: on SQLite, where the advisory lock has no equivalent, it takes the write
    # lock before the head is read (shared/db/engine.py).
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        .with_for_update()
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
    entry.hash = _entry_hash(key, prev_hash, seq, entry.at, _fields(entry))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    """What walking the chain found: problems (empty: intact) and the unkeyed entries."""

    problems: list[str]
    entries: int
    unkeyed: int  # the first entries, linked by plain SHA-256 before the chain was keyed


def check_chain(session: Session) -> ChainCheck:
    """Walk the chain: an altered entry, a reordered or missing one, a forged append.

    A cut tail is for the checkpoints to see (`shared.audit.checkpoints`). Unkeyed links are
    accepted only before the first keyed entry (a database from before the key).
    """
    key = audit_key(session)
    problems: list[str] = []
    prev_hash, expected_seq, keyed, unkeyed, entries = GENESIS, 1, False, 0, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        entries += 1
        if entry.seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != prev_hash:
            problems.append(f"entry {entry.seq} does not follow its predecessor")
        fields = _fields(entry)
        if hmac.compare_digest(_entry_hash(key, entry.prev_hash, entry.seq, entry.at, fields),
                               entry.hash):
            keyed = True
        elif not keyed and _legacy_hash(entry.prev_hash, entry.seq, entry.at,
                                        fields) == entry.hash:
            unkeyed += 1
        else:
            problems.append(f"entry {entry.seq} was altered")
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    return ChainCheck(problems, entries, unkeyed)


def verify_chain(session: Session) -> list[str]:
    """The problems found walking the chain; an empty list means it is intact."""
    return check_chain(session).problems
