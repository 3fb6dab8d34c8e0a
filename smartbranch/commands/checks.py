"""Preconditions shared by commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from shared.db import Database
from shared.db.migrate import current_revision, head_revision
from smartbranch.context import CliError


def require_migrated(database: Database) -> None:
    """Fail clearly when the database is unreachable or behind the code's schema."""
    try:
        current = current_revision(database.engine)
    except OperationalError as exc:
        raise CliError(f"cannot reach the database: {exc.orig}") from None
    head = head_revision(database.engine)
    if current != head:
        raise CliError(
            f"the database is at revision {current or 'empty'}, the code needs {head}: "
            "run `smartbranch db upgrade` first"
        )


@contextmanager
def migrated_session(settings) -> Iterator[Session]:
    """Yield one unit of work on the configured database once it is reachable and migrated.

    The session commits when the block ends without an error; the engine is disposed after.
    """
    database = Database(settings)
    try:
        require_migrated(database)
        with database.session() as session:
            yield session
    finally:
        database.dispose()
