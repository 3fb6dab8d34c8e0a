"""A per-branch ring of recent events so a reconnecting tablet catches up without gaps."""

from __future__ import annotations

import threading
from collections import deque


class ReplayBuffer:
    """Keeps the last `size` events per branch, in publication order."""

    def __init__(self, size: int = 500):
        self.size = size
        self._events: dict[int, deque[dict]] = {}
        self._lock = threading.Lock()

    def add(self, branch_id: int, event: dict) -> None:
        with self._lock:
            ring = self._events.get(branch_id)
            if ring is None:
                ring = self._events[branch_id] = deque(maxlen=self.size)
            ring.append(event)

    def last_id(self, branch_id: int) -> str:
        """The id of the branch's newest event, or "" when there is none yet."""
        with self._lock:
            ring = self._events.get(branch_id)
            return ring[-1]["id"] if ring else ""

    def since(self, branch_id: int, last_id: str) -> list[dict] | None:
        """Events after `last_id`; None when it is unknown (too old): the client must reload.

        An empty `last_id` means "I saw nothing yet": everything buffered is returned.
        """
        with self._lock:
            ring = list(self._events.get(branch_id, ()))
        if not last_id:
            return ring
        for index in range(len(ring) - 1, -1, -1):
            if ring[index]["id"] == last_id:
                return ring[index + 1:]
        return None
