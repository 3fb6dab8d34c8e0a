import sqlite3

import pytest

from shared.db import Database


def test_write_sessions_take_the_sqlite_write_lock_up_front(base_settings, tmp_path):
    path = tmp_path / "lock.db"
    settings = base_settings.model_copy(update={
        "database": base_settings.database.model_copy(update={"url": f"sqlite:///{path}"})})
    database = Database(settings)
    try:
        with database.session(write=True) as session:
            assert session.in_transaction()
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # released after the unit of work
        other.execute("ROLLBACK")
        other.close()
    finally:
        database.dispose()
