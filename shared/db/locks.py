"""The write lock a unit of work that must not race takes before its first statement.

On SQLite, BEGIN IMMEDIATE takes the database's write lock up front, so two writers never
read the same balance (or the same last ticket number) and then both write. PostgreSQL
needs nothing here: its writers lock the rows they change (SELECT ... FOR UPDATE).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

_WRITE_LOCK = "db.write_lock"


class WriteLockError(RuntimeError):
    """A programming error: the unit of work did not take the write lock first."""


def holds_write_lock(session: Session) -> bool:
    """Whether the session's transaction was opened by begin_write."""
    return session.in_transaction() and session.info.get(_WRITE_LOCK) is \
        session.get_transaction()


def begin_write(session: Session) -> None:
    """Open a unit of work for writing; on SQLite take the write lock up front."""
    if session.get_bind().dialect.name != "sqlite":
        return
    if not session.in_transaction():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        session.info[_WRITE_LOCK] = session.get_transaction()
        return
    if holds_write_lock(session):
        return
    if isinstance(session.bind, Connection):
        return  # one shared connection (the test harness): nothing to race with
    raise WriteLockError(
        "call begin_write(session) before the first statement of a writing unit of work "
        "(what it read before would not have been under the lock)"
    )


def read_snapshot(session: Session) -> None:
    """Let every read of this unit of work see one snapshot (call before the first one):
    REPEATABLE READ on PostgreSQL, a deferred transaction on SQLite (whose units of work
    otherwise read the latest data at each statement, shared/db/engine.py)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    else:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
