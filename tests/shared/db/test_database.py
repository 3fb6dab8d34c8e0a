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


@pytest.mark.db
def test_a_transaction_a_vanished_client_left_open_releases_its_locks(fresh_database,
                                                                       base_settings):
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    url = fresh_database.engine.url
    if not url.drivername.startswith("postgresql"):
        pytest.skip("a PostgreSQL setting: run in the PostgreSQL pass")
    settings = base_settings.model_copy(update={"database": base_settings.database.model_copy(
        update={"url": url.render_as_string(hide_password=False),
                "idle_in_transaction_timeout_s": 1})})
    database = Database(settings)
    try:
        # A kiosk's step took a lock and its link went quiet (it never commits).
        stale = database.engine.connect()
        stale.execute(text("SELECT pg_advisory_xact_lock(4242)"))
        time.sleep(2.5)
        with database.engine.connect() as recovery:
            assert recovery.execute(text("SHOW idle_in_transaction_session_timeout")
                                    ).scalar() == "1s"
            assert recovery.execute(text("SELECT pg_try_advisory_xact_lock(4242)")).scalar()
        with pytest.raises(DBAPIError, match="idle-in-transaction timeout"):
            stale.execute(text("SELECT 1"))
        stale.close()
    finally:
        database.dispose()
