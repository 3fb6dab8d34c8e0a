"""A door watcher's recorder at a branch edge: records go to the centre by store and forward.

The visits, crossings and counts are written at the centre by its ingest (with the same
floor services DbVisitRecorder calls), so they survive the branch's link being down. Each
record has an id made from what it records, so a retry by the watcher is one record.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime, timedelta

import numpy as np

from kiosk.door.crossing import Crossing
from kiosk.door.recorder import Arrival
from shared.cluster.edge_events import EdgeOutbox
from shared.cluster.records import DoorArrival, DoorCount, DoorCrossing, EdgeRecord
from shared.db import Database
from shared.models import Branch
from shared.models.enums import PrivacyMode

log = logging.getLogger(__name__)

# The visit is opened at the centre, later: an arrival sent from an edge has no visit id yet.
FORWARDED_VISIT_ID = 0


def _ms(at: datetime) -> int:
    return round(at.timestamp() * 1000)


class EdgeVisitRecorder:
    """VisitRecorder that forwards door records through the branch's edge stream."""

    def __init__(self, outbox: EdgeOutbox, database: Database, branch_id: int, device_id: int,
                 window: timedelta = timedelta(minutes=60)):
        self.outbox = outbox
        self.database = database
        self.branch_id = branch_id
        self.device_id = device_id
        self.window = window
        self._mode: PrivacyMode | None = None
        # Count records of one bucket are deltas, and two may be equal: each gets the next
        # number, and this recorder's own boot id keeps a restarted watcher's apart.
        self._boot = uuid.uuid4().hex[:8]
        self._sent_per_bucket: dict[datetime, int] = {}
        self._lock = threading.Lock()

    def privacy_mode(self) -> PrivacyMode:
        """The branch's mode from the central database; the last known one if that fails."""
        try:
            with self.database.session() as session:
                mode = PrivacyMode(session.get(Branch, self.branch_id).privacy_mode)
        except Exception as exc:
            if self._mode is None:
                raise
            log.warning("privacy mode unreadable (%s); keeping %s", exc, self._mode)
            return self._mode
        self._mode = mode
        return mode

    def arrive(self, customer_id: int, score: float, now: datetime,
               frame: np.ndarray | None = None, quality: float = 0.0) -> Arrival | None:
        """Forward the arrival; the centre checks consent and opens the visit (or not).

        `frame` is never sent: an encoding does not leave the branch. Learning from clear
        matches needs the visit's confirmation at the centre, so an edge does not learn.
        """
        record = DoorArrival(branch_id=self.branch_id, customer_id=customer_id,
                             score=float(score), at=now,
                             window_s=self.window.total_seconds())
        self._send(f"door-a-{self.device_id}-{customer_id}-{_ms(now)}", record)
        return Arrival(visit_id=FORWARDED_VISIT_ID, customer_id=customer_id, display_name="")

    def cross(self, crossing: Crossing) -> None:
        record = DoorCrossing(
            branch_id=self.branch_id, device_id=self.device_id,
            direction=str(crossing.direction), at=crossing.at,
            seconds_in_view=float(crossing.seconds_in_view), track_id=int(crossing.track_id),
            track_started=crossing.track_started,
        )
        # The crossing key's parts: the same track's crossing is the same record.
        self._send(f"door-x-{self.device_id}-{_ms(crossing.track_started)}-{crossing.track_id}",
                   record)

    def count(self, bucket_start: datetime, people: int, identified: int) -> None:
        with self._lock:
            number = self._sent_per_bucket.get(bucket_start, 0)
            record = DoorCount(branch_id=self.branch_id, device_id=self.device_id,
                               bucket_start=bucket_start, people=int(people),
                               identified=int(identified))
            ident = f"door-c-{self.device_id}-{self._boot}-{_ms(bucket_start)}-{number}"
            self._send(ident, record)  # raises if not taken: the retry reuses the number
            self._sent_per_bucket[bucket_start] = number + 1
            self._forget_old_buckets(bucket_start)

    def _forget_old_buckets(self, latest: datetime) -> None:
        if len(self._sent_per_bucket) > 64:
            for bucket in sorted(self._sent_per_bucket)[:-32]:
                if bucket < latest:
                    del self._sent_per_bucket[bucket]

    def _send(self, ident: str, body: DoorArrival | DoorCrossing | DoorCount) -> None:
        self.outbox.send(EdgeRecord(ident, self.outbox.branch_code, body))
