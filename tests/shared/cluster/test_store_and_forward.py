"""Store and forward over real nats-server processes: an edge's events reach the centre once.

A hub and one branch leaf run as real processes; the edge stores into its leaf's stream, the
hub's stream sources it across the leaf link, and the ingest applies each record to a real
database (commits are real: `fresh_database`) exactly once, whatever is cut or killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from nats.js.api import RetentionPolicy
from sqlalchemy import func, select

from kiosk.door.crossing import Crossing
from kiosk.door.edge_recorder import FORWARDED_VISIT_ID, EdgeVisitRecorder
from shared.analytics.kinds import FactKind
from shared.biometrics.consent import give_consent
from shared.cluster.edge_events import EdgeBus, EdgeOutbox
from shared.cluster.ingest import create_ingest
from shared.cluster.names import edge_event_subject
from shared.cluster.nats_client import NatsClient, NatsUnavailable
from shared.cluster.records import DoorCount, EdgeRecord
from shared.events import DeviceUnavailable, Event, EventKind, InProcessBus
from shared.floor.traffic import Direction
from shared.models import AnalyticsFact, EdgeEventIngested, FootTrafficCount, Visit
from shared.models.enums import ConsentChannel, DeviceKind, Modality, PrivacyMode
from shared.models.organisation import Device
from tests.factories import make_branch, make_customer

pytestmark = pytest.mark.nats

# Short, so a message held by a killed ingest comes back within the test.
ACK_WAIT_S = 1.5
ARRIVE_TIMEOUT_S = 20.0


class Floor:
    """The branch, its door camera and a consenting customer, committed for real."""

    def __init__(self, database, code: str):
        with database.session() as session:
            branch = make_branch(session, code=code, privacy_mode=PrivacyMode.AMBIENT)
            door = Device(branch_id=branch.id, code=f"{code}-DOOR-1",
                          kind=DeviceKind.DOOR_CAMERA, name="Door")
            session.add(door)
            customer = make_customer(session, branch)
            give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
            session.flush()
            self.branch_id, self.door_id, self.customer_id = branch.id, door.id, customer.id


@pytest.fixture(scope="module")
def floor(fresh_database, nats_pair) -> Floor:
    return Floor(fresh_database, nats_pair.branch)


@pytest.fixture(scope="module")
def edge_client(nats_pair):
    client = NatsClient(nats_pair.leaf.url, name="edge")
    assert client.wait_connected(5)
    yield client
    client.close()


@pytest.fixture(scope="module")
def hub_client(nats_pair):
    client = NatsClient(nats_pair.hub.url, name="centre")
    assert client.wait_connected(5)
    yield client
    client.close()


@pytest.fixture(scope="module")
def outbox(edge_client, nats_pair):
    box = EdgeOutbox(edge_client, nats_pair.branch, retry_s=0.1)
    yield box
    box.close()


@pytest.fixture(scope="module")
def central_bus():
    bus = InProcessBus()
    bus.received = []
    bus.subscribe(bus.received.append)
    return bus


@pytest.fixture(scope="module")
def ingest(fresh_database, central_bus, hub_client, nats_pair, floor):
    return create_ingest(fresh_database.settings, fresh_database, central_bus, hub_client,
                         [nats_pair.branch], ack_wait_s=ACK_WAIT_S, batch=50,
                         fetch_timeout_s=0.3)


@pytest.fixture(autouse=True)
def _healed(nats_pair):
    yield
    nats_pair.heal()


def ingested(database, ids) -> int:
    with database.session() as session:
        return session.execute(
            select(func.count()).select_from(EdgeEventIngested)
            .where(EdgeEventIngested.event_id.in_(list(ids)))
        ).scalar_one()


def drain_until(ingest, database, ids, timeout_s: float = ARRIVE_TIMEOUT_S) -> None:
    """Run the ingest until every id is in the database (and a little more, for strays)."""
    ids = set(ids)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            ingest.run_once()
            if ingested(database, ids) == len(ids):
                ingest.run_once()  # anything doubled would come now
                return
        except NatsUnavailable:
            time.sleep(0.2)  # the hub is still coming back (as EdgeIngest.run waits)
    pytest.fail(f"only {ingested(database, ids)} of {len(ids)} records reached the centre")


def device_event(floor: Floor, i: int) -> Event:
    return Event(floor.branch_id, DeviceUnavailable(f"K{i}", "kiosk", "jam"))


def test_events_stored_while_the_hub_is_down_arrive_once(
        nats_pair, outbox, edge_client, fresh_database, central_bus, ingest, floor):
    edge_bus = EdgeBus(fresh_database.settings, nats_pair.branch, edge_client, outbox=outbox)
    local = []
    edge_bus.subscribe(local.append)
    nats_pair.hub.stop()
    events = [device_event(floor, i) for i in range(5)]
    for event in events:
        edge_bus.publish(event)
    edge_bus.publish(events[0])  # the same event again (a retry): one message in the stream
    assert outbox.backlog == 0, "the leaf should store while the hub is away"
    assert len(local) == 6  # local listeners hear everything at once

    nats_pair.heal()
    ids = [e.id for e in events]
    drain_until(ingest, fresh_database, ids)

    assert ingested(fresh_database, ids) == 5
    delivered = Counter(e.id for e in central_bus.received)
    assert all(delivered[i] == 1 for i in ids), delivered
    assert {e.id: e for e in central_bus.received}[ids[2]] == events[2]


def test_records_wait_in_memory_while_the_leaf_is_down(
        nats_pair, outbox, edge_client, fresh_database, central_bus, ingest, floor):
    edge_bus = EdgeBus(fresh_database.settings, nats_pair.branch, edge_client, outbox=outbox)
    nats_pair.leaf.stop()
    deadline = time.monotonic() + 5
    while edge_client.connected and time.monotonic() < deadline:
        time.sleep(0.02)
    events = [device_event(floor, 10 + i) for i in range(4)]
    for event in events:
        edge_bus.publish(event)
    assert outbox.backlog == 4

    nats_pair.heal()
    assert outbox.flush(10), "the backlog was not stored once the leaf came back"
    ids = [e.id for e in events]
    drain_until(ingest, fresh_database, ids)
    assert ingested(fresh_database, ids) == 4
    delivered = [e.id for e in central_bus.received if e.id in ids]
    assert delivered == ids, "records kept their order through the backlog"


def test_a_record_sent_twice_under_two_msg_ids_is_applied_once(
        nats_pair, edge_client, fresh_database, ingest, floor):
    # JetStream de-duplicates equal msg ids; the ingest table catches what gets past it.
    bucket = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    record = EdgeRecord("twice-1", nats_pair.branch,
                        DoorCount(floor.branch_id, floor.door_id, bucket, people=3, identified=1))
    subject = edge_event_subject(nats_pair.branch)
    edge_client.js_publish(subject, record.to_bytes(), msg_id="twice-1-a")
    edge_client.js_publish(subject, record.to_bytes(), msg_id="twice-1-b")
    before = ingest.counts.duplicates
    drain_until(ingest, fresh_database, [record.id])
    deadline = time.monotonic() + 5
    while ingest.counts.duplicates == before and time.monotonic() < deadline:
        ingest.run_once()
    assert ingest.counts.duplicates == before + 1
    with fresh_database.session() as session:
        row = session.execute(select(FootTrafficCount).where(
            FootTrafficCount.device_id == floor.door_id,
            FootTrafficCount.bucket_start == bucket)).scalar_one()
        assert (row.people, row.identified) == (3, 1)


def test_door_records_make_visits_and_traffic_once(
        nats_pair, outbox, fresh_database, central_bus, ingest, floor):
    recorder = EdgeVisitRecorder(outbox, fresh_database, floor.branch_id, floor.door_id,
                                 window=timedelta(minutes=60))
    assert recorder.privacy_mode() is PrivacyMode.AMBIENT
    now = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)
    arrival = recorder.arrive(floor.customer_id, 0.3, now, frame=None)
    assert (arrival.visit_id, arrival.customer_id) == (FORWARDED_VISIT_ID, floor.customer_id)
    recorder.arrive(floor.customer_id, 0.28, now + timedelta(minutes=5))  # same visit
    crossing = Crossing(track_id=7, direction=Direction.IN, at=now,
                        track_started=now - timedelta(seconds=3), seconds_in_view=3.0,
                        across=0.5)
    recorder.cross(crossing)
    recorder.cross(crossing)  # the watcher's retry: one record
    bucket = now.replace(minute=0)
    recorder.count(bucket, people=2, identified=1)
    recorder.count(bucket, people=2, identified=1)  # a second, equal delta: both count

    ms = lambda at: round(at.timestamp() * 1000)  # noqa: E731
    door, customer = floor.door_id, floor.customer_id
    ids = [
        f"door-a-{door}-{customer}-{ms(now)}",
        f"door-a-{door}-{customer}-{ms(now + timedelta(minutes=5))}",
        f"door-x-{door}-{ms(crossing.track_started)}-7",
        f"door-c-{door}-{recorder._boot}-{ms(bucket)}-0",
        f"door-c-{door}-{recorder._boot}-{ms(bucket)}-1",
    ]
    drain_until(ingest, fresh_database, ids)

    with fresh_database.session() as session:
        visits = session.execute(select(Visit).where(
            Visit.customer_id == floor.customer_id)).scalars().all()
        entries = session.execute(select(func.count()).select_from(AnalyticsFact).where(
            AnalyticsFact.kind == FactKind.DOOR_ENTRY,
            AnalyticsFact.dim == f"{nats_pair.branch}-DOOR-1")).scalar_one()
        traffic = session.execute(select(FootTrafficCount).where(
            FootTrafficCount.device_id == floor.door_id,
            FootTrafficCount.bucket_start == bucket)).scalar_one()
        door_rows = session.execute(select(func.count()).select_from(EdgeEventIngested).where(
            EdgeEventIngested.event_id.like("door-%"))).scalar_one()
    assert len(visits) == 1 and visits[0].arrived_at == now
    assert entries == 1
    assert (traffic.people, traffic.identified) == (4, 2)
    assert door_rows == 5  # two arrivals, one crossing (sent twice), two counts
    arrived = [e for e in central_bus.received if e.kind == EventKind.CUSTOMER_ARRIVED]
    assert len(arrived) == 1 and arrived[0].payload.visit_id == visits[0].id


def test_privacy_mode_keeps_the_last_known_value_when_the_database_fails(
        outbox, fresh_database, floor):
    recorder = EdgeVisitRecorder(outbox, fresh_database, floor.branch_id, floor.door_id)
    assert recorder.privacy_mode() is PrivacyMode.AMBIENT

    class Broken:
        def session(self, **_):
            raise ConnectionError("central database unreachable")

    recorder.database = Broken()
    assert recorder.privacy_mode() is PrivacyMode.AMBIENT
    fresh = EdgeVisitRecorder(outbox, Broken(), floor.branch_id, floor.door_id)
    with pytest.raises(ConnectionError):
        fresh.privacy_mode()  # nothing known yet: the watcher keeps its own mode


def _ingest_process(database, hub_url: str, branch: str) -> subprocess.Popen:
    settings = database.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBRANCH_")}
    env.update({
        "SMARTBRANCH_PROFILE": "testing",
        "SMARTBRANCH_DATABASE_URL": settings.database.url,
        "SMARTBRANCH_APP_DATA_DIR": str(settings.app.data_dir),
        "SMARTBRANCH_CLUSTER_NATS_URL": hub_url,
        "SMARTBRANCH_EVENTS_BACKEND": "memory",
    })
    return subprocess.Popen(
        [sys.executable, "-c", "from smartbranch.cli import main; main()",
         "ingest", "--branch", branch, "--batch", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def test_an_ingest_killed_mid_stream_loses_and_doubles_nothing(
        nats_pair, outbox, hub_client, fresh_database, ingest, floor):
    recorder = EdgeVisitRecorder(outbox, fresh_database, floor.branch_id, floor.door_id)
    bucket = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    total = 300
    for _ in range(total):
        recorder.count(bucket, people=1, identified=0)
    assert outbox.backlog == 0

    def applied() -> int:
        with fresh_database.session() as session:
            return session.execute(select(func.count()).select_from(EdgeEventIngested).where(
                EdgeEventIngested.event_id.like(
                    f"door-c-{floor.door_id}-{recorder._boot}-%"))).scalar_one()

    process = _ingest_process(fresh_database, nats_pair.hub.url, nats_pair.branch)
    try:
        deadline = time.monotonic() + ARRIVE_TIMEOUT_S
        while applied() < 20 and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"ingest exited: {process.stdout.read().decode()[-2000:]}")
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(5)
    finally:
        if process.poll() is None:
            process.kill()
    at_kill = applied()
    assert 0 < at_kill < total, f"the kill should land mid-stream ({at_kill} of {total})"

    deadline = time.monotonic() + ARRIVE_TIMEOUT_S
    while applied() < total and time.monotonic() < deadline:
        ingest.run_once()
    for _ in range(3):  # the killed process's unacked messages come back after the ack wait
        time.sleep(ACK_WAIT_S / 2)
        ingest.run_once()
    assert applied() == total
    with fresh_database.session() as session:
        people = session.execute(select(FootTrafficCount.people).where(
            FootTrafficCount.device_id == floor.door_id,
            FootTrafficCount.bucket_start == bucket)).scalar_one()
    assert people == total


def test_a_bad_record_is_refused_and_its_batch_still_applied(
        nats_pair, edge_client, fresh_database, ingest, floor):
    subject = edge_event_subject(nats_pair.branch)
    bucket = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    # An edge speaks for its own branch only; and a record nobody can parse.
    foreign = EdgeRecord("bad-branch-1", nats_pair.branch,
                         DoorCount(floor.branch_id + 999, floor.door_id, bucket, 1, 0))
    good = EdgeRecord("good-after-bad-1", nats_pair.branch,
                      DoorCount(floor.branch_id, floor.door_id, bucket, 6, 0))
    edge_client.js_publish(subject, foreign.to_bytes(), msg_id=foreign.id)
    edge_client.js_publish(subject, b"{not json", msg_id="garbage-1")
    edge_client.js_publish(subject, good.to_bytes(), msg_id=good.id)
    rejected = ingest.counts.rejected
    drain_until(ingest, fresh_database, [good.id])
    assert ingested(fresh_database, [foreign.id]) == 0
    assert ingest.counts.rejected == rejected + 2
    with fresh_database.session() as session:
        people = session.execute(select(FootTrafficCount.people).where(
            FootTrafficCount.device_id == floor.door_id,
            FootTrafficCount.bucket_start == bucket)).scalar_one()
    assert people == 6


def test_the_edge_stream_lives_in_the_leaf_domain_only(nats_pair, edge_client, hub_client,
                                                        ingest):
    import nats.js.errors

    from shared.cluster.names import edge_local_stream

    stream = edge_local_stream(nats_pair.branch)
    assert edge_client.stream_info(stream).config.name == stream
    with pytest.raises(nats.js.errors.NotFoundError):
        hub_client.stream_info(stream)
    hub_stream = hub_client.stream_info(ingest.database.settings.cluster.edge_stream)
    assert [s.external.api for s in hub_stream.config.sources] == ["$JS.edge-saf-01.API"]
    # The hub holds only ingest's backlog: what ingest acked has left it (a work queue),
    # while the edge keeps its own copy for its week.
    assert hub_stream.config.retention == RetentionPolicy.WORK_QUEUE
    ingest.run_once()
    deadline = time.monotonic() + ARRIVE_TIMEOUT_S
    while hub_client.stream_info(hub_stream.config.name).state.messages:
        assert time.monotonic() < deadline, "acked events stayed in the hub's stream"
        ingest.run_once()
    assert edge_client.stream_info(stream).state.messages > 0
