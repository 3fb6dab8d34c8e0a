"""The ids the soak's door feed gives its records: they say what each record adds.

The end checks read them back (checks.event_checks): an arrival id names the branch,
customer and time of the visit it opens, a count id the door camera and the bucket it adds
one person to, so an effect applied twice shows in the database without the stream.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "feed"
# A feed count's bucket starts this far past a whole second: the door cameras' buckets
# start on whole seconds (shared.floor.visits.bucket_start), so the two never share a row.
BUCKET_OFFSET = timedelta(milliseconds=7)
# The burst's buckets: apart from the feed's, so a burst started within the second of the
# feed's last count never adds to that row (the check counts a row's people per sender).
BURST_BUCKET_OFFSET = timedelta(milliseconds=8)


def run_token() -> str:
    """A short token that keeps one run's ids apart from another's."""
    return uuid.uuid4().hex[:10]


def _ms(at: datetime) -> int:
    return round(at.timestamp() * 1000)


def _at(ms: str) -> datetime:
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC)


def feed_bucket(now: datetime, offset: timedelta = BUCKET_OFFSET) -> datetime:
    """The feed's bucket for `now`: its second, plus `offset`."""
    return now.replace(microsecond=0) + offset


def arrival_id(run: str, seq: int, branch_id: int, customer_id: int, at: datetime) -> str:
    return f"{PREFIX}-{run}-a{seq}-{branch_id}-{customer_id}-{_ms(at)}"


def count_id(run: str, seq: int, device_id: int, bucket: datetime) -> str:
    return f"{PREFIX}-{run}-c{seq}-{device_id}-{_ms(bucket)}"


@dataclass(frozen=True)
class FeedArrival:
    branch_id: int
    customer_id: int
    at: datetime


@dataclass(frozen=True)
class FeedCount:
    device_id: int
    bucket: datetime


def parse(record_id: str) -> FeedArrival | FeedCount | None:
    """What a feed id says it adds; None for any other id (door cameras, kiosks)."""
    parts = record_id.split("-")
    if len(parts) < 4 or parts[0] != PREFIX or not parts[2][1:].isdigit():
        return None
    try:
        if parts[2][0] == "a" and len(parts) == 6:
            return FeedArrival(int(parts[3]), int(parts[4]), _at(parts[5]))
        if parts[2][0] == "c" and len(parts) == 5:
            return FeedCount(int(parts[3]), _at(parts[4]))
    except ValueError:
        return None
    return None
