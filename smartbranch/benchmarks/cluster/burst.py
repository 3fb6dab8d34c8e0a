"""The burst phase: many door counts through the edges at once; the centre's apply rate."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import func, select

from shared.cluster.edge_events import EdgeOutbox
from shared.cluster.nats_client import NatsClient
from shared.cluster.records import DoorCount, EdgeRecord
from shared.cluster.streams import ensure_edge_sourced
from shared.events import Event
from shared.events.payloads import KioskSessionEnded
from shared.models import EdgeEventIngested
from shared.settings import Settings, load_settings
from smartbranch.benchmarks.cluster import feed_ids
from smartbranch.benchmarks.cluster.database import open_database
from smartbranch.benchmarks.cluster.doors import BranchDoor, branch_doors
from smartbranch.benchmarks.cluster.event_checks import ingested_ids

log = logging.getLogger(__name__)

POLL_S = 0.1
MIN_PUBLISHERS = 4


def door_count(run: str, door: BranchDoor, seq: int) -> EdgeRecord:
    bucket = feed_ids.feed_bucket(datetime.now(UTC), feed_ids.BURST_BUCKET_OFFSET)
    return EdgeRecord(feed_ids.count_id(run, seq, door.door_id, bucket), door.code, DoorCount(
        branch_id=door.branch_id, device_id=door.door_id, bucket_start=bucket, people=1,
        identified=0))


def kiosk_outcome(run: str, door: BranchDoor, seq: int) -> EdgeRecord:
    event = Event(door.branch_id, KioskSessionEnded(f"{door.code}-K1", "completed", "", 30.0))
    return EdgeRecord.of_event(door.code, event)


RECORDS = {"count": door_count, "event": kiosk_outcome}


def burst_ingest(hub_url: str, leaf_urls: dict[str, str], database_url: str, events: int, *,
                 settings: Settings | None = None, timeout_s: float | None = None,
                 sent_ids: set[str] | None = None, kind: str = "count",
                 hold: Callable[[], AbstractContextManager] | None = None) -> float:
    """Publish `events` door counts spread over the branches (threads per edge) and return
    events/s applied at the centre.

    Without `hold`: from the first publish until every id is ingested, end to end. The
    publishers are threads of this one process, so on a small machine they, not the centre,
    can set that rate. With `hold` (a context manager that holds the centre's ingest, e.g.
    the lab's `ingest_held`): every event is stored at the hub first, as after a link that
    was down, and the rate is the centre's drain of that backlog, from its release.

    `kind` "count": door counts, what an edge sends most (one per person through the door),
    each a row lock and an update at the centre; "event": kiosk session outcomes (typed
    events: a claim and a publish on the central bus each). `sent_ids`, when given,
    receives every id sent (for checks.event_checks). On timeout (default: 60 s plus 10 ms
    an event) the rate of what was applied by then is returned and the shortfall logged.
    """
    base = settings or load_settings()
    if kind not in RECORDS:
        raise ValueError(f"kind must be one of {sorted(RECORDS)}, not {kind!r}")
    database = open_database(database_url, base)
    run = feed_ids.run_token()
    try:
        with database.session() as session:
            doors = branch_doors(session, list(leaf_urls))
        hub = NatsClient(hub_url, name="soak-burst-hub")
        try:
            if not hub.wait_connected(10.0):
                raise RuntimeError(f"the NATS hub at {hub_url} does not answer")
            # The ingest sources the edges it was started for; make sure of these too.
            ensure_edge_sourced(hub, base, list(leaf_urls))
            publish = _Publishers(leaf_urls, doors, functools.partial(RECORDS[kind], run),
                                  events)
            if hold is None:
                publish.start()
                started = publish.first_publish()
            else:
                with hold():
                    publish.start()
                    publish.join()
                    _wait_sourced(hub, base.cluster.edge_stream)
                started = time.monotonic()
        finally:
            hub.close()
        deadline = time.monotonic() + (timeout_s if timeout_s is not None else 60 + events / 100)
        applied = _wait_applied(database, kind, f"{feed_ids.PREFIX}-{run}-", publish, events,
                                deadline)
        finished = time.monotonic()
        publish.join(5.0)
    finally:
        database.dispose()
    if sent_ids is not None:
        sent_ids.update(publish.ids())
    if applied < events:
        log.warning("burst: %d of %d events applied before the timeout", applied, events)
    elapsed = finished - started if started is not None else float("inf")
    return applied / elapsed if elapsed > 0 else 0.0


class _Publishers:
    """Threads that send a burst's records through the edges' outboxes, ids kept."""

    def __init__(self, leaf_urls: dict[str, str], doors: dict[str, BranchDoor],
                 make: Callable[[BranchDoor, int], EdgeRecord], events: int):
        codes = list(leaf_urls)
        # Several connections and outboxes (at least MIN_PUBLISHERS), so no one outbox's
        # acks set the pace. They are threads of this one process, so on a small machine
        # the sending can still set the end-to-end rate; a held burst measures the centre.
        self.codes = [codes[n % len(codes)] for n in range(max(len(codes), MIN_PUBLISHERS))]
        count = len(self.codes)
        self.shares = [events // count + (1 if n < events % count else 0) for n in range(count)]
        self.leaf_urls, self.doors, self.make = leaf_urls, doors, make
        self._ids: list[set[str]] = [set() for _ in self.codes]
        self._first: list[float] = []
        self._lock = threading.Lock()
        self._go = threading.Event()
        self._threads = [threading.Thread(target=self._publish, args=(n, code), daemon=True)
                         for n, code in enumerate(self.codes)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        self._go.set()

    def join(self, timeout_s: float = 120.0) -> None:
        for thread in self._threads:
            thread.join(timeout=timeout_s)

    def first_publish(self, timeout_s: float = 10.0) -> float | None:
        """When the first publisher began sending (None if none did in time)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if self._first:
                    return min(self._first)
            time.sleep(0.01)
        return None

    def ids(self) -> set[str]:
        with self._lock:
            return set().union(*self._ids)

    def _publish(self, index: int, code: str) -> None:
        client = NatsClient(self.leaf_urls[code], name=f"soak-burst-{code}-{index}")
        outbox = EdgeOutbox(client, code)
        door = self.doors[code]
        try:
            client.wait_connected(5.0)
            self._go.wait()
            with self._lock:
                self._first.append(time.monotonic())
            for seq in range(self.shares[index]):
                record = self.make(door, seq * len(self.codes) + index)
                outbox.send(record)
                with self._lock:
                    self._ids[index].add(record.id)
            outbox.flush(60.0)
        finally:
            outbox.close()
            client.close()


def _wait_sourced(hub: NatsClient, stream: str, timeout_s: float = 120.0) -> None:
    """Wait until the hub's stream has taken every message its sources hold (lag 0)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sources = hub.stream_info(stream).sources or []
        if all((source.lag or 0) == 0 for source in sources):
            return
        time.sleep(POLL_S)
    log.warning("burst: the hub had not sourced the whole backlog after %.0f s", timeout_s)


def _wait_applied(database, kind: str, prefix: str, publish: _Publishers, events: int,
                  deadline: float) -> int:
    """Poll the centre until `events` of this burst are applied or the deadline passes."""
    applied = 0
    while time.monotonic() < deadline:
        with database.session() as session:
            if kind == "event":
                applied = len(ingested_ids(session, sorted(publish.ids())))
            else:
                applied = session.scalar(
                    select(func.count()).select_from(EdgeEventIngested)
                    .where(EdgeEventIngested.event_id.like(prefix + "%")))
        if applied >= events:
            break
        time.sleep(POLL_S)
    return applied
