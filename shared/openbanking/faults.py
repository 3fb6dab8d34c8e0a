"""Faults the simulated bank injects: queued per endpoint on command, or drawn by a seed."""

from __future__ import annotations

import random
import threading
from collections import deque
from enum import StrEnum


class BankFault(StrEnum):
    """What can go wrong with one answer of another bank."""

    SLOW = "slow"  # the answer comes after `slow_s`, beyond any sensible client timeout
    RATE_LIMITED = "rate_limited"  # 429 with Retry-After
    CONSENT_EXPIRED = "consent_expired"  # 403: the bank says the consent is no longer valid
    MALFORMED_JSON = "malformed_json"  # 200 whose body is cut off mid-JSON
    MISSING_FIELDS = "missing_fields"  # 200, valid JSON, required fields left out
    SERVER_ERROR = "server_error"  # 500 with an OB error body


# The endpoints of the simulated bank, as FaultPlan names them ("*" is any of them).
ENDPOINTS = ("create_consent", "get_consent", "delete_consent", "accounts", "account",
             "balances", "transactions")
ANY = "*"


class FaultPlan:
    """Decide, per call of an endpoint, whether a fault strikes.

    Faults queued with `inject` come first, in order (for the endpoint, then for "*").
    Otherwise, with `rate` > 0, a seeded generator draws one of `faults` (all when empty):
    the same seed and the same calls give the same faults, so a run can be replayed.
    """

    def __init__(self, seed: int | str = 0, rate: float = 0.0,
                 faults: tuple[BankFault, ...] = (), slow_s: float = 5.0,
                 retry_after_s: int = 1):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be within [0, 1], got {rate}")
        self.rate = rate
        self.allowed = tuple(BankFault(f) for f in faults) or tuple(BankFault)
        self.slow_s = slow_s
        self.retry_after_s = retry_after_s
        self._rng = random.Random(seed)
        self._queued: dict[str, deque[BankFault | None]] = {}
        self._lock = threading.Lock()
        self.history: list[tuple[str, BankFault]] = []

    def inject(self, endpoint: str, fault: BankFault, times: int = 1, after: int = 0) -> None:
        """Make `times` calls of `endpoint` fail with `fault`, once `after` more calls (beyond
        those already queued) have passed; `endpoint` is one of ENDPOINTS or "*"."""
        if endpoint != ANY and endpoint not in ENDPOINTS:
            raise ValueError(f"unknown endpoint {endpoint!r}")
        with self._lock:
            queue = self._queued.setdefault(endpoint, deque())
            queue.extend([None] * after + [BankFault(fault)] * times)

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._queued.clear()

    def draw(self, endpoint: str) -> BankFault | None:
        """Return the fault for this call of `endpoint`, or None."""
        with self._lock:
            for key in (endpoint, ANY):
                queue = self._queued.get(key)
                if queue:
                    fault = queue.popleft()
                    if fault is not None:
                        self.history.append((endpoint, fault))
                    return fault
            if self.rate <= 0.0:
                return None
            # Always draw two values per call, so the schedule stays aligned with the calls.
            roll, pick = self._rng.random(), self._rng.random()
            if roll >= self.rate:
                return None
            fault = self.allowed[int(pick * len(self.allowed))]
            self.history.append((endpoint, fault))
            return fault
