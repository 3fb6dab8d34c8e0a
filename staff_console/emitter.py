"""Sends bus events to Socket.IO rooms; a backlog goes out as one `events` batch per room."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from flask_socketio import SocketIO

log = logging.getLogger(__name__)

# The message that carries several events at once; each item is an ordinary event dict.
BATCH = "events"


class RoomEmitter:
    """Emits from one sender thread, so publishers never wait on slow sockets.

    A lone event goes out at once under its own name. Events that queued up while the
    sender was busy go out together as one `events` message per room: a burst of 1,000
    arrivals to 200 tablets costs a few hundred socket sends instead of 200,000.
    With `batch=False` every event is emitted on the publisher's thread (tests).
    `batch_name` names the batch message: a page that listens for one kind of room (the
    managers' notices) never receives another room's batch under the same name.
    """

    def __init__(self, socketio: SocketIO, namespace: str, room_of: Callable[[int], str],
                 batch: bool = True, max_batch: int = 1000, linger_s: float = 0.02,
                 batch_name: str = BATCH):
        self._socketio = socketio
        self._namespace = namespace
        self._room_of = room_of
        self._batch = batch
        self._batch_name = batch_name
        self._max_batch = max_batch
        self._linger_s = linger_s
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._idle = threading.Condition()
        self._in_flight = 0
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def put(self, branch_id: int, name: str, message: dict) -> None:
        if not self._batch:
            self._emit(branch_id, [(name, message)])
            return
        self._ensure_thread()
        with self._idle:
            self._in_flight += 1
        self._queue.put((branch_id, name, message))

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far has been emitted; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name=f"socketio-emitter-{self._batch_name}")
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            by_branch: dict[int, list[tuple[str, dict]]] = {}
            for branch_id, name, message in batch:
                by_branch.setdefault(branch_id, []).append((name, message))
            for branch_id, items in by_branch.items():
                try:
                    self._emit(branch_id, items)
                except Exception:
                    log.exception("emitting %d event(s) to branch %s failed", len(items),
                                  branch_id)
            with self._idle:
                self._in_flight -= len(batch)
                self._idle.notify_all()
            if len(batch) > 1:
                # A burst is on: let the next events gather so each tablet gets them in a
                # few large messages rather than many small ones. A lone event never waits.
                time.sleep(self._linger_s)

    def _emit(self, branch_id: int, items: list[tuple[str, dict]]) -> None:
        room = self._room_of(branch_id)
        if len(items) == 1:
            name, message = items[0]
            self._socketio.emit(name, message, to=room, namespace=self._namespace)
        else:
            self._socketio.emit(self._batch_name, [message for _, message in items], to=room,
                                namespace=self._namespace)
