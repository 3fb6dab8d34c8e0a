"""The burst phase: many door counts through the edges at once; the centre's apply rate."""

from __future__ import annotations

import functools
import logging
import threading
import time
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
                 sent_ids: set[str] | None = None, kind: str = "count") -> float:
    """Publish `events` door counts spread over the branches (threads per edge) and return
    events/s applied at the centre: from the first publish until every id is ingested.

    `kind` "count": door counts, what an edge sends most (one per person through the door),
    each a row lock and an update at the centre; "event": kiosk session outcomes (typed
    events: a claim and a publish on the central bus each). `sent_ids`, when given,
    receives every id sent (for checks.event_checks). On timeout (default: 60 s plus 10 ms
    an event) the rate of what was applied by then is returned and the shortfall logged.
    """
    base = settings or load_settings()
    database = open_database(database_url, base)
    run = feed_ids.run_token()
    prefix = f"{feed_ids.PREFIX}-{run}-"
    with database.session() as session:
        doors = branch_doors(session, list(leaf_urls))
    hub = NatsClient(hub_url, name="soak-burst-hub")
    try:
        if not hub.wait_connected(10.0):
            raise RuntimeError(f"the NATS hub at {hub_url} does not answer")
        # The ingest sources the edges it was started for; make sure of these too.
        ensure_edge_sourced(hub, base, list(leaf_urls))
    finally:
        hub.close()
    if kind not in RECORDS:
        raise ValueError(f"kind must be one of {sorted(RECORDS)}, not {kind!r}")
    make = functools.partial(RECORDS[kind], run)
    codes = list(leaf_urls)
    # One publisher (connection and outbox) stores about a thousand records a second: at
    # least MIN_PUBLISHERS of them, so the centre, not the sending, sets the rate.
    publishers = [codes[n % len(codes)] for n in range(max(len(codes), MIN_PUBLISHERS))]
    shares = [events // len(publishers) + (1 if n < events % len(publishers) else 0)
              for n in range(len(publishers))]
    ids: list[set[str]] = [set() for _ in publishers]
    started = threading.Event()
    first_publish: list[float] = []
    lock = threading.Lock()

    def publish(index: int, code: str) -> None:
        client = NatsClient(leaf_urls[code], name=f"soak-burst-{code}-{index}")
        outbox = EdgeOutbox(client, code)
        door = doors[code]
        try:
            client.wait_connected(5.0)
            started.wait()
            with lock:
                first_publish.append(time.monotonic())
            for seq in range(shares[index]):
                record = make(door, seq * len(publishers) + index)
                outbox.send(record)
                with lock:
                    ids[index].add(record.id)
            outbox.flush(60.0)
        finally:
            outbox.close()
            client.close()

    threads = [threading.Thread(target=publish, args=(n, code), daemon=True)
               for n, code in enumerate(publishers)]
    for thread in threads:
        thread.start()
    started.set()
    deadline = time.monotonic() + (timeout_s if timeout_s is not None else 60 + events / 100)
    applied = 0
    try:
        while time.monotonic() < deadline:
            with database.session() as session:
                if kind == "event":
                    with lock:
                        sent = sorted(set().union(*ids))
                    applied = len(ingested_ids(session, sent))
                else:
                    applied = session.scalar(
                        select(func.count()).select_from(EdgeEventIngested)
                        .where(EdgeEventIngested.event_id.like(prefix + "%")))
            if applied >= events:
                break
            time.sleep(POLL_S)
        finished = time.monotonic()
    finally:
        for thread in threads:
            thread.join(timeout=5)
        database.dispose()
    for part in ids:
        if sent_ids is not None:
            sent_ids.update(part)
    if applied < events:
        log.warning("burst: %d of %d events applied before the timeout", applied, events)
    elapsed = finished - min(first_publish) if first_publish else float("inf")
    return applied / elapsed if elapsed > 0 else 0.0

