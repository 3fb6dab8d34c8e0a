"""A bus over Redis pub/sub, so events cross processes (camera workers, kiosks, server)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from shared.events.bus import Listener, ListenerSet
from shared.events.payloads import Event, EventFormatError

log = logging.getLogger(__name__)


class RedisBus:
    """Publishes JSON to one channel; a listener thread delivers every message, ours included."""

    def __init__(self, url: str, channel: str, client=None):
        import redis  # only processes that use Redis need the client

        self._redis = client or redis.Redis.from_url(url)
        self._channel = channel
        self._listeners = ListenerSet()
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{channel: self._on_message})
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="redis-bus", daemon=True)
        self._thread.start()

    def _on_message(self, message: dict) -> None:
        try:
            event = Event.from_dict(json.loads(message["data"]))
        except (EventFormatError, json.JSONDecodeError, UnicodeDecodeError):
            log.warning("dropped a malformed message on %s", self._channel)
            return
        self._listeners.deliver(event)

    def _run(self) -> None:
        import redis

        while not self._stop.is_set():
            try:
                self._pubsub.get_message(timeout=0.2)
            except redis.ConnectionError:
                log.warning("redis bus connection lost; retrying")
                self._stop.wait(1.0)
            except Exception:
                log.exception("redis bus listener failed; continuing")

    def publish(self, event: Event) -> None:
        self._redis.publish(self._channel, json.dumps(event.to_dict()))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._pubsub.close()
        self._redis.close()
