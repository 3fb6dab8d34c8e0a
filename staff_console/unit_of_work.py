"""The request's session, switched to a writing transaction before the first write."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shared.web.request_db import get_session


def writing_session() -> Session:
    """Return the request's session in a transaction that holds SQLite's write lock.

    A deferred SQLite transaction that read first (loading the signed-in user) cannot
    upgrade to a write once another writer committed; the audit log is written on every
    profile view, so concurrent tablets would collide. The read-only part is ended and the
    rest runs under BEGIN IMMEDIATE, which waits for the lock instead of failing.
    PostgreSQL ignores the option.
    """
    session = get_session()
    if session.get_bind().dialect.name == "sqlite":
        if session.in_transaction():
            session.commit()
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
    return session
