"""Engine construction: SQLite pragmas for the embedded default, pooling for PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from shared.settings import Settings


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")


def sqlite_writes(statement: str) -> bool:
    """Whether a statement writes (or opens a savepoint, which a write follows).

    SQLite's deferred transaction reads a snapshot and cannot write once another writer
    committed after it ("database is locked", at once, whatever the busy timeout): a unit
    of work that read, did slow work (a face encoded, a password hashed) and then wrote
    failed whenever the door camera recorded an arrival meanwhile. So a unit of work takes
    the write lock (BEGIN IMMEDIATE, which waits) just before its first write instead.
    """
    head = statement.lstrip().split(None, 1)
    if not head:
        return False
    word = head[0].upper()
    if word == "WITH":  # a CTE in front of a write
        return any(w in statement.upper() for w in ("INSERT", "UPDATE", "DELETE"))
    return word in _WRITES


def locks_rows(context) -> bool:
    """Whether the statement is a SELECT ... FOR UPDATE: SQLite has no row locks (the
    dialect drops the clause), so it takes the database's write lock in their place."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return getattr(statement, "_for_update_arg", None) is not None


def create_db_engine(settings: Settings) -> Engine:
    """Create the engine the settings name; SQLite gets WAL, foreign keys and a busy timeout."""
    url = settings.database.url
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_engine(
            url,
            echo=settings.database.echo,
            connect_args={"timeout": 30, "check_same_thread": False},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # The driver never begins on its own: the events below decide when and how.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # begin_write asks for the lock up front (IMMEDIATE), read_snapshot for one
            # snapshot of every read (DEFERRED); any other unit of work reads without a
            # snapshot until its first write (below), as PostgreSQL's read committed does.
            mode = conn.get_execution_options().get("sqlite_begin")
            if mode in ("IMMEDIATE", "DEFERRED"):
                conn.exec_driver_sql(f"BEGIN {mode}")

        @event.listens_for(engine, "before_cursor_execute")
        def _sqlite_write_lock(conn, cursor, statement, _parameters, context, _many):
            if conn.in_transaction() and not cursor.connection.in_transaction \
                    and (sqlite_writes(statement) or locks_rows(context)):
                cursor.execute("BEGIN IMMEDIATE")

        return engine
    return create_engine(
        url,
        echo=settings.database.echo,
        pool_pre_ping=settings.database.pool_pre_ping,
        pool_size=10,
        max_overflow=20,
        connect_args=postgres_connect_args(settings) if url.startswith("postgresql") else {},
    )


def postgres_connect_args(settings: Settings) -> dict:
    """libpq's timeouts for a link that can drop (docs/DEPLOYMENT.md)."""
    db = settings.database
    # Idle connections: probes from a third of the bound, every third after, two missed.
    probe_s = max(1, db.dead_link_s // 3)
    args = {"connect_timeout": db.connect_timeout_s, "keepalives": 1,
            "keepalives_idle": probe_s, "keepalives_interval": probe_s, "keepalives_count": 2,
            "tcp_user_timeout": db.dead_link_s * 1000}
    if db.idle_in_transaction_timeout_s:
        args["options"] = ("-c idle_in_transaction_session_timeout="
                           f"{db.idle_in_transaction_timeout_s * 1000}")
    return args
