"""Anonymous foot-traffic counts and door crossings, held until they are written."""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.door.crossing import Crossing
from kiosk.door.decisions import bucket_of

log = logging.getLogger(__name__)


class CountWriter(Protocol):
    def count(self, bucket_start: datetime, people: int, identified: int) -> None: ...


class PendingCounts:
    """People (and how many were identified) per bucket; numbers only, never a face."""

    def __init__(self, bucket: timedelta):
        self.bucket = bucket
        self._pending: dict[datetime, list[int]] = {}  # bucket -> [people, identified]

    def add(self, now: datetime, people: int = 0, identified: int = 0) -> None:
        pending = self._pending.setdefault(bucket_of(now, self.bucket), [0, 0])
        pending[0] += people
        pending[1] += identified

    def flush(self, writer: CountWriter) -> None:
        """Write each bucket, oldest first; on a failure keep it and the rest for next time."""
        for bucket, (people, identified) in sorted(self._pending.items()):
            if people == 0 and identified == 0:
                del self._pending[bucket]
                continue
            try:
                writer.count(bucket, people, identified)
            except Exception:
                log.exception("writing foot traffic failed; will retry")
                return
            del self._pending[bucket]


class CrossingWriter(Protocol):
    def cross(self, crossing: Crossing) -> None: ...


class PendingCrossings:
    """Crossings not yet written, oldest first; positions and times only, never a face."""

    def __init__(self):
        self._pending: deque[Crossing] = deque()

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, crossing: Crossing) -> None:
        self._pending.append(crossing)

    def flush(self, writer: CrossingWriter) -> bool:
        """Write each crossing in order; on a failure keep it and the rest; True if all went."""
        while self._pending:
            try:
                writer.cross(self._pending[0])
            except Exception:
                log.exception("writing a door crossing failed; will retry")
                return False
            self._pending.popleft()
        return True
