"""Signed checkpoints of the audit chain's head, kept outside the database.

Each line of the checkpoint file (JSON Lines) names an entry's seq and hash, signed with the
chain's key. A later check fails when a checkpointed entry is gone (the tail was cut), no
longer has that hash (rewritten), or a line's signature is wrong (the file was edited).
Append-only: a copy shipped off the machine (syslog, WORM storage) keeps it honest too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.audit.trail import audit_key, check_chain
from shared.db import Database
from shared.db.base import utcnow
from shared.models import AuditEntry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str


def _mac(key: bytes, seq: int, entry_hash: str, at: str) -> str:
    return hmac.new(key, f"audit-checkpoint:{seq}:{entry_hash}:{at}".encode(),
                    hashlib.sha256).hexdigest()


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """The checkpoints written so far (none when the file does not exist yet)."""
    if not path.exists():
        return []
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    return [Checkpoint(**json.loads(line)) for line in lines]


def write_checkpoint(session: Session, path: Path) -> Checkpoint | None:
    """Append a signed checkpoint of the committed head; None if there is nothing new."""
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if head is None:
        return None
    written = read_checkpoints(path)
    if written and written[-1].seq == head.seq:
        return None
    at = utcnow().replace(microsecond=0).isoformat()
    point = Checkpoint(head.seq, head.hash, at, _mac(audit_key(session), head.seq, head.hash, at))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as out:
        out.write(json.dumps(point.__dict__, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return point


def verify_checkpoints(session: Session, path: Path) -> list[str]:
    """The problems the checkpoints reveal: a cut tail, a rewritten entry, an edited file."""
    key = audit_key(session)
    problems = []
    hashes = dict(session.execute(select(AuditEntry.seq, AuditEntry.hash)).all())
    try:
        points = read_checkpoints(path)
    except (ValueError, TypeError) as exc:
        return [f"the checkpoint file {path} cannot be read: {exc}"]
    for point in points:
        if not hmac.compare_digest(_mac(key, point.seq, point.hash, point.at), point.mac):
            problems.append(f"checkpoint of entry {point.seq} is not signed by our key "
                            "(the checkpoint file was edited)")
        elif point.seq not in hashes:
            problems.append(f"entry {point.seq}, checkpointed at {point.at}, is gone "
                            f"(the log ends at {max(hashes, default=0)}: its tail was cut)")
        elif hashes[point.seq] != point.hash:
            problems.append(f"entry {point.seq} no longer matches its checkpoint of {point.at} "
                            "(the chain was rewritten)")
    return problems


def verify_log(session: Session, path: Path) -> tuple[list[str], str]:
    """The chain and its checkpoints checked together; (problems, a one-line summary)."""
    chain = check_chain(session)
    problems = chain.problems + verify_checkpoints(session, path)
    points = read_checkpoints(path) if path.exists() else []
    summary = (f"{chain.entries} entries, {len(points)} checkpoints"
               + (f", the first {chain.unkeyed} from before the chain was keyed"
                  if chain.unkeyed else ""))
    return problems, summary


class Checkpointer:
    """Writes a checkpoint every `minutes` on a thread of its own, and one more on stop."""

    def __init__(self, database: Database, path: Path, minutes: float):
        self.database, self.path, self.seconds = database, path, minutes * 60
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.write()

    def write(self) -> None:
        try:
            with self.database.session() as session:
                write_checkpoint(session, self.path)
        except Exception:  # a full disk must not stop the branch; the next pass tries again
            log.exception("could not write an audit checkpoint to %s", self.path)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            self.write()
