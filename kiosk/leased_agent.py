"""One kiosk driven under its lease: wait as a standby, drive while holding it, stop at once
when it may be lost.

Two agent processes may be started for one kiosk (a restart overlapping the old process, a
supervisor on each of two machines). Each runs a LeasedAgent: the one that takes the lease
starts the real KioskAgent under its fencing token (recovery first, fenced too) and renews
the lease every `cluster.lease_renew_s`; the other retries as often and takes over once the
lease has expired, within lease_ttl_s + lease_renew_s of the driver's death. A driver stops
its agent at once when a renewal is refused, or when it has not renewed for so long (by its
own monotonic clock) that the lease may have expired: a watchdog thread decides that, so a
renewal stuck on an unreachable database cannot keep a stale agent driving. Whatever this
process believes, the database refuses a stale token's cash step (shared.devices.leases).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from hardware.registry import KioskDevices, create_kiosk_devices
from kiosk.runner import KioskAgent
from kiosk.station import KioskIdentity, kiosk_identity
from shared.biometrics.cipher import TemplateCipher
from shared.db import Database
from shared.devices import leases
from shared.devices.leases import Fence, Lease, StaleLease
from shared.events import EventBus
from shared.models import Device
from shared.models.enums import DeviceKind
from shared.money.card_keys import CardKeys
from shared.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

WAITING = "waiting"
DRIVING = "driving"
WATCH_S = 0.05  # how often the watchdog looks at the local deadline


class UnknownKiosk(LookupError):
    """No kiosk device has this code (yet): the agent keeps waiting for one."""


def kiosk_device_id(session, code: str) -> int:
    """Return the device id of kiosk `code`, or raise UnknownKiosk."""
    device_id = session.scalar(select(Device.id).where(
        Device.code == code, Device.kind == DeviceKind.KIOSK))
    if device_id is None:
        raise UnknownKiosk(f"no kiosk with code {code!r}")
    return device_id


def lease_deadline(renewed_at: float, ttl_s: float, renew_s: float) -> float:
    """The local time to stop driving: one renewal period before the lease could end.

    `renewed_at` is taken BEFORE the acquire or renewal was sent, so the database's own
    expiry (counted from when it ran the statement) is never earlier than this plus ttl.
    """
    return renewed_at + ttl_s - renew_s


class LeasedAgent:
    """Run one kiosk under its lease until `stop` is set (see the module)."""

    def __init__(self, settings: Settings, database: Database, code: str, *,
                 start_agent: Callable[[Fence], Any], stop_agent: Callable[[], None],
                 holder: str | None = None, clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.database = database
        self.code = code
        self.holder = holder or leases.holder_name()
        self.ttl_s = settings.cluster.lease_ttl_s
        self.renew_s = settings.cluster.lease_renew_s
        self._start_agent = start_agent
        self._stop_agent = stop_agent
        self._clock = clock
        # Transitions (start, stop) happen under this lock, from the loop or the watchdog;
        # database calls never hold it, so a hung renewal cannot block the watchdog.
        self._lock = threading.RLock()
        self._state = WAITING
        self._lease: Lease | None = None
        self._deadline = float("-inf")
        self._last_token: int | None = None  # never drive twice under one token
        self._device_id: int | None = None
        self._trouble: str | None = None  # the database problem logged, until it clears
        self._halt = threading.Event()

    @property
    def state(self) -> str:
        """"waiting" (a standby, or between tenures) or "driving"."""
        return self._state

    @property
    def token(self) -> int | None:
        """The fencing token driven under now; None while waiting."""
        lease = self._lease
        return lease.token if lease is not None else None

    # -- the loop ----------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Acquire or renew every lease_renew_s until `stop`; then stop and release."""
        self._halt.clear()
        watchdog = threading.Thread(target=self._watch, name=f"lease-watch-{self.code}",
                                    daemon=True)
        watchdog.start()
        log.info("kiosk %s: lease holder %s waiting (ttl %.1fs, renew every %.1fs)",
                 self.code, self.holder, self.ttl_s, self.renew_s)
        try:
            while not stop.is_set():
                if self._lease is None:
                    self._try_acquire()
                else:
                    self._try_renew()
                stop.wait(self.renew_s)
        finally:
            self._halt.set()
            lease = self._lease
            self._give_up("this process is stopping", loudly=False)
            if lease is not None:
                self._quietly(leases.release, lease)  # the standby need not wait out the ttl
            watchdog.join(1.0)

    def _try_acquire(self) -> None:
        asked_at = self._clock()
        try:
            if self._device_id is None:
                self._device_id = self._db(kiosk_device_id, self.code)
            lease = self._db(leases.acquire, self._device_id, self.holder, self.ttl_s)
            if lease is not None and lease.token == self._last_token:
                # Ours still (a late renewal of a tenure we gave up): start a new one, so no
                # leftover step of the old agent can pass the new agent's fence.
                self._db(leases.release, lease)
                asked_at = self._clock()
                lease = self._db(leases.acquire, self._device_id, self.holder, self.ttl_s)
        except Exception as exc:  # noqa: BLE001 - the database is down or the kiosk unknown
            self._note_trouble(exc)
            return
        self._note_trouble(None)
        if lease is None:
            return
        with self._lock:
            self._lease, self._state = lease, DRIVING
            self._last_token = lease.token
            self._deadline = lease_deadline(asked_at, self.ttl_s, self.renew_s)
            log.info("kiosk %s: %s took the lease under token %s; driving",
                     self.code, self.holder, lease.token)
            try:
                self._start_agent(lease.fence)
            except StaleLease as refused:
                self._give_up(f"its recovery was refused: {refused}")
            except Exception:
                log.exception("kiosk %s: the agent did not start", self.code)
                self._give_up("the agent did not start")
                self._quietly(leases.release, lease)
        if self._lease is lease:
            self._try_renew()  # at once: the recovery may have taken much of the ttl

    def _try_renew(self) -> None:
        lease = self._lease
        asked_at = self._clock()
        try:
            renewed = self._db(leases.renew, lease, self.ttl_s)
        except Exception as exc:  # noqa: BLE001 - the watchdog stops us if this lasts
            self._note_trouble(exc)
            return
        self._note_trouble(None)
        with self._lock:
            if self._lease is not lease:
                return  # the watchdog gave this tenure up meanwhile
            if renewed is None:
                self._give_up("the renewal was refused: another holder has the lease")
                return
            self._lease = renewed
            self._deadline = lease_deadline(asked_at, self.ttl_s, self.renew_s)

    def _watch(self) -> None:
        """Stop driving the moment the lease may have expired unrenewed (local clock)."""
        while not self._halt.wait(WATCH_S):
            with self._lock:
                if self._state == DRIVING and self._clock() >= self._deadline:
                    self._give_up(f"not renewed within {self.ttl_s - self.renew_s:.1f}s: "
                                  "the lease may have expired")

    def _give_up(self, why: str, loudly: bool = True) -> None:
        """Stop the agent (if driving) at once and go back to waiting."""
        with self._lock:
            if self._state != DRIVING:
                return
            token = self.token
            log.log(logging.WARNING if loudly else logging.INFO,
                    "kiosk %s: %s stops driving (token %s): %s; waiting",
                    self.code, self.holder, token, why)
            try:
                self._stop_agent()
            except Exception:
                log.exception("kiosk %s: stopping the agent failed", self.code)
            # Only now "waiting": whoever reads the state may take the agent as stopped.
            self._state, self._lease = WAITING, None

    # -- the database ------------------------------------------------------------------
    def _db(self, work: Callable[..., T], *args) -> T:
        with self.database.session() as session:
            return work(session, *args)

    def _quietly(self, work: Callable[..., Any], *args) -> None:
        try:
            self._db(work, *args)
        except Exception as exc:  # noqa: BLE001 - best effort: the lease expires anyway
            log.warning("kiosk %s: %s failed: %s", self.code, work.__name__, exc)

    def _note_trouble(self, exc: Exception | None) -> None:
        """Log a database problem once when it starts and once when it clears."""
        if exc is None:
            if self._trouble is not None:
                log.warning("kiosk %s: the database answers again", self.code)
            self._trouble = None
            return
        problem = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if problem != self._trouble:
            log.warning("kiosk %s: lease %s: %s", self.code,
                        "renewal failed" if self._lease else "acquire failed", problem)
        self._trouble = problem


class KioskAgentHost:
    """Build and run this process's real KioskAgent of one kiosk under a fence.

    Give `start` and `stop` to a LeasedAgent. The devices are built the way
    kiosk/agent_pool.py builds them: real ones once per process and kept across tenures
    (their state is the hardware's); simulated ones whose cash lives in `state_dir` again
    at every tenure, from their files, since another process may have driven the kiosk in
    between. Each tenure gets a new KioskAgent with its own fence. `agent` is the driving
    agent, or None while waiting (for the touch UI's RPC).
    """

    def __init__(self, settings: Settings, database: Database, bus: EventBus, code: str, *,
                 auto_take: bool = False, keys: CardKeys | None = None,
                 cipher: TemplateCipher | None = None, state_dir: Path | None = None):
        self.settings = settings
        self.database = database
        self.bus = bus
        self.code = code
        self.auto_take = auto_take
        self.keys = keys
        self.cipher = cipher
        self.state_dir = state_dir
        self.devices: KioskDevices | None = None
        self.agent: KioskAgent | None = None
        self._fence: Fence | None = None

    def start(self, fence: Fence) -> KioskAgent:
        """Build the agent under `fence` and start it (its recovery runs first, fenced)."""
        identity = self._identity()
        self.keys = self.keys or CardKeys.from_settings(self.settings)
        if self.devices is None or self.state_dir is not None:
            # A simulator's cash in memory is what it was at our last tenure; the files
            # hold what the other agents moved since (found by the soak: a driver that
            # came back wrote its stale cassettes over its standby's withdrawals).
            self._close_devices()
            self.devices = create_kiosk_devices(self.settings, self.code,
                                                auto_take=self.auto_take, keys=self.keys,
                                                state_dir=self.state_dir)
        cipher = self.cipher
        agent = KioskAgent(settings=self.settings, database=self.database, bus=self.bus,
                           kiosk=identity, devices=self.devices, keys=self.keys,
                           cipher=(lambda: cipher) if cipher is not None else None,
                           fence=fence)
        agent.start()  # StaleLease from its recovery: nothing was started
        self.agent, self._fence = agent, fence
        log.info("kiosk agent %s started under token %s", self.code, fence.token)
        return agent

    def stop(self) -> None:
        """Stop the agent at once: from now on it commands no device and commits nothing."""
        agent, fence = self.agent, self._fence
        self.agent = self._fence = None
        if agent is None:
            return
        agent.fence_out(StaleLease(fence.device_id, fence.token, "its lease holder stopped it"))
        agent.stop()
        log.info("kiosk agent %s stopped (token %s)", self.code, fence.token)

    def _close_devices(self) -> None:
        microphone = self.devices.microphone if self.devices is not None else None
        if microphone is not None:
            microphone.close()
        self.devices = None

    def _identity(self) -> KioskIdentity:
        with self.database.session() as session:
            identity = kiosk_identity(session, self.code)
        if identity is None:
            raise UnknownKiosk(f"no kiosk with code {self.code!r}")
        return identity


def create_leased_agent(settings: Settings, database: Database, bus: EventBus, code: str, *,
                        holder: str | None = None, auto_take: bool = False,
                        keys: CardKeys | None = None, cipher: TemplateCipher | None = None,
                        state_dir: Path | None = None) -> tuple[LeasedAgent, KioskAgentHost]:
    """The real KioskAgent of kiosk `code` under a lease: run `leased.run(stop)`; the
    host's `agent` is the driving agent (None while waiting)."""
    host = KioskAgentHost(settings, database, bus, code, auto_take=auto_take, keys=keys,
                          cipher=cipher, state_dir=state_dir)
    leased = LeasedAgent(settings, database, code, start_agent=host.start,
                         stop_agent=host.stop, holder=holder)
    return leased, host
