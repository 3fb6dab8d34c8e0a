"""Production shape: gunicorn (gthread) serving `smartbranch.wsgi:app`, events over Redis.

A door camera is its own process in production: an arrival it publishes on the Redis bus
must reach a signed-in tablet's socket through the gunicorn worker.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from shared.events import CustomerArrived, Event
from tests.conftest import IN_CI, REDIS_URL

pytestmark = pytest.mark.redis
GUNICORN = Path(sys.executable).with_name("gunicorn")
SMARTBRANCH = Path(sys.executable).with_name("smartbranch")
USER_AGENT = "SmartBranchTest/1.0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as exc:
        message = f"Redis at {REDIS_URL} is unreachable: {exc}"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)


def _environ(tmp_path: Path, channel: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_")}
    return {**keep, "SMARTBRANCH_PROFILE": "testing",
            "SMARTBRANCH_APP_DATA_DIR": str(tmp_path),
            "SMARTBRANCH_DATABASE_URL": f"sqlite:///{tmp_path / 'branch.db'}",
            "SMARTBRANCH_EVENTS_BACKEND": "redis", "SMARTBRANCH_EVENTS_REDIS_URL": REDIS_URL,
            "SMARTBRANCH_EVENTS_CHANNEL": channel}


def _cli(env: dict, *args: str) -> str:
    done = subprocess.run([str(SMARTBRANCH), *args], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # still starting, or slow to answer on a loaded machine: ask again
        time.sleep(0.3)
    raise AssertionError("gunicorn did not become healthy")


def _signed_in_cookie(url: str, username: str, password: str) -> str:
    import requests

    with requests.Session() as http:
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{url}/staff/sign-in", timeout=10)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        answer = http.post(f"{url}/staff/sign-in", allow_redirects=False, timeout=10,
                           data={"username": username, "password": password,
                                 "csrf_token": token})
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/staff/")
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def _branch_id(tmp_path: Path, code: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'branch.db'}")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM branch WHERE code = :c"), {"c": code})
        branch_id = found.scalar_one()
    engine.dispose()
    return branch_id


def test_gunicorn_refuses_an_unmigrated_database(tmp_path):
    env = _environ(tmp_path, f"smartbranch.test.{uuid.uuid4().hex}")
    done = subprocess.run([str(GUNICORN), "--check-config", "smartbranch.wsgi:app"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "smartbranch db upgrade" in done.stdout + done.stderr


def test_an_arrival_from_another_process_reaches_a_tablet_through_gunicorn(tmp_path):
    import socketio

    from shared.events.redis_bus import RedisBus

    _redis_or_skip()
    channel = f"smartbranch.test.{uuid.uuid4().hex}"
    env = _environ(tmp_path, channel)
    _cli(env, "db", "upgrade")
    _cli(env, "demo", "load")
    rm = next(line.split() for line in _cli(env, "demo", "signins").splitlines()
              if "relationship manager at LDN-01" in line)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(GUNICORN), "-w", "1", "-k", "gthread", "--threads", "20", "-b",
         f"127.0.0.1:{port}", "--control-socket", str(tmp_path / "gunicorn.ctl"),
         "smartbranch.wsgi:app"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    tablet = socketio.Client(reconnection=False)
    received: list[dict] = []
    tablet.on("customer.arrived", received.append, namespace="/staff")
    publisher = RedisBus(REDIS_URL, channel)
    try:
        _wait_healthy(url, server)
        tablet.connect(url, headers={"Cookie": _signed_in_cookie(url, rm[0], rm[1]),
                                     "User-Agent": USER_AGENT},
                       namespaces=["/staff"], transports=["websocket"], wait_timeout=10)
        assert tablet.transport() == "websocket"
        branch_id = _branch_id(tmp_path, "LDN-01")
        event = Event(branch_id=branch_id, payload=CustomerArrived(
            visit_id=10_001, customer_id=1, display_name="Ada", source="door_camera",
            score=0.3))
        publisher.publish(event)
        deadline = time.monotonic() + 10
        while not received and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [m["id"] for m in received] == [event.id]
    finally:
        tablet.disconnect()
        publisher.close()
        server.terminate()
        server.wait(timeout=30)
