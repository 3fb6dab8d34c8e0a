"""The centre's ingest: edge records from the hub's stream, applied once each, acked after commit.

Idempotence is the database's: each record's id is claimed in `edge_events_ingested` in the
same transaction as its effect, so a redelivery (an ack lost, an ingest killed after its
commit, a second ingest process racing) finds the id taken and changes nothing. Several
ingest processes bind one durable consumer and share its messages as a work queue.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from nats.js import api
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from shared.cluster.jetstream import JsMessage, PullConsumer, ack_all
from shared.cluster.nats_client import NatsClient, NatsUnavailable
from shared.cluster.records import (
    DoorArrival,
    DoorCount,
    DoorCrossing,
    DoorRecord,
    EdgeRecord,
    RecordFormatError,
)
from shared.cluster.streams import ensure_edge_sourced
from shared.db import Database
from shared.events.after_commit import publish_after_commit
from shared.events.bus import EventBus
from shared.events.payloads import Event
from shared.floor.traffic import record_crossing
from shared.floor.visits import record_arrival, record_traffic
from shared.models import Branch, EdgeEventIngested
from shared.settings import Settings

log = logging.getLogger(__name__)

DURABLE = "sb-ingest"
# Redelivered if not acked in this time: longer than a batch takes, short enough to recover.
ACK_WAIT_S = 30.0
# How long a record that failed for a passing reason (the database away) waits to come back.
RETRY_DELAY_S = 2.0


class RecordRejected(ValueError):
    """A record that can never be applied (unknown branch, device or customer; wrong branch)."""


@dataclass
class IngestCounts:
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    retried: int = 0

    def add(self, other: IngestCounts) -> None:
        self.applied += other.applied
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.retried += other.retried


def apply_records(session: Session, bus: EventBus, records: list[EdgeRecord],
                  branch_codes: dict[int, str] | None = None) -> list[bool]:
    """Apply records in the caller's transaction; for each, False if it was applied before.

    `branch_codes` (branch id to code) is a cache the caller may keep between calls.
    """
    codes = branch_codes if branch_codes is not None else {}
    ids = [r.id for r in records]
    taken = set(session.execute(
        select(EdgeEventIngested.event_id).where(EdgeEventIngested.event_id.in_(ids))
    ).scalars())
    fresh: list[bool] = []
    for record in records:
        if record.id in taken:
            fresh.append(False)
            continue
        _check_branch(session, record, codes)
        taken.add(record.id)
        session.add(EdgeEventIngested(event_id=record.id, branch=record.branch,
                                      kind=record.kind))
        fresh.append(True)
    # Claim every id before any effect: a racing ingest of one of them blocks here until
    # its transaction ends, then fails on the key instead of applying the effect twice.
    session.flush()
    counts: dict[tuple[int, int, datetime], list[int]] = {}
    for record, new in zip(records, fresh, strict=True):
        if not new:
            continue
        body = record.body
        if isinstance(body, DoorCount):
            # Counts add up: one locked update (and one announcement) per bucket per batch,
            # not one per record, which is what held the ingest of a busy door back.
            total = counts.setdefault((body.branch_id, body.device_id, body.bucket_start), [0, 0])
            total[0] += body.people
            total[1] += body.identified
        else:
            _apply_effect(session, bus, body)
    for (branch_id, device_id, bucket_start), (people, identified) in counts.items():
        record_traffic(session, bus, device_id, branch_id, bucket_start, people, identified)
    return fresh


def apply_record(session: Session, bus: EventBus, record: EdgeRecord) -> bool:
    """Apply one edge record in the caller's transaction; False if it was applied before."""
    return apply_records(session, bus, [record])[0]


def _apply_effect(session: Session, bus: EventBus, body: Event | DoorRecord) -> None:
    """Apply an event or a door arrival or crossing (counts are summed by apply_records)."""
    if isinstance(body, Event):
        publish_after_commit(session, bus, body)
    elif isinstance(body, DoorArrival):
        record_arrival(session, bus, body.branch_id, body.customer_id, body.score, body.at,
                       timedelta(seconds=body.window_s))
    elif isinstance(body, DoorCrossing):
        record_crossing(session, bus, body.device_id, body.branch_id, body.direction, body.at,
                        body.seconds_in_view, body.track_id, body.track_started)


def _check_branch(session: Session, record: EdgeRecord, codes: dict[int, str]) -> None:
    # An edge speaks for its own branch only: a record naming another is refused.
    branch_id = record.body.branch_id
    if branch_id not in codes:
        code = session.execute(select(Branch.code).where(Branch.id == branch_id)).scalar()
        if code is not None:
            codes[branch_id] = code  # branch codes do not change under a running ingest
    code = codes.get(branch_id)
    if code is None or code.lower() != record.branch.lower():
        raise RecordRejected(
            f"record {record.id} from {record.branch} names branch {branch_id} "
            f"({code or 'unknown'})")


def ensure_ingest_consumer(client: NatsClient, settings: Settings,
                           ack_wait_s: float = ACK_WAIT_S) -> PullConsumer:
    """Bind the durable pull consumer on the hub's edge stream (created if missing).

    `ack_wait_s` applies when the consumer is created; an existing one keeps its own.
    """
    config = api.ConsumerConfig(
        ack_wait=ack_wait_s,
        max_ack_pending=10_000,
        deliver_policy=api.DeliverPolicy.ALL,
    )
    return client.pull_consumer(settings.cluster.edge_stream, DURABLE, config=config)


class EdgeIngest:
    """Fetch batches from the hub's edge stream and apply them; ack only what is committed."""

    def __init__(self, database: Database, bus: EventBus, consumer: PullConsumer, *,
                 batch: int = 200, fetch_timeout_s: float = 1.0):
        self.database = database
        self.bus = bus
        self.consumer = consumer
        self.batch = batch
        self.fetch_timeout_s = fetch_timeout_s
        self.counts = IngestCounts()
        self._branch_codes: dict[int, str] = {}

    def run(self, stop: threading.Event) -> IngestCounts:
        """Ingest until `stop` is set; NATS or database outages are waited out."""
        while not stop.is_set():
            try:
                self.run_once()
            except NatsUnavailable as exc:
                log.warning("ingest cannot reach the hub (%s); retrying", exc)
                stop.wait(RETRY_DELAY_S)
            except Exception:
                # Unacked messages come back after the ack wait: nothing is lost by going on.
                log.exception("ingest batch failed; going on")
                stop.wait(RETRY_DELAY_S)
        return self.counts

    def run_once(self) -> IngestCounts:
        """Fetch one batch and apply it; return this batch's counts."""
        messages = self.consumer.fetch(self.batch, self.fetch_timeout_s)
        counts = self.apply_batch(messages) if messages else IngestCounts()
        self.counts.add(counts)
        return counts

    def apply_batch(self, messages: list[JsMessage]) -> IngestCounts:
        """Apply messages in one transaction (one by one if any fails), then settle each."""
        counts = IngestCounts()
        parsed: list[tuple[JsMessage, EdgeRecord]] = []
        for message in messages:
            try:
                parsed.append((message, EdgeRecord.from_bytes(message.data)))
            except RecordFormatError as exc:
                log.error("dropping a malformed edge message (seq %d): %s",
                          message.stream_seq, exc)
                message.term()
                counts.rejected += 1
        if not parsed:
            return counts
        try:
            with self.database.session(write=True) as session:
                applied = apply_records(session, self.bus, [r for _, r in parsed],
                                        self._branch_codes)
        except Exception:
            # One bad record must not hold up the rest, nor take them down with it: the
            # batch rolled back (its events with it), so try each in its own transaction.
            log.debug("batch of %d failed; applying one by one", len(parsed), exc_info=True)
            for n, (message, record) in enumerate(parsed):
                if not self._apply_one(message, record, counts):
                    # The database is away: the rest would fail the same way.
                    for later, _ in parsed[n + 1:]:
                        self._nak(later)
                        counts.retried += 1
                    break
            return counts
        try:
            ack_all([message for message, _ in parsed])
        except NatsUnavailable:
            # Committed already: the redeliveries will find their ids taken and be acked then.
            log.warning("acks of %d edge records lost; they will come back as duplicates",
                        len(parsed))
        counts.applied += sum(applied)
        counts.duplicates += len(applied) - sum(applied)
        return counts

    def _apply_one(self, message: JsMessage, record: EdgeRecord, counts: IngestCounts) -> bool:
        """Apply one record in its own transaction and settle it; False if the database is away."""
        try:
            with self.database.session(write=True) as session:
                [new] = apply_records(session, self.bus, [record], self._branch_codes)
        except (RecordRejected, LookupError) as exc:
            log.error("edge record %s (%s) rejected: %s", record.id, record.kind, exc)
            message.term()
            counts.rejected += 1
            return True
        except IntegrityError:
            # Another ingest committed the same id between our check and our claim.
            self._ack(message)
            counts.duplicates += 1
            return True
        except OperationalError as exc:
            log.warning("edge record %s not applied (database: %s); retrying later",
                        record.id, exc.orig)
            self._nak(message)
            counts.retried += 1
            return False
        except Exception:
            log.exception("edge record %s (%s) failed; retrying later", record.id, record.kind)
            self._nak(message)
            counts.retried += 1
            return True
        self._ack(message)
        if new:
            counts.applied += 1
        else:
            counts.duplicates += 1
        return True

    def _ack(self, message: JsMessage) -> None:
        try:
            message.ack()
        except NatsUnavailable:
            # Committed already: the redelivery will find the id taken and be acked then.
            log.warning("ack of edge record seq %d lost; it will come back as a duplicate",
                        message.stream_seq)

    def _nak(self, message: JsMessage) -> None:
        try:
            message.nak(delay_s=RETRY_DELAY_S)
        except NatsUnavailable:
            pass  # redelivered after the ack wait anyway


def create_ingest(settings: Settings, database: Database, bus: EventBus, client: NatsClient,
                  branch_codes: list[str] | None = None, *, ack_wait_s: float = ACK_WAIT_S,
                  batch: int = 200, fetch_timeout_s: float = 1.0) -> EdgeIngest:
    """Make sure of the hub's stream and these branches' sources; bind the consumer."""
    ensure_edge_sourced(client, settings, branch_codes or [])
    consumer = ensure_ingest_consumer(client, settings, ack_wait_s)
    return EdgeIngest(database, bus, consumer, batch=batch, fetch_timeout_s=fetch_timeout_s)
