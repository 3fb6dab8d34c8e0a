"""The soak's door cameras: door counts and arrivals through each branch edge's outbox.

Each record goes through the branch's EdgeOutbox into its leaf's stream, exactly as a door
watcher's (kiosk/door/edge_recorder.py), with an id that says what it adds (feed_ids.py).
Arrivals are of customers with an active face consent (given to a few here when the data
has too few: the demo's customers consent only when enrolled), so the centre opens a visit and
publishes CustomerArrived, which the branch's tablets receive: the push latency of the
soak is measured on these.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from shared.biometrics.consent import consenting_customer_ids, give_consent
from shared.cluster.edge_events import EdgeBacklogFull, EdgeOutbox
from shared.cluster.nats_client import NatsClient
from shared.cluster.records import DoorArrival, DoorCount, EdgeRecord
from shared.models import Branch, Customer, Device
from shared.models.enums import ConsentChannel, DeviceKind, Modality
from shared.settings import Settings
from smartbranch.benchmarks.cluster import feed_ids
from smartbranch.benchmarks.cluster.database import open_database

log = logging.getLogger(__name__)

# One arrival in this many records; the rest are door counts.
ARRIVAL_EVERY = 3
# A visit window of zero: every arrival opens its own visit (the door cameras' hour would
# swallow a repeated customer, and with it an arrival applied twice, which we must see).
WINDOW_S = 0.0
# Customers the feed gives a face consent when the data has fewer consenting ones (the
# demo data's customers consent only when enrolled with faces): arrivals need consent.
CONSENTING = 20
CONSENT_TEXT = "soak-v1"
# How long stop() waits for records still held in memory (the leaf is at the branch and
# stays reachable when the link to the centre is cut).
FLUSH_S = 60.0


@dataclass(frozen=True)
class BranchDoor:
    """What the feed needs of one branch: its ids and its consenting customers."""

    code: str
    branch_id: int
    door_id: int
    customers: tuple[int, ...]


@dataclass
class DoorReport:
    sent_ids: set[str]
    arrivals: int = 0
    counts: int = 0
    # Records the outbox would not take (its backlog full): never sent, not in sent_ids.
    refused: int = 0
    unflushed: int = 0  # still in an outbox's memory at stop: lost with this process
    per_branch: dict[str, int] = field(default_factory=dict)


def ensure_consenting(session, count: int) -> list[int]:
    """Give a face consent (online, text "soak-v1") to customers until `count` have one."""
    ids = consenting_customer_ids(Modality.FACE).subquery()
    have = set(session.scalars(select(ids.c.customer_id)))
    if len(have) < count:
        others = session.scalars(select(Customer.id).where(Customer.id.not_in(have))
                                 .order_by(Customer.id).limit(count - len(have)))
        for customer_id in others:
            give_consent(session, customer_id, Modality.FACE, CONSENT_TEXT,
                         ConsentChannel.ONLINE)
            have.add(customer_id)
    return sorted(have)


def branch_doors(session, codes: list[str]) -> dict[str, BranchDoor]:
    """Each branch's id, first door camera and the customers with an active face consent."""
    ids = consenting_customer_ids(Modality.FACE).subquery()
    consenting = tuple(session.scalars(select(ids.c.customer_id).distinct()
                                       .order_by(ids.c.customer_id)))
    doors: dict[str, BranchDoor] = {}
    for code in codes:
        branch_id = session.scalar(select(Branch.id).where(Branch.code == code))
        if branch_id is None:
            raise LookupError(f"no branch {code}")
        door_id = session.scalar(select(Device.id).where(
            Device.branch_id == branch_id, Device.kind == DeviceKind.DOOR_CAMERA)
            .order_by(Device.code).limit(1))
        if door_id is None:
            raise LookupError(f"branch {code} has no door camera device")
        doors[code] = BranchDoor(code, branch_id, door_id, consenting)
    return doors


class DoorFeed:
    """Send `rate_per_s` door records in all, round the branches, until stop()."""

    def __init__(self, branch_leaf_urls: dict[str, str], database_url: str, rate_per_s: float,
                 *, settings: Settings | None = None, consenting: int = CONSENTING):
        self.leaf_urls = dict(branch_leaf_urls)
        self.database_url = database_url
        self.rate_per_s = rate_per_s
        self.settings = settings
        self.consenting = consenting
        self.run = feed_ids.run_token()
        self._report = DoorReport(sent_ids=set())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._clients: dict[str, NatsClient] = {}
        self._outboxes: dict[str, EdgeOutbox] = {}
        self._doors: dict[str, BranchDoor] = {}

    def start(self) -> None:
        database = open_database(self.database_url, self.settings)
        try:
            with database.session() as session:
                ensure_consenting(session, self.consenting)
            with database.session() as session:
                self._doors = branch_doors(session, list(self.leaf_urls))
        finally:
            database.dispose()
        for code, url in self.leaf_urls.items():
            client = NatsClient(url, name=f"soak-door-feed-{code}")
            client.wait_connected(5.0)  # the outbox holds records until it connects
            self._clients[code] = client
            self._outboxes[code] = EdgeOutbox(client, code)
        self._thread = threading.Thread(target=self._run, name="door-feed", daemon=True)
        self._thread.start()

    def stop(self) -> DoorReport:
        """Stop sending, wait for the outboxes to store what they hold, and report."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        deadline = time.monotonic() + FLUSH_S
        for outbox in self._outboxes.values():
            outbox.flush(max(0.0, deadline - time.monotonic()))
            self._report.unflushed += outbox.backlog
            outbox.close()
        for client in self._clients.values():
            client.close()
        return self._report

    def _run(self) -> None:
        interval = 1.0 / self.rate_per_s if self.rate_per_s > 0 else 1.0
        codes = list(self._doors)
        next_at = time.monotonic()
        seq = 0
        while not self._stop.is_set():
            # Paced against the clock, not by sleeping a fixed time after each send.
            self._stop.wait(max(0.0, next_at - time.monotonic()))
            next_at += interval
            if self._stop.is_set() or self.rate_per_s <= 0:
                continue
            door = self._doors[codes[seq % len(codes)]]
            arrival = (seq // len(codes)) % ARRIVAL_EVERY == 0 and door.customers
            try:
                self._send(door, seq, bool(arrival))
            except EdgeBacklogFull:
                self._report.refused += 1
            except Exception:  # noqa: BLE001 - one failed record must not stop the feed
                log.exception("door feed: sending a record of %s failed", door.code)
            seq += 1

    def _send(self, door: BranchDoor, seq: int, arrival: bool) -> None:
        now = datetime.now(UTC)
        if arrival:
            customer = door.customers[(seq // ARRIVAL_EVERY) % len(door.customers)]
            ident = feed_ids.arrival_id(self.run, seq, door.branch_id, customer, now)
            # The id carries the time in milliseconds: the record carries the same time.
            at = feed_ids.parse(ident).at
            body = DoorArrival(branch_id=door.branch_id, customer_id=customer, score=0.3,
                               at=at, window_s=WINDOW_S)
        else:
            bucket = feed_ids.feed_bucket(now)
            ident = feed_ids.count_id(self.run, seq, door.door_id, bucket)
            body = DoorCount(branch_id=door.branch_id, device_id=door.door_id,
                             bucket_start=bucket, people=1, identified=0)
        self._outboxes[door.code].send(EdgeRecord(ident, door.code, body))
        self._report.sent_ids.add(ident)
        self._report.per_branch[door.code] = self._report.per_branch.get(door.code, 0) + 1
        if arrival:
            self._report.arrivals += 1
        else:
            self._report.counts += 1
