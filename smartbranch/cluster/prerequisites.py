"""What the whole shape needs on this machine, each missing part named with how to get it."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from smartbranch.cluster.proxy import ProxyError, find_haproxy
from smartbranch.cluster.shape import bin_path


class MissingPrerequisite(RuntimeError):
    """A program or service the cluster needs is missing or unreachable."""


def require_programs() -> dict[str, str]:
    """Return the paths of haproxy, nats-server and gunicorn, or say how to install each."""
    try:
        haproxy = find_haproxy()
    except ProxyError as exc:
        raise MissingPrerequisite(str(exc)) from None
    nats = shutil.which("nats-server") or (
        "/usr/sbin/nats-server" if Path("/usr/sbin/nats-server").is_file() else None)
    if nats is None:
        raise MissingPrerequisite(
            "nats-server is not installed: sudo apt-get install -y nats-server (Debian 12+), "
            "or the release binary from https://github.com/nats-io/nats-server/releases")
    gunicorn = bin_path("gunicorn")
    if not Path(gunicorn).is_file():
        raise MissingPrerequisite(
            "gunicorn is not installed in this environment: .venv/bin/pip install -e "
            "\".[production]\"")
    return {"haproxy": haproxy, "nats-server": nats, "gunicorn": gunicorn}


def require_postgres(url: str) -> bool:
    """Check PostgreSQL answers at url and create its database if missing; True if created."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise MissingPrerequisite(
            f"the cluster needs PostgreSQL (several processes write at once), not {url}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                  {"name": parsed.database}).first()
            if exists is None:
                # A name cannot be a bind parameter; quoted, as the URL spelled it.
                quoted = parsed.database.replace('"', '""')
                conn.execute(text(f'CREATE DATABASE "{quoted}"'))
            return exists is None
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is the answer
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MissingPrerequisite(
            f"PostgreSQL at {parsed.render_as_string(hide_password=True)} is unreachable: "
            f"{first} (start it, or pass --database-url)") from None
    finally:
        admin.dispose()


def require_redis(url: str) -> None:
    """Check Redis answers at url."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise MissingPrerequisite(
            f"Redis at {url} is unreachable: {exc} (start it, or set "
            "SMARTBRANCH_EVENTS_REDIS_URL)") from None
    finally:
        client.close()


def require_free_port(port: int, what: str, host: str = "127.0.0.1") -> None:
    """Check nothing listens on host:port already."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise MissingPrerequisite(
                f"port {port} ({what}) is taken: {exc.strerror}; choose another") from None
