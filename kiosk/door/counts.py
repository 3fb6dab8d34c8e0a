"""Anonymous foot-traffic counts per time bucket, held until they are written."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

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
