"""The kiosk agents the web tier talks to: in this process (one per kiosk, created on first
use with its devices), or each in a process of its own reached over NATS (kiosk/remote).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app, jsonify, request

from hardware.registry import create_kiosk_devices
from kiosk.remote.client import RemoteAgentPool
from kiosk.remote.protocol import AGENT_NOT_RUNNING, AgentUnavailable
from kiosk.runner import KioskAgent
from kiosk.station import kiosk_identity
from shared.biometrics.cipher import TemplateCipher
from shared.db import Database
from shared.events import EventBus
from shared.i18n.text import localise
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
                identity = kiosk_identity(session, code)
            if identity is None:
                return None
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


def init_app(app: Flask, database: Database, bus: EventBus) -> KioskAgentPool | RemoteAgentPool:
    """Attach the kiosks' agents: remote when `cluster.remote_kiosk_agents`, else in here."""
    settings: Settings = app.extensions["smartbranch.settings"]
    if settings.cluster.remote_kiosk_agents:
        # No web process drives a device: each kiosk's agent is its own process (issue 14).
        agents = RemoteAgentPool(settings, database)
    else:
        agents = KioskAgentPool(settings, database, bus,
                                cipher=app.extensions.get("smartbranch.template_cipher"))
    app.extensions[EXTENSION] = agents
    app.register_error_handler(AgentUnavailable, _agent_unavailable)
    return agents


def _agent_unavailable(exc: AgentUnavailable):
    """503 with a sentence for the touch page: the kiosk's agent process is not answering."""
    settings: Settings = current_app.extensions["smartbranch.settings"]
    message = localise(AGENT_NOT_RUNNING, settings.kiosk.language)
    if not request.path.startswith("/api/"):
        return message, 503
    return jsonify(code=503, status="Service Unavailable", message=message,
                   errors={"code": "agent_unavailable"}), 503


def get_agent_pool() -> KioskAgentPool | RemoteAgentPool:
    return current_app.extensions[EXTENSION]
