"""The database: one engine and session factory per app or worker, sessions owned by callers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.db.engine import create_db_engine
from shared.db.locks import begin_write
from shared.settings import Settings
from shared.settings.secret_files import ensure_secret

AUDIT_KEY = "audit_key"  # the session.info entry that holds it


class Database:
    """Holds the engine and hands out sessions; it never commits on a caller's behalf."""

    def __init__(self, settings: Settings, engine: Engine | None = None, bind=None):
        self.settings = settings
        self.engine = engine or create_db_engine(settings)
        # `bind` lets tests run a whole app inside one outer transaction on one connection.
        extra = {"join_transaction_mode": "create_savepoint"} if bind is not None else {}
        # Every session carries the audit chain's key (kept outside the database), so any
        # unit of work can append to the audit log (shared.audit.record).
        info = {AUDIT_KEY: ensure_secret(settings.app.data_dir, "audit_key",
                                         settings.audit.key).encode()}
        self.session_factory = sessionmaker(
            bind=bind if bind is not None else self.engine, expire_on_commit=False, info=info,
            **extra
        )

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """Yield a session for one unit of work: commit on success, roll back on error.

        `write=True` takes SQLite's write lock up front (BEGIN IMMEDIATE): a unit of work
        that reads then writes would otherwise fail with "database is locked" when another
        writer commits in between. PostgreSQL needs nothing (row locks do the work).
        """
        session = self.session_factory()
        if write:
            begin_write(session)  # marked as taken, so the services' own begin_write agrees
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["AUDIT_KEY", "Database", "create_db_engine"]
