"""One kiosk's agent: a thread that runs customer sessions on the kiosk's devices.

idle -> card inserted -> PIN -> menu -> transaction -> receipt -> card returned. The touch
UI reads `snapshot()` and sends customer actions with `submit()`; each action carries an
idempotency key, so a retried request is answered from the first one and never queued
twice (and the ledger key derived from it refuses a second posting even after a restart).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from hardware.registry import KioskDevices
from kiosk.voice.kiosk_voice import KioskVoice
from shared.biometrics.cipher import TemplateCipher
from shared.db import Database
from shared.events import EventBus
from shared.models import Branch, Device
from shared.models.enums import DeviceStatus
from shared.money.card_keys import CardKeys
from shared.money.cash import deposit, withdrawal
from shared.queue.notes import note_on_ticket
from shared.queue.tickets import issue_ticket
from shared.settings import Settings

log = logging.getLogger(__name__)


class Screen(StrEnum):
    STARTING = "starting"
    IDLE = "idle"
    OUT_OF_SERVICE = "out_of_service"
    READING = "reading"
    PIN = "pin"
    MENU = "menu"
    BUSY = "busy"
    TAKE_CASH = "take_cash"
    INSERT_NOTES = "insert_notes"
    CONFIRM_DEPOSIT = "confirm_deposit"
    WALLET_CODE = "wallet_code"
    TAKE_CARD = "take_card"
    TICKET = "ticket"
    VOICE = "voice"  # listening, reading an amount back, or showing challenge digits
    CONFIRM_REQUEST = "confirm_request"  # a request spoken before the card, after the PIN


class ActionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    REFUSED = "refused"


# What the customer can ask for (the touch UI's buttons).
ACTIONS = (
    "balance", "statement", "withdraw", "deposit", "deposit_confirm", "deposit_cancel",
    "transfer", "bill", "wallet", "talk", "no_card", "finish", "cancel", "done",
    "voice", "voice_check", "voice_stop", "confirm_request", "cancel_request",
)
MONEY_ACTIONS = frozenset({"withdraw", "deposit", "deposit_confirm", "transfer", "bill",
                           "wallet"})


class ActionConflict(ValueError):
    """The idempotency key was already used for a different action."""


@dataclass
class ActionRecord:
    key: str
    action: dict
    status: ActionStatus = ActionStatus.QUEUED
    outcome: dict = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, status: ActionStatus, **outcome) -> None:
        self.status = status
        self.outcome = outcome
        self.done.set()

    def as_dict(self) -> dict:
        return {"idempotency_key": self.key, "action": self.action["action"],
                "status": str(self.status), "outcome": self.outcome}


@dataclass(frozen=True)
class KioskIdentity:
    device_id: int
    code: str
    branch_id: int


class KioskAgent:
    """Run one kiosk: its devices, its customer sessions, its counter fallbacks."""

    def __init__(self, *, settings: Settings, database: Database, bus: EventBus,
                 kiosk: KioskIdentity, devices: KioskDevices, keys: CardKeys,
                 clock: Callable[[], float] = time.monotonic,
                 cipher: Callable[[], TemplateCipher] | None = None):
        self.settings = settings
        self.timeouts = settings.kiosk_agent
        self.database = database
        self.bus = bus
        self.kiosk = kiosk
        self.devices = devices
        self.keys = keys
        self.clock = clock
        self._lock = threading.RLock()
        self._inputs: queue.Queue[ActionRecord] = queue.Queue()
        self._actions: OrderedDict[str, ActionRecord] = OrderedDict()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: dict[str, Any] = {"screen": Screen.STARTING, "message": ""}
        self._greeting: tuple[int, str, float] | None = None
        self.in_service = True
        self.pad_cancelled = threading.Event()
        self.card_inserted = threading.Event()
        # Voice: None without a microphone. A spoken request made before the card waits
        # here (with its expiry) for a card; after the PIN the card holder must confirm it
        # on the screen, so it never moves money by itself.
        self.voice = (KioskVoice(settings, devices.microphone, cipher)
                      if devices.microphone is not None else None)
        self.voice_stop = threading.Event()
        self._voice_request: tuple[dict, float] | None = None
        devices.card_reader.add_listener(self._on_card_event)
        self.last_activity = clock()

    def _on_card_event(self, event) -> None:
        if event.name == "card.inserted":
            self.card_inserted.set()

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Recover this kiosk's interrupted cash sessions, reset the devices, start serving."""
        self.recover()
        self.devices.reset_all()
        self._thread = threading.Thread(target=self._run, name=f"kiosk-{self.kiosk.code}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.devices.pin_pad.cancel()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def recover(self) -> dict:
        """Run withdrawal and deposit recovery for this kiosk (after a restart)."""
        with self.database.session() as session:
            out = withdrawal.WITHDRAWAL.recover(session, device_id=self.kiosk.device_id)
        with self.database.session() as session:
            back = deposit.DEPOSIT.recover(session, device_id=self.kiosk.device_id)
        if out.suspects or back.suspects or out.released or back.rolled_back:
            log.warning("kiosk %s recovered: released %s, rolled back %s, suspects %s",
                        self.kiosk.code, out.released, back.rolled_back,
                        out.suspects + back.suspects)
        return {"released": out.released, "rolled_back": back.rolled_back,
                "suspects": out.suspects + back.suspects}

    # -- what the touch UI sees and sends ------------------------------------------------
    def snapshot(self) -> dict:
        """The current screen and what it shows (never a PAN or a PIN digit)."""
        with self._lock:
            state = dict(self._state)
            greeting = self._greeting
        state["screen"] = str(state["screen"])
        state["kiosk"] = self.kiosk.code
        state["in_service"] = self.in_service
        state["pin_digits"] = self.devices.pin_pad.status().digits if (
            state["screen"] == Screen.PIN) else 0
        idle_for = self.clock() - self.last_activity
        state["seconds_left"] = max(0, int(self.timeouts.inactivity_timeout_s - idle_for))
        if greeting and greeting[2] > self.clock():
            state["greeting"] = greeting[1]
        state["voice_available"] = self.voice is not None
        return state

    def submit(self, action: dict) -> ActionRecord:
        """Queue a customer action once per idempotency key; a replay gets the first record."""
        key = action["idempotency_key"]
        with self._lock:
            found = self._actions.get(key)
            if found is not None:
                if found.action != action:
                    raise ActionConflict("this idempotency key was used for another action")
                return found
            record = ActionRecord(key, dict(action))
            self._actions[key] = record
            while len(self._actions) > 500:
                self._actions.popitem(last=False)
        self.last_activity = self.clock()
        screen = self._state["screen"]
        if action["action"] in ("cancel", "talk") and screen == Screen.PIN:
            self.pad_cancelled.set()  # the pad's own entry ends; the flow reads why
            self.devices.pin_pad.cancel()
        if action["action"] == "voice_stop" and screen == Screen.VOICE:
            self.voice_stop.set()  # the listener checks it between chunks
        self._inputs.put(record)
        return record

    def greet(self, customer_id: int, name: str, seconds: float = 120.0) -> None:
        """A face match: greet and prefill. It never authorises anything."""
        with self._lock:
            self._greeting = (customer_id, name, self.clock() + seconds)

    def hold_voice_request(self, action: dict, seconds: float | None = None) -> None:
        """Keep a spoken request for a card inserted within `seconds` (voice_hold_s)."""
        seconds = seconds or self.timeouts.voice_hold_s
        with self._lock:
            self._voice_request = (dict(action), self.clock() + seconds)

    def voice_request(self) -> dict | None:
        """The spoken request waiting for a card, if still fresh."""
        with self._lock:
            held = self._voice_request
        return dict(held[0]) if held and held[1] > self.clock() else None

    def take_voice_request(self) -> dict | None:
        """Return (if still fresh) and forget the waiting spoken request."""
        with self._lock:
            held, self._voice_request = self._voice_request, None
        return dict(held[0]) if held and held[1] > self.clock() else None

    def drop_lapsed_voice_request(self) -> bool:
        """Forget a spoken request whose time ran out; True if one was dropped just now."""
        with self._lock:
            held = self._voice_request
            if held is None or held[1] > self.clock():
                return False
            self._voice_request = None
        return True

    def greeted_customer(self) -> int | None:
        with self._lock:
            if self._greeting and self._greeting[2] > self.clock():
                return self._greeting[0]
        return None

    # -- helpers the flows use -------------------------------------------------------
    def show(self, screen: Screen, message: str = "", **data) -> None:
        """Switch the touch UI to `screen` with its data (replacing the previous screen's)."""
        with self._lock:
            keep = {k: self._state[k] for k in ("customer", "accounts", "billers", "result",
                                                  "ticket") if k in self._state}
            self._state = {**keep, "screen": screen, "message": message, **data}

    def update(self, **data) -> None:
        with self._lock:
            self._state.update(data)

    def forget(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._state.pop(key, None)

    def next_action(self, timeout: float) -> ActionRecord | None:
        """Wait for the customer's next action, up to `timeout` of inactivity."""
        deadline = self.clock() + timeout
        while not self._stop.is_set():
            remaining = min(deadline, self.last_activity + timeout) - self.clock()
            if remaining <= 0:
                return None
            try:
                record = self._inputs.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                continue
            record.status = ActionStatus.RUNNING
            return record
        return None

    def poll_action(self) -> ActionRecord | None:
        try:
            record = self._inputs.get_nowait()
        except queue.Empty:
            return None
        record.status = ActionStatus.RUNNING
        return record

    def drain(self, why: str) -> None:
        """Refuse whatever is queued or unanswered (the session it belonged to has ended)."""
        while (record := self.poll_action()) is not None:
            record.finish(ActionStatus.REFUSED, error=why)
        with self._lock:
            unanswered = [r for r in self._actions.values() if not r.done.is_set()]
        for record in unanswered:
            record.finish(ActionStatus.REFUSED, error=why)

    def unit_of_work(self, work: Callable[[Session], Any]) -> Any:
        """Run `work` in its own committed transaction (money services start it themselves)."""
        with self.database.session() as session:
            return work(session)

    def refresh_service_state(self) -> bool:
        """Read whether the kiosk is in service (a suspect takes it out until reconciled)."""
        device = self.unit_of_work(lambda s: s.get(Device, self.kiosk.device_id))
        self.in_service = device is not None and device.status != DeviceStatus.OUT_OF_SERVICE
        return self.in_service

    def issue_ticket(self, reason: str, service: str, context: dict,
                     customer_id: int | None = None) -> dict:
        """Give the customer a counter ticket carrying what they were doing; show and print it.

        The ticket is committed first and shown with its QR code whatever the printer does;
        paper out or a fault only loses the paper, and the ticket's context says so.
        """
        from kiosk.flows.ticket import print_ticket, qr_svg, queue_path, queue_url

        context = {"kiosk": self.kiosk.code, **context}

        def work(session: Session) -> dict:
            ticket = issue_ticket(session, self.bus, self.kiosk.branch_id, service, reason,
                                  context=context, customer_id=customer_id,
                                  device_id=self.kiosk.device_id)
            branch = session.get(Branch, self.kiosk.branch_id)
            return {"number": ticket.number, "service": service, "reason": reason,
                    "id": ticket.id, "branch": branch.code, "branch_name": branch.name,
                    "issued_at": ticket.created_at.strftime("%Y-%m-%d %H:%M UTC")}

        ticket = self.unit_of_work(work)
        ticket["queue_path"] = queue_path(ticket["branch"])
        ticket["queue_url"] = queue_url(self.settings.kiosk_agent.public_url, ticket["branch"],
                                        ticket["number"])
        ticket["qr_svg"] = qr_svg(ticket["queue_url"])
        log.info("kiosk %s: counter ticket %s (%s)", self.kiosk.code, ticket["number"], reason)
        with self._lock:
            self._state["ticket"] = ticket
        ticket["printed"] = print_ticket(self, ticket)
        try:
            self.unit_of_work(lambda session: note_on_ticket(session, ticket["id"],
                                                             ticket_print=ticket["printed"]))
        except Exception:  # the ticket stands; only the note about its paper is missing
            log.exception("kiosk %s: could not note the print of ticket %s", self.kiosk.code,
                          ticket["number"])
        with self._lock:
            self._state["ticket"] = dict(ticket)
        return ticket

    # -- the loop ---------------------------------------------------------------------
    def _run(self) -> None:
        from kiosk.flows.session import run_idle

        while not self._stop.is_set():
            try:
                run_idle(self)
            except Exception:  # the loop must survive anything and keep the kiosk up
                log.exception("kiosk %s: idle loop failed", self.kiosk.code)
                time.sleep(0.5)

    # -- for tests and the simulator page -------------------------------------------------
    def wait_for(self, predicate: Callable[[dict], bool], timeout: float = 10.0) -> dict:
        """Wait until the snapshot satisfies `predicate`; return it (or raise TimeoutError)."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.snapshot()
            if predicate(state):
                return state
            if time.monotonic() > deadline:
                raise TimeoutError(f"kiosk {self.kiosk.code} stuck at {state}")
            time.sleep(0.02)
