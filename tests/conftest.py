"""Fixtures: settings, a migrated database (SQLite, or PostgreSQL when named), fakes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from shared.db import Database
from shared.db.migrate import upgrade
from shared.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
DB_FIXTURES = {
    "db_session", "database", "migrated_engine", "app", "client", "live_server", "fresh_database"
}
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REDIS_URL = os.environ.get("SMARTBRANCH_EVENTS_REDIS_URL", "redis://127.0.0.1:6379/0")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_report_header(config):
    url = os.environ.get("SMARTBRANCH_DATABASE_URL")
    shown = make_url(url).render_as_string() if url else "sqlite (a fresh file per run)"
    return [f"smartbranch database under test: {shown}"]


def _test_environ() -> dict[str, str]:
    """The process environment minus settings that would leak into the test profile."""
    keep = {
        "SMARTBRANCH_DATABASE_URL",
        "SMARTBRANCH_PATHS_SHARED_DATA_DIR",
        "SMARTBRANCH_EVENTS_REDIS_URL",
        # The trained categorisation model, shared by the suite's runs (trained once).
        "SMARTBRANCH_INSIGHTS_MODEL_DIR",
    }
    return {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_") or k in keep}


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory) -> Settings:
    data_dir = tmp_path_factory.mktemp("var")
    return load_settings(
        "testing",
        environ=_test_environ(),
        overrides={
            "app": {"data_dir": str(data_dir)},
        },
    )


def _postgres_database(url: str) -> Iterator[str]:
    """Create a throwaway database on the named server; drop it afterwards."""
    admin_url = make_url(url)
    name = f"sb_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server counts
        message = f"PostgreSQL at {admin_url.render_as_string()} is unreachable: {exc}"
        admin.dispose()
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip("SKIPPED POSTGRESQL RUN: " + message)
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(base_settings, tmp_path_factory) -> Iterator[str]:
    url = base_settings.database.url
    if url.startswith("postgresql"):
        yield from _postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def settings(base_settings, database_url) -> Settings:
    return base_settings.model_copy(
        update={"database": base_settings.database.model_copy(update={"url": database_url})}
    )


@pytest.fixture(scope="session")
def migrated_engine(settings):
    database = Database(settings)
    upgrade(database.engine)
    yield database.engine
    database.dispose()


@pytest.fixture
def connection(migrated_engine):
    """One connection inside an outer transaction that is rolled back after the test."""
    with migrated_engine.connect() as conn:
        outer = conn.begin()
        yield conn
        if outer.is_active:
            outer.rollback()


@pytest.fixture
def database(settings, migrated_engine, connection) -> Database:
    """A Database whose sessions join the test's outer transaction (commits are savepoints)."""
    return Database(settings, engine=migrated_engine, bind=connection)


@pytest.fixture
def db_session(database) -> Iterator[Session]:
    session = database.session_factory()
    yield session
    session.close()


@pytest.fixture(scope="module")
def fresh_database_url(base_settings, tmp_path_factory) -> Iterator[str]:
    url = base_settings.database.url
    if url.startswith("postgresql"):
        yield from _postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'fresh.db'}"


@pytest.fixture(scope="module")
def fresh_database(base_settings, fresh_database_url) -> Iterator[Database]:
    """A migrated database of the module's own where commits are real (concurrency, crashes)."""
    settings = base_settings.model_copy(
        update={"database": base_settings.database.model_copy(update={"url": fresh_database_url})}
    )
    database = Database(settings)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def shared_data_dir(base_settings) -> Path:
    """The read-only face and speech data beside the repo; absent data fails loudly in CI."""
    path = base_settings.paths.shared_data_dir
    if not path.is_absolute():
        path = (REPO_ROOT / path).resolve()
    if not (path / "faces").is_dir():
        message = f"shared data not found at {path} (set SMARTBRANCH_PATHS_SHARED_DATA_DIR)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture
def bus():
    from shared.events import InProcessBus

    return InProcessBus()


@pytest.fixture
def app(settings, database, bus):
    """The whole branch server on the test's database and an in-process bus."""
    from smartbranch.app import create_app

    app = create_app(settings, database=database, bus=bus)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


NATS_URL = os.environ.get("SMARTBRANCH_TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture(scope="module")
def nats_url() -> str:
    """The machine's NATS server, once it answers (skipped when absent, failed in CI)."""
    from shared.cluster.nats_client import NatsClient

    probe = NatsClient(NATS_URL, name="smartbranch-test-probe", connect_timeout_s=2.0)
    try:
        reachable = probe.wait_connected(3.0)
    finally:
        probe.close()
    if not reachable:
        message = f"NATS at {NATS_URL} is unreachable (start nats-server -js)"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    return NATS_URL


@pytest.fixture
def redis_client():
    """A client of the machine's Redis; the test is skipped without it (and fails under CI)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        message = f"Redis at {REDIS_URL} is unreachable: {exc}"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    yield client
    client.close()
