"""One database session per request: committed before a successful response, else rolled back."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from shared.db import Database
from shared.db.locks import begin_write, holds_write_lock

EXTENSION = "smartbranch.database"


def init_app(app: Flask, database: Database) -> None:
    app.extensions[EXTENSION] = database
    app.after_request(_finish)
    app.teardown_request(_close)


def get_database() -> Database:
    return current_app.extensions[EXTENSION]


def get_session() -> Session:
    """Return the request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    return g.db_session


def writing_session() -> Session:
    """Return the request's session holding SQLite's write lock from here on.

    For a request whose service must read and write as one (a ticket number, a balance:
    `begin_write`): what the request read so far (its signed-in user) is ended, the lock
    is taken now (BEGIN IMMEDIATE, which waits), and the service's own begin_write
    agrees. PostgreSQL needs nothing (the services lock rows).
    """
    session = get_session()
    if session.get_bind().dialect.name == "sqlite" and session.in_transaction() \
            and not holds_write_lock(session):
        session.commit()
    begin_write(session)
    return session


def _finish(response):
    session: Session | None = g.get("db_session")
    if session is not None:
        if response.status_code < 400:
            session.commit()  # a failure here becomes a 500, never a false success
        else:
            session.rollback()
    return response


def _close(exc):
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()
