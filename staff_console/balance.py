"""Even out the staff sockets between web processes after one came back from a failure.

A proxy balances new connections only: when a web process dies its tablets reconnect to
the others and stay there, and its successor starts empty. Each web process writes its
count of /staff sockets to Redis (the bus between them); one holding more than its fair
share (by more than the slack) asks some of its sockets to move. The page then fetches
REBALANCE_PATH, which the proxy answers from its least busy process and pins the browser
to it (config/cluster/haproxy.cfg.template), and connects again; it catches up from the
replay buffer like after any reconnect.
"""

from __future__ import annotations

import logging
import math
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

# What the server emits to a socket it asks to move, and where the page goes to be re-pinned.
REBALANCE_EVENT = "rebalance"
REBALANCE_PATH = "/staff/live/rebalance"


@dataclass(frozen=True)
class ShedRule:
    """When and how many sockets a process asks to move."""

    slack: int = 5  # sockets over the fair share a process keeps without asking anyone
    slack_fraction: float = 0.1  # ... or this share of the fair share, if larger
    max_fraction: float = 0.25  # at most this share of its sockets moves in one round

    def to_shed(self, mine: int, counts: Mapping[str, int]) -> int:
        """How many of `mine` sockets to move, given every live process's count (ours too)."""
        if len(counts) < 2 or mine <= 0:
            return 0
        fair = math.ceil(sum(counts.values()) / len(counts))
        excess = mine - fair
        if excess <= max(self.slack, self.slack_fraction * fair):
            return 0
        return min(excess, max(1, int(mine * self.max_fraction)))


class SocketBalancer:
    """Publishes this process's socket count and sheds its excess, every `interval_s`."""

    def __init__(self, redis_client, key_prefix: str, sockets: Callable[[], list[str]],
                 ask_to_move: Callable[[str], object], *, interval_s: float,
                 rule: ShedRule | None = None, instance: str | None = None):
        self.redis = redis_client
        self.key_prefix = key_prefix
        self.sockets = sockets
        self.ask_to_move = ask_to_move
        self.interval_s = interval_s
        self.rule = rule or ShedRule()
        self.instance = instance or f"{socket.gethostname()}:{os.getpid()}"

    def counts(self) -> dict[str, int]:
        """Every live process's last published count (a key lapses when its process dies)."""
        keys = [key.decode() if isinstance(key, bytes) else key
                for key in self.redis.scan_iter(match=f"{self.key_prefix}*", count=100)]
        values = self.redis.mget(keys) if keys else []
        return {key.removeprefix(self.key_prefix): int(value)
                for key, value in zip(keys, values, strict=True) if value is not None}

    def round(self) -> int:
        """Publish our count; ask the excess to move; return how many were asked."""
        sids = self.sockets()
        # Two rounds without a write and the process counts as gone: a dead process's old
        # count would otherwise make its successor's share look free for longer.
        self.redis.set(self.key_prefix + self.instance, len(sids),
                       px=max(1, int(self.interval_s * 2000)))
        counts = self.counts()
        counts[self.instance] = len(sids)
        shed = self.rule.to_shed(len(sids), counts)
        if shed:
            log.info("web process %s holds %d of %d staff sockets (%d processes): asking %d "
                     "to move", self.instance, len(sids), sum(counts.values()), len(counts), shed)
            for sid in random.sample(sids, shed):
                self.ask_to_move(sid)
        return shed

    def start(self) -> None:
        """Balance every `interval_s` on a daemon thread, for the life of the process."""
        threading.Thread(target=self._run, name="socket-balancer", daemon=True).start()

    def _run(self) -> None:
        while True:
            time.sleep(self.interval_s)
            try:
                self.round()
            except Exception:  # Redis away: the next round tries again; sockets stay put
                log.warning("socket balancing round failed", exc_info=True)
