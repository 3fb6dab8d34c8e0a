import sqlite3

import pytest

from shared.db import Database


@pytest.fixture
def sqlite_file(base_settings, tmp_path):
    """A Database on a SQLite file of its own with a one-column table `counter`, and the
    file's path (for other connections that must not wait: timeout 0)."""
    path = tmp_path / "lock.db"
    settings = base_settings.model_copy(update={
        "database": base_settings.database.model_copy(update={"url": f"sqlite:///{path}"})})
    database = Database(settings)
    with database.engine.begin() as setup:
        setup.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        setup.exec_driver_sql("INSERT INTO counter VALUES (0)")
    yield database, path
    database.dispose()


def _lock_is_free(path) -> bool:
    """Whether another connection could take the write lock at once."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


def test_write_sessions_take_the_sqlite_write_lock_up_front(sqlite_file):
    database, path = sqlite_file
    with database.session(write=True) as session:
        assert session.in_transaction()
        assert not _lock_is_free(path)
    assert _lock_is_free(path)  # released after the unit of work


def test_a_unit_of_work_that_read_writes_after_another_writer_committed(sqlite_file):
    """SQLite's deferred transaction refused this at once ("database is locked"): the door
    camera's arrival, committed while a kiosk encoded a face, broke the kiosk's request.
    Reads now take no snapshot and no lock; the first write takes the lock and waits."""
    from sqlalchemy import text

    database, path = sqlite_file
    with database.session() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar() == 0
        assert _lock_is_free(path)  # a reader holds no lock
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("UPDATE counter SET n = 1")  # another writer commits meanwhile
        other.close()
        session.execute(text("UPDATE counter SET n = n + 10"))
        assert not _lock_is_free(path)  # the writer holds it until it commits
    with database.session() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar() == 11


def test_a_select_for_update_takes_the_sqlite_write_lock(sqlite_file):
    """SQLite has no row locks (the clause is dropped), so the database's lock stands in."""
    from sqlalchemy import column, select, table, text

    database, path = sqlite_file
    with database.session() as session:
        session.execute(text("SELECT count(*) FROM counter"))
        assert _lock_is_free(path)  # a plain read takes nothing
        session.execute(select(column("n")).select_from(table("counter")).with_for_update())
        assert not _lock_is_free(path)


@pytest.mark.parametrize("snapshot", [False, True], ids=["read committed", "snapshot"])
def test_a_unit_of_work_sees_one_snapshot_only_when_it_asks(sqlite_file, snapshot):
    """`analytics check` compares two tables as of one moment (read_snapshot); anything
    else reads the latest committed data at each statement, as on PostgreSQL."""
    from sqlalchemy import text

    from shared.db.locks import read_snapshot

    database, path = sqlite_file
    with database.session() as session:
        if snapshot:
            read_snapshot(session)
        assert session.execute(text("SELECT n FROM counter")).scalar() == 0
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("UPDATE counter SET n = 5")
        other.close()
        assert session.execute(text("SELECT n FROM counter")).scalar() == (0 if snapshot else 5)


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
