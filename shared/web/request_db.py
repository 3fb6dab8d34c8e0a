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
    """Return the request's session in a unit of work that holds SQLite's write lock.

    A request that read (its device, its signed-in user) and then did slow work (a face
    encoded, a password hashed) cannot write in the same deferred SQLite transaction once
    another writer (the door camera, another tablet) committed meanwhile: "database is
    locked", at once. So the read part is ended here and the rest runs under BEGIN
    IMMEDIATE, which waits for the lock instead. PostgreSQL needs nothing (row locks).
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
