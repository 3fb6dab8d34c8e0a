"""One kiosk's agent process (`smartbranch kiosk agent`): drive the kiosk under its lease and
answer the web tier over NATS while driving, and only then.

The lease (kiosk/leased_agent.py) decides who drives; this adds the serving: the holder
subscribes the kiosk's subjects right after its agent started and unsubscribes right after
it stopped, so a standby never answers for a kiosk it does not drive, and a request that
comes while no one drives gets "no responders" (the web tier's 503).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.leased_agent import KioskAgentHost, LeasedAgent
from kiosk.remote.server import Subscriber, serve_agent
from kiosk.runner import KioskAgent
from shared.db import Database
from shared.devices.leases import Fence
from shared.events import EventBus
from shared.settings import Settings

log = logging.getLogger(__name__)


class ServedAgentHost:
    """Start the leased kiosk's agent and serve it; stop serving before it stops."""

    def __init__(self, host: KioskAgentHost, client: Subscriber):
        self.host = host
        self.client = client
        self._stop_serving: Callable[[], None] | None = None
        self._lock = threading.Lock()

    @property
    def agent(self) -> KioskAgent | None:
        """The driving agent, or None while waiting."""
        return self.host.agent

    def start(self, fence: Fence) -> KioskAgent:
        """Start the agent under `fence` (recovery first), then answer for it."""
        agent = self.host.start(fence)
        with self._lock:
            self._stop_serving = serve_agent(self.client, agent)
        return agent

    def stop(self) -> None:
        """Stop the agent at once (fenced out), then stop answering for it (503 from then).

        In that order: the lease may be lost, and unsubscribing waits on NATS, which may be
        as unreachable as the database; a request in between meets a stopped agent.
        """
        with self._lock:
            stop_serving, self._stop_serving = self._stop_serving, None
        try:
            self.host.stop()
        finally:
            if stop_serving is not None:
                try:
                    stop_serving()
                except Exception:  # nothing to undo: the subscriptions die with the link
                    log.exception("kiosk %s: unsubscribing failed", self.host.code)


def create_served_agent(settings: Settings, database: Database, bus: EventBus,
                        client: Subscriber, code: str, *, holder: str | None = None,
                        auto_take: bool = False, state_dir: Path | None = None,
                        ) -> tuple[LeasedAgent, ServedAgentHost]:
    """Kiosk `code`'s agent under its lease, served over `client` while it drives.

    Run `leased.run(stop)`; `served.agent` is the driving agent (None while waiting).
    """
    host = KioskAgentHost(settings, database, bus, code, auto_take=auto_take,
                          state_dir=state_dir)
    served = ServedAgentHost(host, client)
    leased = LeasedAgent(settings, database, code, start_agent=served.start,
                         stop_agent=served.stop, holder=holder)
    return leased, served
