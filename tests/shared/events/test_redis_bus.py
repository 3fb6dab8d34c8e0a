"""The Redis bus against the real Redis server of this machine kind."""

import json
import threading
import uuid

import pytest

from shared.events import CustomerArrived, Event
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.redis


def _wait_for(received, count, timeout=5.0):
    done = threading.Event()
    while not done.wait(0.02):
        if len(received) >= count:
            return
        timeout -= 0.02
        if timeout <= 0:
            return


def test_events_cross_processes_through_redis(redis_client):
    from shared.events.redis_bus import RedisBus

    channel = f"smartbranch.test.{uuid.uuid4().hex}"
    publisher = RedisBus(REDIS_URL, channel)
    subscriber = RedisBus(REDIS_URL, channel)
    try:
        received = []
        subscriber.subscribe(received.append)
        while redis_client.pubsub_numsub(channel)[0][1] < 2:
            threading.Event().wait(0.02)
        event = Event(5, CustomerArrived(10, 20, "Grace H", "door_camera", 0.31))
        publisher.publish(event)
        _wait_for(received, 1)
        assert received == [event]
    finally:
        publisher.close()
        subscriber.close()


def test_malformed_messages_are_dropped_and_the_bus_keeps_going(redis_client):
    from shared.events.redis_bus import RedisBus

    channel = f"smartbranch.test.{uuid.uuid4().hex}"
    bus = RedisBus(REDIS_URL, channel)
    try:
        received = []
        bus.subscribe(received.append)
        while redis_client.pubsub_numsub(channel)[0][1] < 1:
            threading.Event().wait(0.02)
        redis_client.publish(channel, b"not json")
        redis_client.publish(channel, json.dumps({"kind": "nope"}))
        event = Event(5, CustomerArrived(10, 20, "Grace H", "door_camera", None))
        bus.publish(event)
        _wait_for(received, 1)
        assert received == [event]
    finally:
        bus.close()
