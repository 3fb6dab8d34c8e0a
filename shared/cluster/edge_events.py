"""The edge's side of store and forward: records go into the branch's own stream on its leaf.

The leaf node runs at the branch, so storing works while the link to the centre is down;
the hub sources the stream when the link returns. Only when the leaf itself cannot be
reached do records wait here, in memory and in order: those are lost if this process dies
before the leaf is back (the watcher's and agents' own retries do not cover them).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

import nats.js.errors

from shared.cluster.names import edge_event_subject
from shared.cluster.nats_client import NatsClient, NatsUnavailable
from shared.cluster.records import EdgeRecord
from shared.cluster.streams import ensure_edge_stream
from shared.events.bus import Listener, ListenerSet
from shared.events.payloads import Event
from shared.settings import Settings

log = logging.getLogger(__name__)

# Records held in memory while the leaf is unreachable; past this, new ones are refused.
MAX_BACKLOG = 10_000
RETRY_S = 0.5
PUBLISH_TIMEOUT_S = 2.0


class EdgeBacklogFull(RuntimeError):
    """The leaf has been unreachable so long that the in-memory backlog is full."""


class EdgeOutbox:
    """Stores records in the branch's stream with Nats-Msg-Id = record id, in order."""

    def __init__(self, client: NatsClient, branch_code: str, *, max_backlog: int = MAX_BACKLOG,
                 retry_s: float = RETRY_S):
        self.client = client
        self.branch_code = branch_code
        self.subject = edge_event_subject(branch_code)
        self.max_backlog = max_backlog
        self.retry_s = retry_s
        self._backlog: deque[EdgeRecord] = deque()
        # Held across a publish: records reach the stream in the order they were sent.
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._stream_ready = False
        self._down_logged = False
        self._thread = threading.Thread(target=self._drain, name=f"edge-outbox-{branch_code}",
                                        daemon=True)
        self._thread.start()

    @property
    def backlog(self) -> int:
        return len(self._backlog)

    def send(self, record: EdgeRecord) -> None:
        """Store the record on the leaf now, or queue it; EdgeBacklogFull if the queue is full."""
        with self._lock:
            if not self._backlog and self._try_store(record):
                return
            if len(self._backlog) >= self.max_backlog:
                raise EdgeBacklogFull(
                    f"{len(self._backlog)} records wait for the leaf of {self.branch_code}")
            self._backlog.append(record)
        self._wake.set()

    def flush(self, timeout_s: float) -> bool:
        """Wait until every queued record is stored; False if the time ran out."""
        self._wake.set()
        deadline = time.monotonic() + timeout_s
        while self._backlog and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self._backlog

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=2.0)
        if self._backlog:
            log.error("%d edge records of %s not stored (the leaf was unreachable)",
                      len(self._backlog), self.branch_code)

    def _try_store(self, record: EdgeRecord) -> bool:
        try:
            if not self._stream_ready:
                ensure_edge_stream(self.client, self.branch_code)
                self._stream_ready = True
            self.client.js_publish(self.subject, record.to_bytes(), msg_id=record.id,
                                   timeout_s=PUBLISH_TIMEOUT_S)
        except (NatsUnavailable, nats.js.errors.Error) as exc:
            # An API error may mean the leaf lost its store: make sure of the stream next time.
            self._stream_ready = self._stream_ready and isinstance(exc, NatsUnavailable)
            if not self._down_logged:
                self._down_logged = True
                log.warning("edge leaf of %s unreachable (%s); holding records in memory",
                            self.branch_code, exc)
            return False
        if self._down_logged:
            self._down_logged = False
            log.info("edge leaf of %s reachable again", self.branch_code)
        return True

    def _drain(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.retry_s)
            self._wake.clear()
            while self._backlog and not self._stop.is_set():
                with self._lock:
                    if not self._try_store(self._backlog[0]):
                        break
                    self._backlog.popleft()
                    if not self._backlog:
                        log.info("edge backlog of %s stored", self.branch_code)
            if self._backlog:
                self._stop.wait(self.retry_s)


class EdgeBus:
    """An EventBus at a branch edge: local listeners now, and the centre by store and forward."""

    def __init__(self, settings: Settings, branch_code: str, client: NatsClient, *,
                 outbox: EdgeOutbox | None = None):
        self.settings = settings
        self.branch_code = branch_code
        self.client = client
        self.outbox = outbox or EdgeOutbox(client, branch_code)
        self._owns_outbox = outbox is None
        self._listeners = ListenerSet()

    def publish(self, event: Event) -> None:
        self._listeners.deliver(event)
        try:
            self.outbox.send(EdgeRecord.of_event(self.branch_code, event))
        except EdgeBacklogFull:
            # Publishers run after their commit: raising would not undo it, only confuse them.
            log.error("edge event %s (%s) dropped: the backlog is full", event.id, event.kind)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def close(self) -> None:
        if self._owns_outbox:
            self.outbox.close()
