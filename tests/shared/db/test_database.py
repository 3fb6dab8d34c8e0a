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


def test_a_unit_of_work_that_read_writes_after_another_writer_committed(base_settings,
                                                                         tmp_path):
    """SQLite's deferred transaction refused this at once ("database is locked"): the door
    camera's arrival, committed while a kiosk encoded a face, broke the kiosk's request.
    Reads now take no snapshot and no lock; the first write takes the lock and waits."""
    from sqlalchemy import text

    path = tmp_path / "race.db"
    settings = base_settings.model_copy(update={
        "database": base_settings.database.model_copy(update={"url": f"sqlite:///{path}"})})
    database = Database(settings)
    try:
        with database.engine.begin() as setup:
            setup.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
            setup.exec_driver_sql("INSERT INTO counter VALUES (0)")
        with database.session() as session:
            assert session.execute(text("SELECT n FROM counter")).scalar() == 0
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # a reader holds no lock
            other.execute("UPDATE counter SET n = 1")
            other.execute("COMMIT")
            other.close()
            session.execute(text("UPDATE counter SET n = n + 10"))
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # the writer holds it until it commits
            other.close()
        with database.session() as session:
            assert session.execute(text("SELECT n FROM counter")).scalar() == 11
    finally:
        database.dispose()


def test_a_select_for_update_takes_the_sqlite_write_lock(base_settings, tmp_path):
    """SQLite has no row locks (the clause is dropped), so the database's lock stands in."""
    from sqlalchemy import column, select, table, text

    path = tmp_path / "rows.db"
    settings = base_settings.model_copy(update={
        "database": base_settings.database.model_copy(update={"url": f"sqlite:///{path}"})})
    database = Database(settings)
    try:
        with database.engine.begin() as setup:
            setup.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        with database.session() as session:
            session.execute(text("SELECT count(*) FROM counter"))
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # a plain read takes nothing
            other.execute("ROLLBACK")
            session.execute(select(column("n")).select_from(table("counter")).with_for_update())
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
    finally:
        database.dispose()


@pytest.mark.parametrize(("statement", "writes"), [
    ("SELECT 1", False), ("  select * from t", False), ("PRAGMA foreign_keys", False),
    ("INSERT INTO t VALUES (1)", True), ("\n update t set n = 2", True),
    ("DELETE FROM t", True), ("SAVEPOINT sa_1", True), ("RELEASE SAVEPOINT sa_1", False),
    ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", True),
    ("WITH x AS (SELECT 1) SELECT * FROM x", False), ("", False)])
def test_which_statements_take_the_sqlite_write_lock(statement, writes):
    from shared.db.engine import sqlite_writes

    assert sqlite_writes(statement) is writes


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
