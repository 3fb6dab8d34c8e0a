"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shared.db.base import Base
from shared.db.migrate import current_revision, head_revision, upgrade


def test_upgrade_reaches_head_and_is_idempotent(migrated_engine):
    head = head_revision(migrated_engine)
    assert current_revision(migrated_engine) == head
    assert upgrade(migrated_engine) == head  # a second run on a migrated database succeeds


def test_models_and_migrations_agree(migrated_engine):
    with migrated_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'forged'",
        "DELETE FROM audit_log",
    ],
)
def test_database_refuses_to_change_the_audit_log(db_session, statement):
    from shared import audit

    audit.record(db_session, audit.SYSTEM, "test.entry")
    with pytest.raises(DBAPIError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(text(statement))
