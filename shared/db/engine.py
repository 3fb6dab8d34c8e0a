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
            # Let SQLAlchemy issue BEGIN itself so "BEGIN IMMEDIATE" can be requested.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

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
