"""Resident memory of the shape's processes over the soak, and how much each grew."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# Growth is measured from the first sample after this (imports, caches and pools warm up).
WARMUP_S = 120.0


def rss_bytes(pid: int) -> int | None:
    """The resident set of process `pid` in bytes, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None  # a zombie has no VmRSS


@dataclass(frozen=True)
class Growth:
    name: str
    pid: int
    first_bytes: int
    last_bytes: int

    @property
    def pct(self) -> float:
        return 100.0 * (self.last_bytes - self.first_bytes) / self.first_bytes


class RssSampler:
    """Call sample() now and then; growth_pct() is the worst process's growth after warm-up.

    A process restarted under the same name (a web process killed as a fault) is a new
    series: its growth counts from its own first sample after the warm-up.
    """

    def __init__(self, pids_fn: Callable[[], dict[str, int]], *, warmup_s: float = WARMUP_S,
                 clock: Callable[[], float] = time.monotonic):
        self.pids_fn = pids_fn
        self.warmup_s = warmup_s
        self._clock = clock
        self._started: float | None = None
        # (name, pid) -> [first sample after the warm-up, last sample]
        self._series: dict[tuple[str, int], list[int]] = {}

    def sample(self) -> None:
        now = self._clock()
        if self._started is None:
            self._started = now
        if now - self._started < self.warmup_s:
            return
        for name, pid in self.pids_fn().items():
            rss = rss_bytes(pid)
            if rss is None:
                continue
            series = self._series.setdefault((name, pid), [rss, rss])
            series[1] = rss

    def growths(self) -> list[Growth]:
        """Every series with its first and last sample, the worst first."""
        found = [Growth(name, pid, first, last)
                 for (name, pid), (first, last) in self._series.items() if first > 0]
        return sorted(found, key=lambda g: g.pct, reverse=True)

    def worst(self) -> Growth | None:
        growths = self.growths()
        return growths[0] if growths else None

    def growth_pct(self) -> float:
        """The worst process's growth in per cent (0.0 before any sample after the warm-up)."""
        worst = self.worst()
        return round(worst.pct, 2) if worst else 0.0
