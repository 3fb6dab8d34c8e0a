"""The event bus interface and its in-process implementation."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from shared.events.payloads import Event

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]


class EventBus(Protocol):
    """Publish typed events; deliver them to every subscriber (in this process or others)."""

    def publish(self, event: Event) -> None: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; return a function that removes it."""
        ...

    def close(self) -> None: ...


class ListenerSet:
    """Subscribers of one process; a failing listener is logged and the others still run."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def add(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def deliver(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("event listener %r failed on %s", listener, event.kind)


class InProcessBus:
    """Delivers synchronously on the publishing thread; the embedded default."""

    def __init__(self) -> None:
        self._listeners = ListenerSet()

    def publish(self, event: Event) -> None:
        self._listeners.deliver(event)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def close(self) -> None:
        pass
