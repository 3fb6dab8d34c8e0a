"""The door recorder of a branch edge: records into the edge stream, one per retry, no frames."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from kiosk.door.crossing import Crossing
from kiosk.door.edge_recorder import FORWARDED_VISIT_ID, EdgeVisitRecorder
from shared.cluster.edge_events import EdgeBacklogFull, EdgeOutbox
from shared.cluster.names import edge_local_stream
from shared.cluster.nats_client import NatsClient
from shared.cluster.streams import ensure_edge_stream
from shared.floor.traffic import Direction
from shared.models.enums import PrivacyMode
from smartbranch.cluster.nats_servers import free_port, start_leaf
from tests.factories import make_branch
from tests.shared.cluster.conftest import require_nats_server

BRANCH = "REC-01"
NOW = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def leaf(tmp_path_factory):
    """A lone leaf node (its hub never comes): the edge stores locally all the same."""
    require_nats_server()
    server = start_leaf(tmp_path_factory.mktemp("leaf"), BRANCH,
                        hub_leaf_url=f"nats-leaf://127.0.0.1:{free_port()}")
    yield server
    server.kill()


@pytest.fixture(scope="module")
def client(leaf):
    c = NatsClient(leaf.url, name="recorder-test")
    assert c.wait_connected(5)
    yield c
    c.close()


@pytest.fixture
def outbox(client):
    box = EdgeOutbox(client, BRANCH, retry_s=0.05)
    yield box
    box.close()


class StreamReader:
    """Reads the branch's edge stream from the start, by a durable of the test's own."""

    def __init__(self, client: NatsClient, name: str):
        self.consumer = client.pull_consumer(edge_local_stream(BRANCH), name)

    def read(self) -> list[tuple[str, dict]]:
        messages = self.consumer.fetch(100, timeout_s=0.3)
        for m in messages:
            m.ack()
        return [(m.msg_id, json.loads(m.data)) for m in messages]


@pytest.fixture
def reader(client, outbox, request):
    ensure_edge_stream(client, BRANCH)
    reader = StreamReader(client, f"reader-{request.node.name[:40]}".replace("[", "_"))
    reader.read()  # skip what earlier tests stored
    return reader


def test_a_retried_crossing_is_one_record(outbox, reader):
    recorder = EdgeVisitRecorder(outbox, None, branch_id=1, device_id=5)
    crossing = Crossing(track_id=3, direction=Direction.OUT, at=NOW,
                        track_started=NOW - timedelta(seconds=2), seconds_in_view=2.0, across=0.1)
    recorder.cross(crossing)
    recorder.cross(crossing)
    records = reader.read()
    assert len(records) == 1
    msg_id, record = records[0]
    assert msg_id == record["id"] and record["type"] == "door.crossing"
    assert record["body"]["direction"] == "out" and record["branch"] == BRANCH


def test_equal_count_deltas_are_two_records(outbox, reader):
    recorder = EdgeVisitRecorder(outbox, None, branch_id=1, device_id=5)
    recorder.count(NOW, 2, 1)
    recorder.count(NOW, 2, 1)
    records = reader.read()
    assert [r["body"]["people"] for _, r in records] == [2, 2]
    assert len({msg_id for msg_id, _ in records}) == 2


def test_an_arrival_is_forwarded_without_its_frame(outbox, reader):
    recorder = EdgeVisitRecorder(outbox, None, branch_id=1, device_id=5,
                                 window=timedelta(minutes=30))
    frame = np.ones(128, np.float32)
    arrival = recorder.arrive(42, 0.25, NOW, frame=frame, quality=0.9)
    assert arrival.visit_id == FORWARDED_VISIT_ID and arrival.customer_id == 42
    [(_, record)] = reader.read()
    assert record["type"] == "door.arrival"
    assert record["body"] == {"branch_id": 1, "customer_id": 42, "score": 0.25,
                              "at": NOW.isoformat(), "window_s": 1800.0}


def test_a_full_backlog_refuses_and_the_retry_keeps_its_id(tmp_path):
    down = NatsClient(f"nats://127.0.0.1:{free_port()}", name="down")
    box = EdgeOutbox(down, BRANCH, max_backlog=1, retry_s=0.05)
    try:
        recorder = EdgeVisitRecorder(box, None, branch_id=1, device_id=5)
        recorder.count(NOW, 1, 0)  # held in memory: the leaf is unreachable
        assert box.backlog == 1
        with pytest.raises(EdgeBacklogFull):
            recorder.count(NOW, 1, 0)  # the watcher keeps it and retries
        box._backlog.clear()
        recorder.count(NOW, 1, 0)
        assert box._backlog[0].id.endswith("-1")  # the refused one's number, not a new one
    finally:
        box.close()
        down.close()


def test_privacy_mode_reads_the_branch_and_survives_a_lost_database(database, outbox):
    with database.session() as session:
        branch = make_branch(session, privacy_mode=PrivacyMode.OPT_IN)
    recorder = EdgeVisitRecorder(outbox, database, branch.id, device_id=5)
    assert recorder.privacy_mode() is PrivacyMode.OPT_IN

    class Unreachable:
        def session(self, **_):
            raise ConnectionError("the central database is unreachable")

    recorder.database = Unreachable()
    assert recorder.privacy_mode() is PrivacyMode.OPT_IN
