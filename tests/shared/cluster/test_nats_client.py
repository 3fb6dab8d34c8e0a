"""The synchronous NATS client against a real nats-server with JetStream."""

from __future__ import annotations

import threading
import time

import pytest
from nats.js import api

from shared.cluster.nats_client import NatsClient, NatsUnavailable
from smartbranch.cluster.nats_servers import free_port, start_hub
from tests.shared.cluster.conftest import require_nats_server

pytestmark = pytest.mark.nats


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    require_nats_server()
    server = start_hub(tmp_path_factory.mktemp("nats-client"))
    yield server
    server.kill()


@pytest.fixture
def client(hub):
    c = NatsClient(hub.url, name="test")
    assert c.wait_connected(5)
    yield c
    c.close()


def test_request_reply_runs_the_handler_off_the_loop(client):
    threads = []

    def upper(data: bytes, subject: str) -> bytes:
        threads.append(threading.current_thread().name)
        return data.upper() + b" " + subject.encode()

    unsubscribe = client.subscribe("t.echo", upper)
    assert client.request("t.echo", b"hello") == b"HELLO t.echo"
    assert threads and not threads[0].startswith("nats-loop")
    unsubscribe()
    with pytest.raises(NatsUnavailable, match="no responders"):
        client.request("t.echo", b"again", timeout_s=1.0)


def test_a_slow_handler_times_out_as_unavailable(client):
    client.subscribe("t.slow", lambda data, subject: time.sleep(1.0) or b"late")
    with pytest.raises(NatsUnavailable):
        client.request("t.slow", b"x", timeout_s=0.2)


def test_queue_group_delivers_each_message_to_one_member(client):
    got: list[str] = []
    done = threading.Event()

    def member(name):
        def handle(data: bytes, subject: str) -> None:
            got.append(name)
            if len(got) == 20:
                done.set()
        return handle

    client.subscribe("t.work", member("a"), queue="workers")
    client.subscribe("t.work", member("b"), queue="workers")
    for i in range(20):
        client.publish("t.work", str(i).encode())
    assert done.wait(5)
    time.sleep(0.2)
    assert len(got) == 20


def test_down_server_never_raises_and_is_joined_when_it_comes_up(tmp_path):
    port = free_port()
    late = NatsClient(f"nats://127.0.0.1:{port}", name="late")
    try:
        assert not late.wait_connected(0.3)
        assert not late.connected
        with pytest.raises(NatsUnavailable, match="not connected"):
            late.publish("t.x", b"")
        got = threading.Event()
        late.subscribe("t.late", lambda data, subject: got.set())  # kept until connected
        server = start_hub(tmp_path, client_port=port)
        try:
            assert late.wait_connected(5)
            late.publish("t.late", b"1")
            assert got.wait(3), "a subscription made while down was not attached"
        finally:
            server.kill()
    finally:
        late.close()


def test_js_publish_deduplicates_by_msg_id_and_pull_consumer_acks(client):
    client.ensure_stream(api.StreamConfig(name="T_DEDUP", subjects=["t.dedup.>"],
                                          duplicate_window=60))
    first = client.js_publish("t.dedup.a", b"one", msg_id="m-1")
    again = client.js_publish("t.dedup.a", b"one", msg_id="m-1")
    second = client.js_publish("t.dedup.a", b"two", msg_id="m-2")
    assert first == again and second == first + 1

    consumer = client.pull_consumer("T_DEDUP", "reader",
                                    config=api.ConsumerConfig(ack_wait=30))
    messages = consumer.fetch(10, timeout_s=1.0)
    assert [(m.data, m.msg_id) for m in messages] == [(b"one", "m-1"), (b"two", "m-2")]
    messages[0].ack()
    messages[1].nak()  # asked back at once
    redelivered = consumer.fetch(10, timeout_s=1.0)
    assert [(m.data, m.num_delivered) for m in redelivered] == [(b"two", 2)]
    redelivered[0].ack()
    assert consumer.fetch(10, timeout_s=0.3) == []
    # A second bind of the same durable resumes after the acked messages.
    assert client.pull_consumer("T_DEDUP", "reader").fetch(10, timeout_s=0.3) == []


def test_js_publish_without_a_stream_is_unavailable(client):
    with pytest.raises(NatsUnavailable):
        client.js_publish("t.nostream", b"x", msg_id="n-1", timeout_s=0.5)


def test_closed_client_refuses_work(hub):
    c = NatsClient(hub.url)
    assert c.wait_connected(5)
    c.close()
    c.close()  # idempotent
    assert not c.connected
    with pytest.raises(NatsUnavailable):
        c.publish("t.x", b"")
