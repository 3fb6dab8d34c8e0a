"""Kiosk leases with fencing tokens: exactly one agent process drives a kiosk at a time.

An agent holds its kiosk's lease while it renews it within the time to live; a standby
takes it once it has expired. Each change of hands raises the token by one, and every
unit of work of the driving agent locks the lease row and checks its token
(`check_fence`) in the same transaction as its cash step, so the step and the check
commit together: a stale agent (paused, cut off, presumed dead) can no longer change a
withdrawal or deposit once another agent holds the lease, whatever its own clock says.

Times are the database's own on PostgreSQL (one clock for agents on many machines) and
this machine's on SQLite (a local file: the same clock for every process). Each function
runs in the caller's unit of work and never commits.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models.lease import KioskLease


class StaleLease(Exception):
    """A step under a kiosk lease that is no longer this agent's: refused, nothing changed."""

    def __init__(self, device_id: int, token: int, why: str):
        super().__init__(f"kiosk device {device_id}: fencing token {token} refused: {why}; "
                         "this agent must stop driving the kiosk")
        self.device_id = device_id
        self.token = token
        self.why = why


@dataclass(frozen=True)
class Fence:
    """The lease an agent drives under; every unit of work it commits checks it first."""

    device_id: int
    token: int

    def check(self, session: Session, now: datetime | None = None) -> None:
        check_fence(session, self.device_id, self.token, now)


@dataclass(frozen=True)
class Lease:
    """A lease as its holder knows it: whose, under which token, until when."""

    device_id: int
    holder: str
    token: int
    expires_at: datetime

    @property
    def fence(self) -> Fence:
        return Fence(self.device_id, self.token)


def holder_name() -> str:
    """Return a holder id unique to this process and call: "host:pid:random"."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def database_now(session: Session) -> datetime:
    """The database's clock on PostgreSQL (all agents agree on it); this machine's on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(select(func.clock_timestamp())).astimezone(UTC)
    return utcnow()


def _locked(session: Session, device_id: int) -> KioskLease | None:
    """The lease row, locked until the caller's transaction ends (SQLite: the write lock)."""
    return session.scalars(
        select(KioskLease).where(KioskLease.device_id == device_id)
        .with_for_update().execution_options(populate_existing=True)
    ).one_or_none()


def _insert_first(session: Session, device_id: int, holder: str, ttl_s: float,
                  now: datetime | None) -> Lease | None:
    """Insert the kiosk's first lease (token 1) unless a row exists: one statement, no race.

    On PostgreSQL a second inserter waits for the first to commit and then inserts nothing.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = now or database_now(session)
    expires_at = now + timedelta(seconds=ttl_s)
    statement = (insert(KioskLease).values(
        device_id=device_id, holder=holder, token=1, acquired_at=now, renewed_at=now,
        expires_at=expires_at)
        .on_conflict_do_nothing(index_elements=["device_id"])
        .returning(KioskLease.device_id))
    if session.execute(statement).scalar_one_or_none() is None:
        return None
    return Lease(device_id, holder, 1, expires_at)


def _as_lease(row: KioskLease) -> Lease:
    return Lease(row.device_id, row.holder, row.token, row.expires_at)


def acquire(session: Session, device_id: int, holder: str, ttl_s: float,
            now: datetime | None = None) -> Lease | None:
    """Take the kiosk's lease if free, expired or ours; None while another holds it.

    Ours and running: the same token, extended. Taken anew (also by us after it lapsed, so
    a tenure that may have been presumed dead is never continued): the token plus one.
    """
    begin_write(session)
    row = _locked(session, device_id)
    if row is None:
        first = _insert_first(session, device_id, holder, ttl_s, now)
        if first is not None:
            return first
        row = _locked(session, device_id)  # another acquirer's row, committed meanwhile
    # The time is read after the lock: a waiter must judge the lease as it is now.
    now = now or database_now(session)
    if row.expires_at > now and row.holder != holder:
        return None
    if row.expires_at <= now:
        row.holder, row.token, row.acquired_at = holder, row.token + 1, now
    row.renewed_at, row.expires_at = now, now + timedelta(seconds=ttl_s)
    session.flush()
    return _as_lease(row)


def renew(session: Session, lease: Lease, ttl_s: float,
          now: datetime | None = None) -> Lease | None:
    """Extend a lease we still hold unexpired under its token; None when it was lost."""
    begin_write(session)
    row = _locked(session, lease.device_id)
    now = now or database_now(session)
    if (row is None or row.holder != lease.holder or row.token != lease.token
            or row.expires_at <= now):
        return None
    row.renewed_at, row.expires_at = now, now + timedelta(seconds=ttl_s)
    session.flush()
    return _as_lease(row)


def release(session: Session, lease: Lease) -> None:
    """Expire our lease now so a standby need not wait (the token counter stays)."""
    begin_write(session)
    row = _locked(session, lease.device_id)
    if row is None or row.holder != lease.holder or row.token != lease.token:
        return  # no longer ours: nothing to give back
    now = database_now(session)
    if row.expires_at > now:
        row.expires_at = now
        session.flush()


def current(session: Session, device_id: int) -> Lease | None:
    """The kiosk's lease as stored (held or not), without locking it."""
    row = session.get(KioskLease, device_id, populate_existing=True)
    return _as_lease(row) if row is not None else None


def check_fence(session: Session, device_id: int, token: int,
                now: datetime | None = None) -> None:
    """Lock the lease row in the caller's transaction; raise StaleLease unless `token` is
    the current token and unexpired.

    Call it first in the unit of work (it takes SQLite's write lock): a standby's takeover
    then waits for this transaction, so the step it guards commits before the takeover or
    is refused after it, never in between.
    """
    begin_write(session)
    row = _locked(session, device_id)
    if row is None:
        raise StaleLease(device_id, token, "the kiosk has no lease")
    if row.token != token:
        raise StaleLease(device_id, token,
                         f"the lease changed hands (token {row.token}, held by {row.holder})")
    now = now or database_now(session)
    if row.expires_at <= now:
        raise StaleLease(device_id, token,
                         f"the lease expired at {row.expires_at.isoformat()}")
