"""One kiosk's agent process: only the lease holder answers the web tier, a standby takes over,
and the real `smartbranch kiosk agent` command answers a snapshot over NATS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from kiosk.remote.client import RemoteAgentPool
from kiosk.remote.process import create_served_agent
from kiosk.remote.protocol import AgentUnavailable
from kiosk.remote.server import serve_agent
from shared.events import InProcessBus
from tests.factories import make_branch, make_kiosk
from tests.kiosk.conftest import build_world

pytestmark = pytest.mark.nats
SMARTBRANCH = Path(sys.executable).with_name("smartbranch")


def _new_kiosk(database) -> str:
    with database.session() as s:
        branch = make_branch(s, code=f"RB-{uuid.uuid4().hex[:6]}")
        return make_kiosk(s, branch).code


def _leasing(settings, nats_url: str, ttl_s: float = 2.0, renew_s: float = 0.5):
    return settings.model_copy(update={"cluster": settings.cluster.model_copy(update={
        "nats_url": nats_url, "remote_kiosk_agents": True,
        "lease_ttl_s": ttl_s, "lease_renew_s": renew_s})})


def _answered(agent, timeout: float = 30.0) -> dict:
    """The kiosk's snapshot once some agent answers for it (each refusal is a 503)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = agent.snapshot()
            if state["screen"] == "idle":
                return state
        except AgentUnavailable:
            pass
        assert time.monotonic() < deadline, "no agent answered for the kiosk"
        time.sleep(0.1)


class _Counting:
    """A real agent whose snapshots are counted (which server answered)."""

    def __init__(self, agent):
        self.agent, self.kiosk, self.calls = agent, agent.kiosk, 0

    def snapshot(self) -> dict:
        self.calls += 1
        return self.agent.snapshot()

    def __getattr__(self, name):
        return getattr(self.agent, name)


def test_two_subscribed_agents_never_both_answer(fresh_database, kiosk_settings, nats_url,
                                                 nats_client):
    world = build_world(fresh_database, kiosk_settings)
    try:
        first, second = _Counting(world.agent), _Counting(world.agent)
        stops = [serve_agent(nats_client("one"), first), serve_agent(nats_client("two"), second)]
        pool = RemoteAgentPool(_leasing(kiosk_settings, nats_url), fresh_database,
                               nats_client("web"))
        remote = pool.get(world.kiosk_code)
        for _ in range(30):
            assert remote.snapshot()["kiosk"] == world.kiosk_code
        time.sleep(0.3)  # a second answer, if any, would be counted by now
        assert first.calls + second.calls == 30  # the kiosk's queue group: one answer each
        for stop in stops:
            stop()
        with pytest.raises(AgentUnavailable):
            remote.snapshot()
    finally:
        world.agents.stop_all()


def test_only_the_lease_holder_answers_and_a_standby_takes_over(fresh_database, nats_url,
                                                                 nats_client):
    settings = _leasing(fresh_database.settings, nats_url)
    code = _new_kiosk(fresh_database)
    runs = {}
    for holder in ("first", "second"):
        leased, served = create_served_agent(settings, fresh_database, InProcessBus(),
                                             nats_client(holder), code, holder=holder,
                                             auto_take=True)
        stop = threading.Event()
        thread = threading.Thread(target=leased.run, args=(stop,), daemon=True)
        runs[holder] = (leased, served, stop, thread)
        thread.start()
        if holder == "first":  # the first takes the lease, the second becomes the standby
            deadline = time.monotonic() + 10
            while leased.state != "driving":
                assert time.monotonic() < deadline, "the first agent never drove"
                time.sleep(0.05)
    remote = RemoteAgentPool(settings, fresh_database, nats_client("web")).get(code)
    try:
        assert _answered(remote)["kiosk"] == code
        first, second = runs["first"], runs["second"]
        assert second[0].state == "waiting" and second[1].agent is None
        # The driver stops (its process ends): it stops answering, the standby takes over.
        first[2].set()
        first[3].join(10)
        assert first[1].agent is None
        assert _answered(remote, timeout=15)["kiosk"] == code
        assert second[0].state == "driving" and second[1].agent is not None
    finally:
        for _leased, _served, stop, thread in runs.values():
            stop.set()
            thread.join(10)


def test_the_agent_command_answers_a_snapshot(fresh_database, nats_url, nats_client,
                                               tmp_path):
    code = _new_kiosk(fresh_database)
    keep = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_")
            or k == "SMARTBRANCH_PATHS_SHARED_DATA_DIR"}
    env = {**keep, "SMARTBRANCH_PROFILE": "testing",
           "SMARTBRANCH_APP_DATA_DIR": str(tmp_path),
           "SMARTBRANCH_DATABASE_URL": fresh_database.engine.url.render_as_string(
               hide_password=False),
           "SMARTBRANCH_CLUSTER_NATS_URL": nats_url,
           "SMARTBRANCH_CLUSTER_LEASE_TTL_S": "3", "SMARTBRANCH_CLUSTER_LEASE_RENEW_S": "1"}
    log_path = tmp_path / "agent.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([str(SMARTBRANCH), "kiosk", "agent", "--kiosk", code],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    remote = RemoteAgentPool(_leasing(fresh_database.settings, nats_url), fresh_database,
                             nats_client("web")).get(code)
    try:
        try:
            state = _answered(remote, timeout=60)
        except AssertionError:
            raise AssertionError(log_path.read_text()[-3000:]) from None
        assert state["kiosk"] == code and state["in_service"] is True
        assert (tmp_path / "kiosk_devices").is_dir()  # the cash devices keep their notes there
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(30)
    output = log_path.read_text()
    assert returncode == 0, output[-3000:]
    assert f"kiosk agent {code} stopped" in output
    with pytest.raises(AgentUnavailable):  # it unsubscribed on its way out
        remote.snapshot()


def test_the_agent_command_refuses_an_unknown_kiosk(fresh_database, tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_")},
           "SMARTBRANCH_PROFILE": "testing", "SMARTBRANCH_APP_DATA_DIR": str(tmp_path),
           "SMARTBRANCH_DATABASE_URL": fresh_database.engine.url.render_as_string(
               hide_password=False)}
    done = subprocess.run([str(SMARTBRANCH), "kiosk", "agent", "--kiosk", "NO-SUCH-K9"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no kiosk with code 'NO-SUCH-K9'" in done.stderr
