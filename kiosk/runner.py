"""One kiosk's agent: the thread that runs the kiosk's flows on its station, until stopped.

idle -> card inserted -> PIN -> menu -> transaction -> receipt -> card returned (the flows,
kiosk/flows/). The touch UI reads `snapshot()` and sends customer actions with `submit()`;
each action carries an idempotency key, so a retried request is answered from the first
one and never queued twice (and the ledger key derived from it refuses a second posting
even after a restart).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from hardware.registry import KioskDevices
from kiosk import simulator_control
from kiosk.actions import ActionRecord
from kiosk.cash_counters import read_after_reset
from kiosk.flows.idle import Idle
from kiosk.localised import localised
from kiosk.screen import Screen
from kiosk.station import KioskIdentity, Station
from kiosk.voice.kiosk_voice import KioskVoice
from shared.biometrics.cipher import TemplateCipher
from shared.db import Database
from shared.devices.leases import Fence, StaleLease
from shared.events import EventBus
from shared.money.card_keys import CardKeys
from shared.money.cash.deposit import DEPOSIT
from shared.money.cash.withdrawal import WITHDRAWAL
from shared.settings import Settings

log = logging.getLogger(__name__)


class KioskAgent:
    """Run one kiosk: recover its cash sessions, then serve its customers on a thread."""

    def __init__(self, *, settings: Settings, database: Database, bus: EventBus,
                 kiosk: KioskIdentity, devices: KioskDevices, keys: CardKeys,
                 clock: Callable[[], float] = time.monotonic,
                 cipher: Callable[[], TemplateCipher] | None = None,
                 fence: Fence | None = None):
        voice = (KioskVoice(settings, devices.microphone, cipher)
                 if devices.microphone is not None else None)
        # `fence`: the kiosk lease this agent drives under (kiosk/leased_agent.py); every
        # unit of work, recovery included, checks it. None in the embedded default.
        self.station = Station(settings=settings, database=database, bus=bus, kiosk=kiosk,
                               devices=devices, keys=keys, voice=voice, clock=clock,
                               fence=fence)
        self.database = database
        self._idle = Idle(self.station)
        self._thread: threading.Thread | None = None
        self.recovered: dict = {}  # what start()'s recovery did (see recover())
        # Kept apart from the station's devices, which are refused once it is fenced out.
        self._card_reader = devices.card_reader
        self._card_reader.add_listener(self._on_card_event)

    # The kiosk's parts, for the API, the simulator page and tests.
    @property
    def kiosk(self) -> KioskIdentity:
        return self.station.kiosk

    @property
    def settings(self) -> Settings:
        return self.station.settings

    @property
    def devices(self) -> KioskDevices:
        return self.station.devices

    @property
    def voice(self) -> KioskVoice | None:
        return self.station.voice

    def _on_card_event(self, event) -> None:
        if event.name == "card.inserted":
            self.station.card_inserted.set()

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Reset the devices, recover this kiosk's interrupted cash sessions, start serving."""
        self.recovered = self.recover()
        self._thread = threading.Thread(target=self._run, name=f"kiosk-{self.kiosk.code}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.station.stop_requested.set()
        if not self.station.fenced_out:  # a fenced-out agent commands no device, not even this
            self.devices.pin_pad.cancel()
        if self._thread is not None:
            self._thread.join(timeout)
        # Devices may outlive this agent (real ones serve every tenure of the process); a
        # listener left behind would keep each stopped agent, and all it holds, alive.
        self._card_reader.remove_listener(self._on_card_event)

    def fence_out(self, refused: StaleLease) -> None:
        """Stop driving the kiosk at once (its lease was lost): no device command from now."""
        self.station.fence_out(refused)

    def recover(self) -> dict:
        """Reset the devices and read their counters, then run withdrawal and deposit
        recovery for this kiosk (after a restart), each in its own unit of work under the
        agent's fence (a stale agent is refused before it resets anything)."""
        device_id = self.kiosk.device_id
        self.station.unit_of_work(lambda session: None)  # the fence, before any device moves
        # A reset only moves notes inward (exit and transport to the bins), so it may come
        # before the database hears of it; the counters after it are recovery's evidence.
        self.devices.reset_all()
        reading = read_after_reset(self.devices)
        out = self.station.unit_of_work(WITHDRAWAL.recover, device_id=device_id,
                                        reading=reading)
        back = self.station.unit_of_work(DEPOSIT.recover, device_id=device_id, reading=reading)
        settled = {str(state): ids for report in (out, back)
                   for state, ids in report.closed.items()}
        if settled or out.suspects or back.suspects:
            log.warning("kiosk %s recovered: %s (by the devices' counters: %s), suspects %s",
                        self.kiosk.code, settled or "none closed",
                        out.by_counters + back.by_counters, out.suspects + back.suspects)
        return {"closed": settled, "suspects": out.suspects + back.suspects,
                "by_counters": out.by_counters + back.by_counters}

    def refresh_service_state(self) -> bool:
        """Read whether the kiosk is in service (a suspect takes it out until reconciled)."""
        return self.station.refresh_service_state()

    # -- what the touch UI sees and sends ------------------------------------------------
    def snapshot(self) -> dict:
        """The current screen and what it shows (never a PAN or a PIN digit)."""
        station = self.station
        state = station.screen_state()
        greeting = station.visitor.greeting()
        state["screen"] = str(state["screen"])
        state["kiosk"] = self.kiosk.code
        state["in_service"] = station.in_service
        state["pin_digits"] = self.devices.pin_pad.status().digits if (
            state["screen"] == Screen.PIN) else 0
        state["seconds_left"] = max(0, int(station.timeouts.inactivity_timeout_s
                                           - station.idle_for()))
        if greeting:
            state["greeting"] = greeting
        state["voice_available"] = station.listens
        return localised(state, station.language)

    def choose_language(self, code: str) -> str:
        """The customer pressed a language button; the screens speak it until the turn ends."""
        self.station.choose_language(code)
        self.station.touched()
        return self.station.language

    def submit(self, action: dict, *, wait_s: float = 0.0) -> ActionRecord:
        """Queue a customer action once per idempotency key; a replay gets the first record.

        With `wait_s`, wait up to that long for the action to finish (the actions endpoint).
        """
        record = self._submit(action)
        if wait_s > 0:
            record.done.wait(wait_s)
        return record

    def _submit(self, action: dict) -> ActionRecord:
        station = self.station
        record, queued = station.inbox.submit(action)
        if not queued:
            return record
        station.touched()
        screen = station.screen
        if action["action"] in ("cancel", "talk") and screen == Screen.PIN:
            station.pad_cancelled.set()  # the pad's own entry ends; the flow reads why
            self.devices.pin_pad.cancel()
        if action["action"] == "voice_stop" and screen == Screen.VOICE:
            station.voice_stop.set()  # the listener checks it between chunks
        return record

    def greet(self, customer_id: int, name: str, seconds: float = 120.0,
              face_distance: float | None = None) -> None:
        """A face match: greet and prefill. It never authorises anything."""
        self.station.visitor.greet(customer_id, name, seconds, face_distance)
        self.station.touched()  # the customer asked: the inactivity time starts again

    def forget_greeting(self) -> None:
        """No one is greeted any more: a face that matched no one asked, so the name on
        screen, and any ticket from the idle screen, would be someone else's."""
        station = self.station
        station.visitor.forget()
        if not station.language_chosen:  # the greeted customer's language goes with them
            station.reset_language()

    def use_customers_language(self, code: str | None) -> None:
        """A recognised customer's own language, unless they chose one here."""
        self.station.use_customers_language(code)

    def screen_language(self) -> str:
        """The language the screens speak now (the kiosk's own, or the customer's)."""
        return self.station.language

    def simulate(self, op: str, args: dict | None = None) -> Any:
        """Act as the customer's hands on the simulated devices (the simulator page)."""
        return simulator_control.perform(self.kiosk.code, self.devices, self.settings, op,
                                         args or {})

    # -- the loop ---------------------------------------------------------------------
    def _run(self) -> None:
        while not self.station.stopping:
            try:
                self._idle.cycle()
            except StaleLease:  # another agent holds the kiosk: stop here, touch nothing
                log.critical("kiosk %s: this agent's lease was lost; it stops driving the "
                             "kiosk", self.kiosk.code)
                return
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
