"""Frame timestamps at a fixed rate, and waiting for each one when a source plays in real time."""

from __future__ import annotations

import time
from collections.abc import Callable


class FramePacer:
    """Frame `index` is due `index / fps` seconds after start(); in real time, wait for it."""

    def __init__(self, fps: float, realtime: bool, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep):
        self.fps = fps
        self.realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._start = 0.0

    def start(self) -> None:
        """Count frames from now."""
        self._start = self._clock()

    def due(self, index: int) -> float:
        """Return frame `index`'s timestamp, first sleeping until then when in real time."""
        timestamp = self._start + index / self.fps
        if self.realtime:
            delay = timestamp - self._clock()
            if delay > 0:
                self._sleep(delay)
        return timestamp
