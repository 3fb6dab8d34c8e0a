"""The kiosk agents of this process: one per kiosk, created on first use with its devices."""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app
from sqlalchemy import select

from hardware.registry import create_kiosk_devices
from kiosk.runner import KioskAgent
from kiosk.station import KioskIdentity
from shared.biometrics.cipher import TemplateCipher
from shared.db import Database
from shared.events import EventBus
from shared.models import Branch, Device
from shared.models.enums import DeviceKind
from shared.money.card_keys import CardKeys
from shared.settings import Settings

log = logging.getLogger(__name__)
EXTENSION = "smartbranch.kiosk_agents"


class KioskAgentPool:
    """Create each kiosk's agent lazily (recovering its cash sessions first); stop them all."""

    def __init__(self, settings: Settings, database: Database, bus: EventBus, *,
                 auto_take: bool = False, cipher: TemplateCipher | None = None):
        self.settings = settings
        self.cipher = cipher  # None: TemplateCipher.from_settings on the first voice check
        self.database = database
        self.bus = bus
        self.auto_take = auto_take
        self._agents: dict[str, KioskAgent] = {}
        self._lock = threading.Lock()
        self._keys: CardKeys | None = None

    def get(self, code: str) -> KioskAgent | None:
        """Return the running agent of kiosk `code`, starting it on first use; None if no kiosk."""
        with self._lock:
            agent = self._agents.get(code)
            if agent is not None:
                return agent
            with self.database.session() as session:
                device = session.scalar(select(Device).where(
                    Device.code == code, Device.kind == DeviceKind.KIOSK))
                if device is None:
                    return None
                identity = KioskIdentity(device.id, device.code, device.branch_id,
                                         session.get(Branch, device.branch_id).timezone)
            self._keys = self._keys or CardKeys.from_settings(self.settings)
            devices = create_kiosk_devices(self.settings, code, auto_take=self.auto_take,
                                           keys=self._keys)
            cipher = self.cipher
            agent = KioskAgent(settings=self.settings, database=self.database, bus=self.bus,
                               kiosk=identity, devices=devices, keys=self._keys,
                               cipher=(lambda: cipher) if cipher is not None else None)
            agent.start()
            self._agents[code] = agent
            log.info("kiosk agent %s started", code)
            return agent

    def running(self) -> list[KioskAgent]:
        with self._lock:
            return list(self._agents.values())

    def stop_all(self) -> None:
        with self._lock:
            agents, self._agents = list(self._agents.values()), {}
        for agent in agents:
            agent.stop()


def init_app(app: Flask, database: Database, bus: EventBus) -> KioskAgentPool:
    agents = KioskAgentPool(app.extensions["smartbranch.settings"], database, bus,
                         cipher=app.extensions.get("smartbranch.template_cipher"))
    app.extensions[EXTENSION] = agents
    return agents


def get_agent_pool() -> KioskAgentPool:
    return current_app.extensions[EXTENSION]
