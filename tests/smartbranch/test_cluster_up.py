"""`smartbranch cluster up` on this machine's PostgreSQL, Redis, nats-server and HAProxy.

One branch edge, two web processes behind HAProxy: requests reach both, a browser stays on
one (Socket.IO's polling handshake and websocket upgrade included), a killed web process
is routed around and restarted, and Ctrl-C leaves no process behind.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from smartbranch.cluster.processes import descendants, process_table
from smartbranch.cluster.shape import free_port
from tests.conftest import IN_CI, REDIS_URL

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.nats]
POSTGRES_URL = os.environ.get("SMARTBRANCH_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SMARTBRANCH = Path(sys.executable).with_name("smartbranch")
USER_AGENT = "SmartBranchTest/1.0"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail("CI=true and " + reason, pytrace=False)
    pytest.skip(reason)


def _require_services() -> None:
    from smartbranch.cluster.prerequisites import (
        MissingPrerequisite,
        require_programs,
        require_redis,
    )

    try:
        require_programs()
        require_redis(REDIS_URL)
    except MissingPrerequisite as exc:
        _missing(str(exc))
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means skip (or fail in CI)
        _missing(f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}".splitlines()[0])
    finally:
        engine.dispose()


def _drop_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def _descendants(root: int) -> dict[int, str]:
    return descendants(process_table(), root)


def _wait(predicate, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"cluster up exited:\n{log.read_text()[-3000:]}"
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout} s; output:\n{log.read_text()[-3000:]}")


def _served_by(url: str, cookies: dict | None = None) -> str | None:
    import requests

    try:
        answer = requests.get(f"{url}/healthz", cookies=cookies, timeout=3)
    except (requests.ConnectionError, requests.Timeout):
        return None
    return answer.headers.get("X-SmartBranch-Web") if answer.status_code == 200 else None


def _sign_in(http, url: str, username: str, password: str) -> None:
    page = http.get(f"{url}/staff/sign-in", timeout=10)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    answer = http.post(f"{url}/staff/sign-in", allow_redirects=False, timeout=10,
                       data={"username": username, "password": password, "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/staff/")


@pytest.fixture
def cluster_database():
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/sb_cluster_{uuid.uuid4().hex[:10]}"
    yield url
    _drop_database(url)


def test_cluster_up_serves_through_a_sticky_proxy_and_stops_cleanly(tmp_path,
                                                                      cluster_database):
    import requests
    import socketio

    _require_services()
    port, stats_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    keep = {"SMARTBRANCH_PATHS_SHARED_DATA_DIR", "SMARTBRANCH_INSIGHTS_MODEL_DIR",
            "SMARTBRANCH_EVENTS_REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_") or k in keep}
    env |= {"SMARTBRANCH_PROFILE": "testing",
            # Events of this run only: other tests share the Redis server.
            "SMARTBRANCH_EVENTS_CHANNEL": f"smartbranch.test.{uuid.uuid4().hex}"}
    log = tmp_path / "cluster.out"
    with log.open("wb") as out:
        cluster = subprocess.Popen(
            [str(SMARTBRANCH), "cluster", "up", "--branches", "LDN-01", "--web", "2",
             "--port", str(port), "--stats-port", str(stats_port),
             "--database-url", cluster_database, "--data-dir", str(tmp_path / "cluster")],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    seen: dict[int, str] = {}
    try:
        _wait(lambda: _served_by(url), 150, "no answer through HAProxy", cluster, log)
        banner = log.read_text()
        web_ports = dict(re.findall(r"(web\d) 127\.0\.0\.1:(\d+)", banner))
        assert set(web_ports) == {"web1", "web2"}, banner
        rm_user, rm_password = re.search(r"^\s+(rm1\.ldn)\s+(\S+)", banner, re.M).groups()

        # Round robin without a cookie: both web processes answer (once both are healthy).
        _wait(lambda: {_served_by(url) for _ in range(6)} == {"web1", "web2"}, 30,
              "requests did not reach both web processes", cluster, log)
        # The proxy's cookie pins a browser to its process.
        assert {_served_by(url, {"SB_WEB": "web2"}) for _ in range(4)} == {"web2"}
        assert requests.get(f"http://127.0.0.1:{stats_port}/", timeout=5).status_code == 200

        with requests.Session() as http:
            http.headers["User-Agent"] = USER_AGENT
            _sign_in(http, url, rm_user, rm_password)
            pinned = http.cookies["SB_WEB"]
            assert http.get(f"{url}/staff/", timeout=10).status_code == 200
            # Socket.IO: the polling handshake and the websocket upgrade reach one process.
            tablet = socketio.Client(reconnection=False, http_session=http)
            tablet.connect(url, namespaces=["/staff"], transports=["polling", "websocket"],
                           headers={"User-Agent": USER_AGENT}, wait_timeout=15)
            try:
                _wait(lambda: tablet.transport() == "websocket", 10,
                      "the socket did not upgrade to a websocket", cluster, log)
            finally:
                tablet.disconnect()

        seen = _descendants(cluster.pid)
        _wait(lambda: any("kiosk agent --kiosk LDN-01-K1" in c
                          for c in _descendants(cluster.pid).values()), 30,
              "the edge did not start the kiosk's agent", cluster, log)
        assert any("edge --branch LDN-01" in c for c in seen.values()), seen

        # SIGKILL one web process (gunicorn and its worker): the proxy routes around it,
        # also for a browser pinned to it, and the supervisor brings it back.
        victim = "web2" if pinned == "web1" else "web1"
        group = next(pid for pid, cmdline in seen.items()
                     if "gunicorn" in cmdline and f":{web_ports[victim]} " in cmdline)
        os.killpg(os.getpgid(group), signal.SIGKILL)
        answers = []
        for _ in range(10):
            answers.append(_served_by(url, {"SB_WEB": victim}))
            time.sleep(0.2)
        # Every request answered; the first by the other process (the victim's successor
        # may answer later ones: the supervisor restarts it within a second).
        assert None not in answers and answers[0] != victim, answers
        _wait(lambda: _served_by(url, {"SB_WEB": victim}) == victim, 45,
              f"{victim} was not restarted into the proxy", cluster, log)

        seen |= _descendants(cluster.pid)
        cluster.send_signal(signal.SIGINT)  # Ctrl-C
        assert cluster.wait(timeout=40) == 0
    finally:
        if cluster.poll() is None:
            cluster.kill()
            cluster.wait()
        survivors = {}
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            table = process_table()
            survivors = {pid: c for pid, c in seen.items() if pid in table and table[pid][1] == c}
            if not survivors:
                break
            time.sleep(0.2)
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
    assert "cluster stopped" in log.read_text()
    assert not survivors, f"processes outlived the cluster: {survivors}"
