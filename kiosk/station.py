"""One kiosk as its transaction flows see it: screen, customer actions, devices, database.

The flows (kiosk/flows/) depend on this and nothing above it: the agent that runs them
(kiosk/runner.py) builds a Station, and the flows only ever receive one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from hardware.registry import KioskDevices
from kiosk.actions import ActionInbox, ActionRecord
from kiosk.screen import Screen, ScreenState
from kiosk.turn import KioskTurn
from kiosk.visitor import Visitor
from kiosk.voice.kiosk_voice import KioskVoice
from shared.db import Database
from shared.devices.leases import Fence, StaleLease
from shared.events import EventBus
from shared.i18n.languages import language, shipped
from shared.models import Branch, Device
from shared.models.enums import DeviceKind, DeviceStatus
from shared.money import cards
from shared.money.card_keys import CardKeys
from shared.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class KioskIdentity:
    """Which kiosk this is: its device row, its code, its branch (and the branch's zone)."""

    device_id: int
    code: str
    branch_id: int
    timezone: str = "UTC"


def kiosk_identity(session, code: str) -> KioskIdentity | None:
    """Read kiosk `code`'s identity from the database; None if there is no such kiosk."""
    device = session.scalar(select(Device).where(Device.code == code,
                                                 Device.kind == DeviceKind.KIOSK))
    if device is None:
        return None
    return KioskIdentity(device.id, device.code, device.branch_id,
                         session.get(Branch, device.branch_id).timezone)


@dataclass
class CardHolder:
    """The customer whose card and PIN this visit checked (the PAN never leaves `card`)."""

    card: cards.PresentedCard
    customer_id: int
    name: str
    account_ids: list[int] = field(default_factory=list)

    def owns(self, account_id: int) -> bool:
        return account_id in self.account_ids


class Station:
    """What a flow may use of its kiosk, and nothing of the thread that runs it."""

    def __init__(self, *, settings: Settings, database: Database, bus: EventBus,
                 kiosk: KioskIdentity, devices: KioskDevices, keys: CardKeys,
                 voice: KioskVoice | None = None,
                 clock: Callable[[], float] = time.monotonic, fence: Fence | None = None):
        self.settings = settings
        self.timeouts = settings.kiosk_agent
        self.currency = settings.kiosk.currency
        # The screens' language: the kiosk's own, or the one the customer chose or has.
        self.language = settings.kiosk.language
        self.language_chosen = False  # the customer pressed a language this turn
        self.kiosk = kiosk
        self._devices = devices
        # The lease this station drives under (a kiosk agent process at a branch edge);
        # None: the embedded default, where one process owns every kiosk.
        self.fence = fence
        self._fenced_out: StaleLease | None = None
        self.keys = keys
        self.bus = bus
        self.clock = clock
        # None without a microphone.
        self.voice = voice
        self.visitor = Visitor(clock, settings.kiosk_agent.voice_hold_s)
        # The current customer's turn, noted by the flows for the kiosk.session fact.
        self.turn = KioskTurn(clock)
        self.inbox = ActionInbox()
        self.in_service = True
        self.last_activity = clock()
        # Set by the agent from other threads: the pad's own entry ends and the flow reads
        # why; a card went in; the listener checks voice_stop between chunks.
        self.pad_cancelled = threading.Event()
        self.card_inserted = threading.Event()
        self.voice_stop = threading.Event()
        self.stop_requested = threading.Event()
        self._database = database
        self._screen = ScreenState()

    @property
    def stopping(self) -> bool:
        return self.stop_requested.is_set()

    # -- the lease -------------------------------------------------------------------------
    @property
    def devices(self) -> KioskDevices:
        """The kiosk's devices; refused for good once this station lost its lease."""
        if self._fenced_out is not None:
            raise self._refusal()  # another agent may be driving them now
        return self._devices

    @property
    def fenced_out(self) -> bool:
        return self._fenced_out is not None

    def fence_out(self, refused: StaleLease) -> None:
        """Stop driving for good: no unit of work and no device command from now on."""
        if self._fenced_out is None:
            self._fenced_out = refused
            log.warning("kiosk %s: fenced out, no more device commands or commits: %s",
                        self.kiosk.code, refused.why)
        self.stop_requested.set()

    def _refusal(self) -> StaleLease:
        first = self._fenced_out
        return StaleLease(first.device_id, first.token, f"fenced out earlier ({first.why})")

    # -- the screen ------------------------------------------------------------------------
    def show(self, screen: Screen, message: str = "", **data) -> None:
        """Switch the touch UI to `screen` with its data (replacing the previous screen's)."""
        self._screen.show(screen, message, **data)

    def update(self, **data) -> None:
        self._screen.update(**data)

    def forget(self, *keys: str) -> None:
        self._screen.forget(*keys)

    @property
    def screen(self) -> Screen:
        return self._screen.get("screen")

    def showing(self, key: str) -> Any:
        """Return what the current screen holds under `key` (e.g. the accounts), or None."""
        return self._screen.get(key)

    def screen_state(self) -> dict[str, Any]:
        """A copy of everything the screen holds."""
        return self._screen.copy()

    # -- the language ----------------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        """The customer pressed a language: it holds until the turn ends."""
        self.language, self.language_chosen = language(code).code, True

    def use_customers_language(self, code: str | None) -> None:
        """A carded or recognised customer's own language, unless they chose one here."""
        own = shipped(code)
        if own is not None and not self.language_chosen:
            self.language = own.code

    @property
    def listens(self) -> bool:
        """The kiosk can hear the customer now: a microphone, and a recogniser that speaks
        the screen's language (English: PocketSphinx; Korean: Vosk; docs/LANGUAGES.md)."""
        return self.voice is not None and self.voice.language() == self.language

    def reset_language(self) -> None:
        """Back to the kiosk's own language for the next customer."""
        self.language, self.language_chosen = self.settings.kiosk.language, False

    # -- the customer's actions ------------------------------------------------------------
    def touched(self) -> None:
        """The customer did something: the inactivity time starts again."""
        self.last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    def next_action(self, timeout: float) -> ActionRecord | None:
        """Wait for the customer's next action, up to `timeout` of inactivity."""
        deadline = self.clock() + timeout
        while not self.stopping:
            remaining = min(deadline, self.last_activity + timeout) - self.clock()
            if remaining <= 0:
                return None
            record = self.inbox.take(min(remaining, 0.2))
            if record is not None:
                return record
        return None

    def poll_action(self) -> ActionRecord | None:
        return self.inbox.take(0)

    def drain(self, why: str) -> None:
        """Refuse whatever is queued or unanswered (the visit it belonged to has ended)."""
        self.inbox.refuse_all(why)

    # -- the database ----------------------------------------------------------------------
    def unit_of_work(self, work: Callable[..., T], *args, **kwargs) -> T:
        """Run `work(session, *args, **kwargs)` in its own committed transaction.

        Money services start their transaction themselves (begin_write); a flow commits
        each step here BEFORE it tells a device to act on it. Under a fence the lease is
        checked first in the same transaction (taking SQLite's write lock, which the
        services' own begin_write then finds taken): a stale agent's step is refused
        (StaleLease), nothing of it commits, and the station stops driving the kiosk.

        A step lost to the database going away (a restart, a dropped connection, a lock
        held too long) is tried again for `kiosk_agent.database_retry_s`, while this agent
        holds the kiosk: notes stored or presented must not stay unrecorded until some later
        tenure's recovery. Each try is a transaction of its own, and the money services
        refuse a step already taken, so a commit whose answer was lost is not made twice.
        """
        deadline = time.monotonic() + self.timeouts.database_retry_s
        delay = 0.2
        while True:
            try:
                return self._unit_of_work_once(work, *args, **kwargs)
            except (OperationalError, InterfaceError) as exc:
                if time.monotonic() + delay > deadline or self.stopping:
                    raise
                log.warning("kiosk %s: the database is away (%s); trying %s again in %.1f s",
                            self.kiosk.code, str(exc.orig or exc).splitlines()[0][:160],
                            getattr(work, "__name__", "the step"), delay)
                self.stop_requested.wait(delay)
                delay = min(delay * 2, 2.0)

    def _unit_of_work_once(self, work: Callable[..., T], *args, **kwargs) -> T:
        if self._fenced_out is not None:
            raise self._refusal()
        try:
            with self._database.session() as session:
                if self.fence is not None:
                    self.fence.check(session)
                return work(session, *args, **kwargs)
        except StaleLease as refused:
            # The database refused this agent's step: another agent may drive the kiosk.
            log.critical("kiosk %s: a step was REFUSED by the kiosk lease (%s); this agent "
                         "stops driving the kiosk", self.kiosk.code, refused)
            self.fence_out(refused)
            raise

    def refresh_service_state(self) -> bool:
        """Read whether the kiosk is in service (a suspect takes it out until reconciled)."""
        status = self.unit_of_work(_device_status, self.kiosk.device_id)
        self.in_service = status is not None and status != DeviceStatus.OUT_OF_SERVICE
        return self.in_service


def _device_status(session, device_id: int) -> DeviceStatus | None:
    device = session.get(Device, device_id)
    return device.status if device is not None else None
