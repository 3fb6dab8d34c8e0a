"""Exactly one agent per kiosk: a fenced agent's refused step stops it, leased agents hand the
kiosk over, and a standby process takes over a SIGKILLed driver and recovers its cash."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import weakref
from datetime import timedelta

import pytest
from sqlalchemy import select

from hardware.registry import create_kiosk_devices
from kiosk.leased_agent import (
    DRIVING,
    WAITING,
    KioskAgentHost,
    LeasedAgent,
    create_leased_agent,
)
from kiosk.runner import KioskAgent
from kiosk.station import KioskIdentity
from shared.db.base import utcnow
from shared.devices import leases
from shared.devices.leases import Fence, StaleLease
from shared.events import InProcessBus
from shared.models import CashSession, Device, Hold, LedgerTransaction
from shared.models.enums import DeviceStatus, TransactionState
from shared.models.money import CashSessionState, HoldState
from shared.money.card_keys import CardKeys
from shared.money.cash import withdrawal
from tests.conftest import REPO_ROOT
from tests.kiosk.conftest import build_world
from tests.money_factories import new_key

TTL, RENEW = 2.0, 0.3  # short, so takeovers take seconds; the defaults are 10 s and 3 s
S = CashSessionState


@pytest.fixture(scope="module")
def lease_settings(kiosk_settings):
    return kiosk_settings.model_copy(update={
        "cluster": kiosk_settings.cluster.model_copy(update={
            "lease_ttl_s": TTL, "lease_renew_s": RENEW}),
        "kiosk": kiosk_settings.kiosk.model_copy(update={"microphone": "none"}),
        "kiosk_agent": kiosk_settings.kiosk_agent.model_copy(update={
            "cash_take_timeout_s": 30.0}),
    })


def _wait(predicate, timeout: float, what: str) -> float:
    """Wait until `predicate()`; return the seconds it took."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.02)
    return time.monotonic() - started


def _lease(database, kiosk_id: int, holder: str, ttl: float = TTL):
    with database.session() as s:
        return leases.acquire(s, kiosk_id, holder, ttl)


def _steal(database, lease) -> leases.Lease:
    """Another holder takes the kiosk, as after `lease` expired."""
    with database.session() as s:
        leases.release(s, lease)
    return _lease(database, lease.device_id, "thief", ttl=60.0)


def _cash(database, cash_id: int) -> CashSession:
    with database.session() as s:
        return s.get(CashSession, cash_id)


def _kiosk_cash(database, kiosk_id: int) -> list[CashSession]:
    with database.session() as s:
        return list(s.scalars(select(CashSession).where(CashSession.device_id == kiosk_id)))


# -- a fenced agent ----------------------------------------------------------------------
def test_a_refused_step_stops_the_agent_and_no_device_acts_after_it(fresh_database,
                                                                      lease_settings):
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()  # this kiosk is now driven under a lease, not by the pool
    lease = _lease(fresh_database, world.kiosk_id, "driver", ttl=60.0)
    keys = CardKeys.from_settings(lease_settings)
    devices = create_kiosk_devices(lease_settings, world.kiosk_code, keys=keys)
    agent = KioskAgent(settings=lease_settings, database=fresh_database, bus=InProcessBus(),
                       kiosk=KioskIdentity(world.kiosk_id, world.kiosk_code, world.branch_id),
                       devices=devices, keys=keys, fence=lease.fence)
    agent.start()
    world = dataclasses.replace(world, agent=agent)
    try:
        world.sign_in()
        record = agent.submit({"action": "withdraw", "amount_minor": 6000,
                               "idempotency_key": uuid.uuid4().hex})
        agent.wait_for(lambda s: s["screen"] == "take_cash")
        (cash,) = _kiosk_cash(fresh_database, world.kiosk_id)
        assert cash.state == S.PRESENTED
        _steal(fresh_database, lease)  # the agent is now stale: its lease changed hands
        assert devices.cash_dispenser.take_cash().total_minor == 6000
        assert record.done.wait(10)
        _wait(lambda: not agent._thread.is_alive(), 10, "the stale agent's loop ends")
        # Its "taken" step was refused: nothing posted, the notes' fate is for the next
        # holder's recovery (suspect), and the stale agent never touched a device again.
        assert _cash(fresh_database, cash.id).state == S.PRESENTED
        with fresh_database.session() as s:
            assert s.get(LedgerTransaction, cash.transaction_id).state is TransactionState.PRESENTED
        assert devices.card_reader.card_location() == "inside"  # not handed back by it
        assert agent.station.fenced_out
        with pytest.raises(StaleLease):
            agent.devices.cash_dispenser.status()
        with pytest.raises(StaleLease):
            agent.refresh_service_state()
    finally:
        agent.stop()


def test_a_fenced_recovery_is_refused_and_the_current_holders_recovers(fresh_database,
                                                                       lease_settings):
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()
    with fresh_database.session() as s:
        cash_id = withdrawal.authorise(s, account_id=world.account_id,
                                       device_id=world.kiosk_id, amount_minor=4000,
                                       idempotency_key=new_key()).cash_session_id
    stale = _lease(fresh_database, world.kiosk_id, "dead", ttl=60.0)
    current = _steal(fresh_database, stale)
    keys = CardKeys.from_settings(lease_settings)

    def agent(fence: Fence) -> KioskAgent:
        return KioskAgent(settings=lease_settings, database=fresh_database, bus=InProcessBus(),
                          kiosk=KioskIdentity(world.kiosk_id, world.kiosk_code,
                                              world.branch_id),
                          devices=create_kiosk_devices(lease_settings, world.kiosk_code,
                                                       keys=keys),
                          keys=keys, fence=fence)

    with pytest.raises(StaleLease, match="changed hands"):
        agent(stale.fence).recover()
    assert _cash(fresh_database, cash_id).state == S.AUTHORISED
    assert agent(current.fence).recover()["closed"]["released"] == [cash_id]
    assert _cash(fresh_database, cash_id).state == S.RELEASED


def test_create_leased_agent_runs_the_real_agent_while_it_holds_the_lease(fresh_database,
                                                                         lease_settings):
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()
    leased, host = create_leased_agent(lease_settings, fresh_database, InProcessBus(),
                                       world.kiosk_code, holder="edge-x")
    stop = threading.Event()
    runner = threading.Thread(target=leased.run, args=(stop,), daemon=True)
    runner.start()
    try:
        _wait(lambda: host.agent is not None, 20, "the real agent starts")
        assert host.agent.station.fence == Fence(world.kiosk_id, leased.token)
        host.agent.wait_for(lambda s: s["screen"] == "idle")
    finally:
        stop.set()
        runner.join(20)
    assert host.agent is None and leased.state == WAITING


def test_simulated_cash_is_read_again_from_its_files_at_every_tenure(fresh_database,
                                                                     lease_settings, tmp_path):
    """An agent that drives again after another did must see the cash the other moved."""
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()

    def host() -> KioskAgentHost:
        return KioskAgentHost(lease_settings, fresh_database, InProcessBus(), world.kiosk_code,
                              state_dir=tmp_path)

    first, second = host(), host()
    lease = _lease(fresh_database, world.kiosk_id, "first")
    first.start(lease.fence)
    unit = first.devices.cash_dispenser.cash_units()[0]
    first.stop()
    lease = _steal(fresh_database, lease)
    second.start(lease.fence)
    second.devices.cash_dispenser.replenish(unit.unit_id, unit.count - 7)  # moved meanwhile
    moved = second.devices.cash_dispenser.inventory()
    second.stop()
    lease = _steal(fresh_database, lease)
    first.start(lease.fence)
    try:
        assert first.devices.cash_dispenser.inventory() == moved
    finally:
        first.stop()



@pytest.mark.parametrize("devices_kept", [False, True], ids=["simulated", "kept"])
def test_a_stopped_tenure_lets_go_of_its_agent(fresh_database, lease_settings, tmp_path,
                                               devices_kept):
    """Every tenure builds a new agent; nothing may keep the stopped ones, whether the
    devices are built again (simulators, from their files) or kept for the process (real
    hardware): an agent process lives through a tenure per failover."""
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()
    host = KioskAgentHost(lease_settings, fresh_database, InProcessBus(), world.kiosk_code,
                          state_dir=None if devices_kept else tmp_path)
    lease = _lease(fresh_database, world.kiosk_id, "first")
    agents, readers = [], []
    for _ in range(4):
        host.start(lease.fence)
        host.agent.wait_for(lambda s: s["screen"] == "idle")
        agents.append(weakref.ref(host.agent))
        readers.append(host.devices.card_reader)
        host.stop()
        lease = _steal(fresh_database, lease)
    gc.collect()
    assert [ref() is None for ref in agents] == [True] * 4
    assert (len({id(reader) for reader in readers}) == 1) is devices_kept


# -- leased agents in threads -------------------------------------------------------------
class Tenures:
    """Record what a LeasedAgent asks of its agent: (start, token) and (stop, token)."""

    def __init__(self):
        self.calls: list[tuple[str, int | None]] = []
        self.token: int | None = None

    def start(self, fence: Fence) -> None:
        self.token = fence.token
        self.calls.append(("start", fence.token))

    def stop(self) -> None:
        self.calls.append(("stop", self.token))
        self.token = None


class Running:
    """A LeasedAgent running on a thread of its own until stopped."""

    def __init__(self, settings, database, code: str, holder: str):
        self.tenures = Tenures()
        self.agent = LeasedAgent(settings, database, code, start_agent=self.tenures.start,
                                 stop_agent=self.tenures.stop, holder=holder)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.agent.run, args=(self.stop_event,),
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def _kiosk(database) -> tuple[int, str]:
    from tests.factories import make_branch, make_kiosk

    with database.session() as s:
        kiosk = make_kiosk(s, make_branch(s))
        return kiosk.id, kiosk.code


def test_one_of_two_leased_agents_drives_and_the_other_takes_over_on_release(
        fresh_database, lease_settings):
    kiosk_id, code = _kiosk(fresh_database)
    first = Running(lease_settings, fresh_database, code, "first")
    _wait(lambda: first.agent.state == DRIVING, 10, "the first agent drives")
    second = Running(lease_settings, fresh_database, code, "second")
    try:
        time.sleep(4 * RENEW)  # the first renews; the second keeps trying, and waits
        assert (first.agent.state, second.agent.state) == (DRIVING, WAITING)
        assert first.tenures.calls == [("start", 1)] and second.tenures.calls == []
        first.stop()  # a clean stop releases the lease: no need to wait out the ttl
        assert first.tenures.calls == [("start", 1), ("stop", 1)]
        took = _wait(lambda: second.agent.state == DRIVING, 10, "the second agent drives")
        assert took < RENEW + 1.0
        assert second.agent.token == 2 and second.tenures.calls == [("start", 2)]
    finally:
        first.stop()
        second.stop()
    with fresh_database.session() as s:
        assert leases.current(s, kiosk_id).expires_at <= utcnow()  # released on the way out


def test_a_refused_renewal_stops_the_agent_at_once(fresh_database, lease_settings):
    kiosk_id, code = _kiosk(fresh_database)
    running = Running(lease_settings, fresh_database, code, "driver")
    try:
        _wait(lambda: running.agent.state == DRIVING, 10, "it drives")
        with fresh_database.session() as s:
            lease = leases.current(s, kiosk_id)
        _steal(fresh_database, lease)
        took = _wait(lambda: running.agent.state == WAITING, 10, "it stops driving")
        assert took < RENEW + 1.0
        assert running.tenures.calls == [("start", 1), ("stop", 1)]
        time.sleep(3 * RENEW)
        assert running.agent.state == WAITING  # the thief holds it (60 s)
    finally:
        running.stop()


def test_an_unreachable_database_stops_the_agent_before_the_lease_can_end(
        fresh_database, lease_settings):
    kiosk_id, code = _kiosk(fresh_database)
    running = Running(lease_settings, fresh_database, code, "driver")
    blocker_holds, let_go = threading.Event(), threading.Event()

    def block_the_lease_row() -> None:
        # Another transaction holds the lease row (SQLite: the write lock), so the driver's
        # renewals hang as on a database that stopped answering.
        with fresh_database.session() as s:
            leases.check_fence(s, kiosk_id, running.agent.token)
            blocker_holds.set()
            let_go.wait(30)

    try:
        _wait(lambda: running.agent.state == DRIVING, 10, "it drives")
        blocker = threading.Thread(target=block_the_lease_row, daemon=True)
        blocker.start()
        assert blocker_holds.wait(10)
        took = _wait(lambda: running.agent.state == WAITING, TTL + 2, "it stops driving")
        # Its last renewal may have started up to one period before the row was blocked.
        assert TTL - 2 * RENEW - 0.2 < took < TTL
        assert running.tenures.calls == [("start", 1), ("stop", 1)]
        let_go.set()
        blocker.join(10)
        _wait(lambda: running.agent.state == DRIVING, 10, "it drives again")
        # A new tenure under a new token, even though the lease never left this holder.
        assert running.agent.token == 2
        assert running.tenures.calls == [("start", 1), ("stop", 1), ("start", 2)]
    finally:
        let_go.set()
        running.stop()


# -- two processes ------------------------------------------------------------------------
def _emit(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def child_main() -> None:
    """One kiosk agent process: the real KioskAgent under a LeasedAgent; commands on stdin."""
    import logging

    from shared.db import Database
    from shared.settings import Settings

    settings_file, code, holder = sys.argv[1:4]
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    with open(settings_file) as handle:
        settings = Settings.model_validate_json(handle.read())
    database = Database(settings)
    host = KioskAgentHost(settings, database, InProcessBus(), code, auto_take=True)

    def start(fence: Fence) -> None:
        host.start(fence)  # its recovery runs first
        _emit(event="driving", token=fence.token)

    leased = LeasedAgent(settings, database, code, start_agent=start, stop_agent=host.stop,
                         holder=holder)
    stop = threading.Event()
    threading.Thread(target=leased.run, args=(stop,), daemon=True).start()
    _emit(event="started", holder=holder, pid=os.getpid())
    for line in sys.stdin:
        command = json.loads(line)
        station = host.agent.station
        if command["do"] == "authorise":
            opened = station.unit_of_work(
                withdrawal.authorise, account_id=command["account_id"],
                device_id=station.kiosk.device_id, amount_minor=command["amount_minor"],
                idempotency_key=new_key())
            _emit(event="authorised", cash_session_id=opened.cash_session_id)
        elif command["do"] == "begin_dispense":
            station.unit_of_work(withdrawal.begin_dispense, command["cash_session_id"])
            _emit(event="dispensing", cash_session_id=command["cash_session_id"])
    stop.set()  # stdin closed: stop, release the lease, exit
    time.sleep(0.5)
    _emit(event="stopped", state=leased.state)


class Child:
    """A kiosk agent process the test talks to over its stdin and stdout."""

    def __init__(self, settings_file, code: str, holder: str, log_dir):
        self.stderr = open(log_dir / f"{holder}.log", "w")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, "-c",
             "from tests.kiosk.test_leased_agent import child_main; child_main()",
             str(settings_file), code, holder],
            cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr, text=True, bufsize=1)
        self.messages: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.messages.append(json.loads(line))

    def seen(self, event: str) -> dict | None:
        return next((m for m in self.messages if m["event"] == event), None)

    def wait_for(self, event: str, timeout: float) -> dict:
        _wait(lambda: self.seen(event) is not None or self.process.poll() is not None,
              timeout, f"{event} from the agent process")
        found = self.seen(event)
        assert found is not None, f"the agent process exited: {self.process.returncode}"
        return found

    def send(self, **command) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.stderr.close()


def test_a_standby_process_takes_over_a_killed_driver_and_recovers_its_cash(
        fresh_database, lease_settings, tmp_path):
    world = build_world(fresh_database, lease_settings)
    world.agents.stop_all()
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(lease_settings.model_dump_json())
    driver = Child(settings_file, world.kiosk_code, "edge-a", tmp_path)
    standby = None
    try:
        first = driver.wait_for("driving", 60)
        standby = Child(settings_file, world.kiosk_code, "edge-b", tmp_path)
        standby.wait_for("started", 60)
        time.sleep(4 * RENEW)  # the standby tries, and waits: the driver renews
        assert standby.seen("driving") is None
        # The driver opens two withdrawals: one reaches the dispenser, one is only held.
        driver.send(do="authorise", account_id=world.account_id, amount_minor=8000)
        out = driver.wait_for("authorised", 20)["cash_session_id"]
        driver.send(do="begin_dispense", cash_session_id=out)
        driver.wait_for("dispensing", 20)
        driver.messages.clear()
        driver.send(do="authorise", account_id=world.account_id, amount_minor=3000)
        held = driver.wait_for("authorised", 20)["cash_session_id"]

        os.kill(driver.process.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        taken = standby.wait_for("driving", TTL + RENEW + 10)
        took = time.monotonic() - killed_at
        assert took < TTL + RENEW + 1.5, f"the standby took {took:.2f}s"
        assert taken["token"] == first["token"] + 1

        # The standby's recovery ran: notes may be out of the first (suspect, kiosk out of
        # service until the teller reconciles); the second never reached the dispenser.
        assert _cash(fresh_database, out).state == S.SUSPECT
        assert _cash(fresh_database, held).state == S.RELEASED
        with fresh_database.session() as s:
            assert s.get(Hold, _cash(fresh_database, held).hold_id).state is HoldState.RELEASED
            assert s.get(Device, world.kiosk_id).status is DeviceStatus.OUT_OF_SERVICE
        # A step under the dead driver's token is refused and changes nothing.
        with pytest.raises(StaleLease, match="changed hands"):
            with fresh_database.session() as s:
                Fence(world.kiosk_id, first["token"]).check(s)
                withdrawal.presented(s, out, now=utcnow() + timedelta(seconds=1))
        assert _cash(fresh_database, out).state == S.SUSPECT

        standby.process.stdin.close()  # a clean stop releases the lease
        assert standby.wait_for("stopped", 20)["state"] == WAITING
        assert standby.process.wait(20) == 0
        with fresh_database.session() as s:
            assert leases.current(s, world.kiosk_id).expires_at <= utcnow()
    finally:
        driver.close()
        if standby is not None:
            standby.close()
