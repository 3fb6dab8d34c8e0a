"""Resident memory of the shape's processes over the soak, and how much each grew.

Growth compares the median of the samples in the first minute after the warm-up with the
median of the last minute's, not one reading with another: at a constant load a
nats-server's resident set swings by a third within a minute as Go's collector and
JetStream's block cache come and go (measured here: 26, 41, 26 MB a minute apart), so
two single readings say more about when they were taken than about a leak.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Growth is measured from the first samples after this (imports, caches and pools warm up).
WARMUP_S = 120.0
# The span at each end whose samples' median stands for it.
WINDOW_S = 60.0


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
    """sample() now and then (or start() a thread); growth_pct() is the worst growth.

    A process restarted under the same name (a web process killed as a fault) is a new
    series: its growth counts from its own first samples after the warm-up.
    """

    def __init__(self, pids_fn: Callable[[], dict[str, int]], *, warmup_s: float = WARMUP_S,
                 window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic,
                 sessions_fn: Callable[[], dict[str, int]] | None = None):
        self.pids_fn = pids_fn
        # Sockets each web process carries, sampled beside its memory: a process that
        # takes over a killed peer's tablets grows for that, not from a leak.
        self.sessions_fn = sessions_fn
        self._sessions: list[tuple[float, dict[str, int]]] = []
        self.warmup_s = warmup_s
        self.window_s = window_s
        self._clock = clock
        self._started: float | None = None
        # (name, pid) -> [(when, resident bytes)], samples after the warm-up
        self._series: dict[tuple[str, int], list[tuple[float, int]]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

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
            with self._lock:
                self._series.setdefault((name, pid), []).append((now, rss))
        if self.sessions_fn is not None:
            sessions = self.sessions_fn()
            with self._lock:
                self._sessions.append((now, sessions))

    def start(self, every_s: float = 5.0) -> None:
        """Sample every `every_s` seconds in a thread until stop()."""
        def loop() -> None:
            while not self._stop.wait(every_s):
                self.sample()

        self._thread = threading.Thread(target=loop, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def growths(self) -> list[Growth]:
        """Every series, first window's median against the last's, the worst first."""
        with self._lock:
            series = {key: list(samples) for key, samples in self._series.items()}
        found = []
        for (name, pid), samples in series.items():
            first_at, last_at = samples[0][0], samples[-1][0]
            first = statistics.median(rss for at, rss in samples
                                      if at <= first_at + self.window_s)
            last = statistics.median(rss for at, rss in samples
                                     if at >= last_at - self.window_s)
            if first > 0:
                found.append(Growth(name, pid, int(first), int(last)))
        return sorted(found, key=lambda g: g.pct, reverse=True)

    def timeline(self, names: set[str], step_s: float = 60.0) -> dict[str, list[float]]:
        """Per series named in `names` (`name` or `name#pid` when restarted) and per web
        process's open sessions (`sessions:<server>`): the median of each `step_s` after the
        warm-up, resident memory in MB."""
        with self._lock:
            series = {key: list(samples) for key, samples in self._series.items()
                      if key[0] in names}
            sessions = list(self._sessions)
        if self._started is None:
            return {}
        origin = self._started + self.warmup_s
        out: dict[str, list[float]] = {}
        taken: set[str] = set()
        for (name, pid), samples in sorted(series.items(), key=lambda kv: kv[1][0][0]):
            label = name if name not in taken else f"{name}#{pid}"
            taken.add(name)
            out[label] = _by_step([(at, rss / 2**20) for at, rss in samples], origin, step_s)
        for server in sorted({s for _, found in sessions for s in found}):
            out[f"sessions:{server}"] = _by_step(
                [(at, found[server]) for at, found in sessions if server in found],
                origin, step_s)
        return out

    def worst(self) -> Growth | None:
        growths = self.growths()
        return growths[0] if growths else None

    def growth_pct(self) -> float:
        """The worst process's growth in per cent (0.0 before any sample after the warm-up)."""
        worst = self.worst()
        return round(worst.pct, 2) if worst else 0.0


def _by_step(samples: list[tuple[float, float]], origin: float, step_s: float) -> list[float]:
    """Median of the samples in each step from `origin` (a step with none is skipped)."""
    steps: dict[int, list[float]] = {}
    for at, value in samples:
        steps.setdefault(int((at - origin) // step_s), []).append(value)
    return [round(statistics.median(values), 1) for _, values in sorted(steps.items())]
