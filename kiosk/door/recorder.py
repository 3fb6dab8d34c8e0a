"""Where the door watcher writes: the branch's privacy mode, arrivals, crossings and counts.

The watcher decides who is at the door and which way they crossed; the floor services it
calls here own the rest: the consent check, the visit, the facts, the counts, and their
events on the bus after each commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np

from kiosk.door.crossing import Crossing
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.learning import hold_candidate
from shared.db import Database
from shared.events import EventBus
from shared.floor.traffic import record_crossing
from shared.floor.visits import record_arrival, record_traffic
from shared.models import Branch, Customer
from shared.models.enums import PrivacyMode
from shared.settings import TemplateLearningSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Learning:
    """What the recorder needs to hold a clear match's frame: the cipher, model, settings."""

    cipher: TemplateCipher
    model_version: str
    settings: TemplateLearningSettings


@dataclass(frozen=True)
class Arrival:
    visit_id: int
    customer_id: int
    display_name: str


class VisitRecorder(Protocol):
    """Where the watcher writes: the branch's privacy mode, visits, crossings and counts."""

    def privacy_mode(self) -> PrivacyMode: ...

    def arrive(self, customer_id: int, score: float, now: datetime,
               frame: np.ndarray | None = None, quality: float = 0.0) -> Arrival | None:
        """Open and announce a consenting customer's visit; None if not consenting or open.

        `frame` (a clear match's encoding) is kept sealed for the visit's confirmation, if
        the recorder learns and the customer consents; never otherwise.
        """
        ...

    def cross(self, crossing: Crossing) -> None:
        """Record one door entry or exit (a retried one is recorded once)."""
        ...

    def count(self, bucket_start: datetime, people: int, identified: int) -> None: ...


class DbVisitRecorder:
    """VisitRecorder over the floor services: one session per unit of work."""

    def __init__(
        self,
        database: Database,
        bus: EventBus,
        branch_id: int,
        device_id: int,
        window: timedelta = timedelta(minutes=60),
        learning: Learning | None = None,
    ):
        self.learning = learning
        self.database = database
        self.bus = bus
        self.branch_id = branch_id
        self.device_id = device_id
        self.window = window

    def privacy_mode(self) -> PrivacyMode:
        with self.database.session() as session:
            return PrivacyMode(session.get(Branch, self.branch_id).privacy_mode)

    def arrive(self, customer_id: int, score: float, now: datetime,
               frame: np.ndarray | None = None, quality: float = 0.0) -> Arrival | None:
        with self.database.session(write=True) as session:
            visit = record_arrival(
                session, self.bus, self.branch_id, customer_id, score, now, self.window
            )
            if visit is None:
                return None
            if frame is not None and self.learning is not None:
                self._hold(session, visit.id, customer_id, frame, score, quality)
            name = session.get(Customer, customer_id).display_name
            return Arrival(visit.id, customer_id, name)

    def _hold(self, session, visit_id: int, customer_id: int, frame: np.ndarray,
              distance: float, quality: float) -> None:
        """Keep the frame for the visit's confirmation; a failure costs the learning only."""
        learning = self.learning
        try:
            with session.begin_nested():
                hold_candidate(session, learning.cipher, visit_id, customer_id, frame,
                               quality=quality, distance=distance,
                               model_version=learning.model_version, cfg=learning.settings)
        except Exception:
            log.exception("holding visit %d's frame for learning failed", visit_id)

    def cross(self, crossing: Crossing) -> None:
        with self.database.session(write=True) as session:
            record_crossing(
                session, self.bus, self.device_id, self.branch_id, crossing.direction,
                crossing.at, crossing.seconds_in_view, crossing.track_id, crossing.track_started,
            )

    def count(self, bucket_start: datetime, people: int, identified: int) -> None:
        with self.database.session(write=True) as session:
            record_traffic(
                session, self.bus, self.device_id, self.branch_id, bucket_start, people,
                identified,
            )
