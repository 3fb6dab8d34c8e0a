"""`smartbranch cluster up` names a missing part, and how to get it, before starting anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smartbranch.cluster.prerequisites import (
    MissingPrerequisite,
    require_free_port,
    require_postgres,
    require_programs,
    require_redis,
)
from smartbranch.cluster.shape import free_port

SMARTBRANCH = Path(sys.executable).with_name("smartbranch")


def test_an_unreachable_redis_is_named_by_its_url():
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(MissingPrerequisite, match=f"Redis at {url} is unreachable"):
        require_redis(url)


def test_an_unreachable_postgres_is_named_by_its_url():
    port = free_port()
    with pytest.raises(MissingPrerequisite,
                       match=f"PostgreSQL at .*127.0.0.1:{port}/bank is unreachable"):
        require_postgres(f"postgresql+psycopg://postgres@127.0.0.1:{port}/bank")


def test_sqlite_is_refused_for_a_cluster():
    with pytest.raises(MissingPrerequisite, match="needs PostgreSQL"):
        require_postgres("sqlite:///var/smartbranch.db")


def test_a_taken_port_is_refused():
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(MissingPrerequisite, match=f"port {port} \\(--port\\) is taken"):
            require_free_port(port, "--port")


def test_cluster_up_stops_with_one_clear_line_and_starts_nothing(tmp_path):
    port = free_port()
    done = subprocess.run(
        [str(SMARTBRANCH), "cluster", "up", "--port", str(free_port()),
         "--database-url", f"postgresql+psycopg://postgres@127.0.0.1:{port}/bank",
         "--data-dir", str(tmp_path / "cluster")],
        capture_output=True, text=True, timeout=120)
    try:
        require_programs()
        expected = f"PostgreSQL at postgresql+psycopg://postgres@127.0.0.1:{port}/bank is " \
                   "unreachable"
    except MissingPrerequisite as exc:  # checked first: this machine lacks HAProxy or NATS
        expected = str(exc)
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr
    assert not (tmp_path / "cluster").exists(), "nothing may start before the checks pass"
