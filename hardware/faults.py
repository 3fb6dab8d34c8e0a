"""Fault injection for the simulators: faults queued on command or drawn by a seeded schedule."""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass
from enum import StrEnum


class Fault(StrEnum):
    """The fault catalogue; each simulator documents which of them its operations honour."""

    JAM = "jam"
    PARTIAL_PRESENT = "partial_present"
    NOT_TAKEN = "not_taken"  # notes or card not taken before the timeout
    UNKNOWN_POSITION = "unknown_position"  # the device loses track of where the notes are
    CASSETTE_EMPTY = "cassette_empty"
    SHUTTER = "shutter"
    PAPER_OUT = "paper_out"
    POWER_LOSS = "power_loss"


@dataclass(frozen=True)
class Injection:
    """A fault to apply to one operation; `step` says where a power loss strikes."""

    fault: Fault
    step: str = ""


class FaultPlan:
    """Decide, per operation, whether a fault strikes.

    Faults queued with `inject` come first (in order, for the named operation). Otherwise,
    with `rate` > 0, a seeded generator decides: the same seed and the same sequence of
    operations give the same faults, so a failing seeded run can be replayed exactly.
    """

    def __init__(
        self, seed: int | str = 0, rate: float = 0.0, faults: tuple[Fault, ...] = ()
    ):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be within [0, 1], got {rate}")
        self.seed = seed
        self.rate = rate
        # Empty: every fault an operation supports may be drawn.
        self.allowed = frozenset(faults)
        self._rng = random.Random(seed)
        self._queued: dict[str, deque[Injection]] = {}
        self._lock = threading.Lock()
        self.history: list[tuple[str, Injection]] = []

    def inject(self, operation: str, fault: Fault, step: str = "") -> None:
        """Make the next call of `operation` fail with `fault` (at `step` for a power loss)."""
        with self._lock:
            self._queued.setdefault(operation, deque()).append(Injection(Fault(fault), step))

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._queued.clear()

    def draw(
        self, operation: str, supported: tuple[Fault, ...], steps: tuple[str, ...]
    ) -> Injection | None:
        """Return the fault for this call of `operation`, or None."""
        with self._lock:
            queue = self._queued.get(operation)
            if queue:
                injection = queue.popleft()
                if injection.fault is Fault.POWER_LOSS and not injection.step:
                    injection = Injection(Fault.POWER_LOSS, steps[0])
                self.history.append((operation, injection))
                return injection
            if self.rate <= 0.0:
                return None
            # Always draw the same number of values per call: the schedule stays aligned.
            roll, pick, where = self._rng.random(), self._rng.random(), self._rng.random()
            candidates = [f for f in supported if not self.allowed or f in self.allowed]
            if roll >= self.rate or not candidates:
                return None
            fault = candidates[int(pick * len(candidates))]
            step = steps[int(where * len(steps))] if fault is Fault.POWER_LOSS else ""
            injection = Injection(fault, step)
            self.history.append((operation, injection))
            return injection

    def uniform(self) -> float:
        """Return a seeded number in [0, 1) for a simulator's own physical choices."""
        with self._lock:
            return self._rng.random()
