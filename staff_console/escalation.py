"""The worker that escalates arrivals nobody claimed in time."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from shared.db import Database
from shared.events import EventBus
from shared.floor.arrivals import escalate_unclaimed

log = logging.getLogger(__name__)


class EscalationWorker:
    """Looks every `poll` seconds; one session per pass; errors are logged and survived."""

    def __init__(self, database: Database, bus: EventBus, after: timedelta, poll: float):
        self.database = database
        self.bus = bus
        self.after = after
        self.poll = poll
        self.stop_event = threading.Event()

    def run_once(self) -> list[int]:
        with self.database.session() as session:
            return escalate_unclaimed(session, self.bus, self.after)

    def run(self) -> None:
        while not self.stop_event.wait(self.poll):
            try:
                escalated = self.run_once()
            except Exception:
                log.exception("escalating unclaimed arrivals failed; will retry")
                continue
            if escalated:
                log.info("escalated unclaimed arrivals: %s", escalated)

    def stop(self) -> None:
        self.stop_event.set()
