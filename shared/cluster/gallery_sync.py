"""Enrolments and consent withdrawals from the centre to every edge's gallery, erasures first.

The centre's `GalleryPublisher` puts each face or voice `ConsentWithdrawn` and
`TemplatesEnrolled` into the hub's JetStream stream (settings.cluster.gallery_stream) with
the event id as message id, so every web process may publish the same event and the
stream keeps one. A message names a customer, a modality and a branch: never a template,
a vector or anything derived from one. An edge reloads an enrolled customer from the
central database itself.

Why edges also reconcile: the centre's bus is publish/subscribe, so an event published
while no publisher is subscribed (a restart, NATS down at the centre) never reaches the
stream. Each edge therefore, on every (re)connect and every half cut-off bound while in
contact, compares its gallery with the active consents in the central database (erasures
first) as well as reading the stream: the stream makes a change arrive within a poll, the
reconciliation makes a lost one arrive within the bound.

Why the order inside a batch may change: a withdrawal is applied in memory, at once and
without the database; an enrolment is only a hint to reload that customer's current rows.
Applying all withdrawals first and then every reload leaves the same gallery as applying
them in order (a reload reads the state after both), and erasures no longer wait behind
slow reloads.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

import nats.js.errors
from nats.js import api

from shared.cluster.nats_client import NatsClient, NatsUnavailable
from shared.events.bus import EventBus
from shared.events.payloads import ConsentWithdrawn, Event, TemplatesEnrolled

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "sb.gallery"
WITHDRAWN = "withdrawn"
ENROLLED = "enrolled"
MODALITIES = ("face", "voice")
# The stream is a conveyor, not an archive: an edge away longer than this reconciles.
STREAM_MAX_AGE_S = 7 * 24 * 3600
# Duplicates (the same event published by several web processes) arrive within seconds.
DUPLICATE_WINDOW_S = 120
# One drain after a long cut-off: messages are ~150 bytes, so this bounds memory only.
MAX_DRAIN = 50_000


@dataclass(frozen=True)
class GalleryChange:
    """One change to galleries: a customer's consent withdrawn, or their templates enrolled."""

    event_id: str
    change: str  # WITHDRAWN or ENROLLED
    customer_id: int
    modality: str  # "face" or "voice"
    branch_id: int  # the event's branch; 0 when it was bank-wide

    @property
    def erasure(self) -> bool:
        return self.change == WITHDRAWN

    @property
    def subject(self) -> str:
        return f"{SUBJECT_PREFIX}.{self.change}.{self.modality}"

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> GalleryChange:
        """Parse a message; ValueError if it is not exactly a gallery change."""
        try:
            raw = json.loads(data)
            if set(raw) != {"event_id", "change", "customer_id", "modality", "branch_id"}:
                raise ValueError(f"unexpected fields {sorted(raw)}")
            change = cls(str(raw["event_id"]), str(raw["change"]), int(raw["customer_id"]),
                         str(raw["modality"]), int(raw["branch_id"]))
        except (TypeError, KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a gallery change: {exc}") from None
        if change.change not in (WITHDRAWN, ENROLLED) or change.modality not in MODALITIES:
            raise ValueError(f"not a gallery change: {change}")
        return change


def change_of(event: Event) -> GalleryChange | None:
    """Return the gallery change an event carries (face or voice), or None."""
    payload = event.payload
    if isinstance(payload, ConsentWithdrawn):
        change = WITHDRAWN
    elif isinstance(payload, TemplatesEnrolled):
        change = ENROLLED
    else:
        return None
    if payload.modality not in MODALITIES:
        return None
    return GalleryChange(event.id, change, payload.customer_id, payload.modality,
                         event.branch_id)


def erasures_first(changes: Sequence[GalleryChange]) -> list[GalleryChange]:
    """Order changes withdrawals first, each group in its arrival order."""
    return [c for c in changes if c.erasure] + [c for c in changes if not c.erasure]


def gallery_stream_config(settings) -> api.StreamConfig:
    """The hub's stream of gallery changes."""
    return api.StreamConfig(
        name=settings.cluster.gallery_stream,
        subjects=[f"{SUBJECT_PREFIX}.>"],
        retention=api.RetentionPolicy.LIMITS,
        storage=api.StorageType.FILE,
        max_age=STREAM_MAX_AGE_S,
        duplicate_window=DUPLICATE_WINDOW_S,
    )


class GalleryPublisher:
    """A central bus listener putting every gallery change into the hub's stream."""

    def __init__(self, client: NatsClient, settings, *, timeout_s: float = 5.0):
        self.client = client
        self.stream = settings.cluster.gallery_stream
        self.domain = settings.cluster.hub_domain
        self.timeout_s = timeout_s
        self._config = gallery_stream_config(settings)
        self._stream_ready = False

    def ensure_stream(self) -> None:
        """Create or update the stream at the hub (NatsUnavailable if it cannot be reached)."""
        self.client.ensure_stream(self._config, domain=self.domain, timeout_s=self.timeout_s)

    def publish(self, change: GalleryChange) -> int:
        """Store one change; return its stream sequence (the existing one for a duplicate)."""
        if not self._stream_ready:
            # Made on first use, so the stream exists however the centre was started.
            self.ensure_stream()
            self._stream_ready = True
        return self.client.js_publish(change.subject, change.to_bytes(), msg_id=change.event_id,
                                      domain=self.domain, timeout_s=self.timeout_s)

    def __call__(self, event: Event) -> None:
        change = change_of(event)
        if change is None:
            return
        try:
            self.publish(change)
        except NatsUnavailable as exc:
            # Not raised into the bus: every edge reconciles with the database on reconnect.
            log.warning("gallery change %s not sent to the edges (%s); they will reconcile",
                        change.event_id, exc)

    def attach(self, bus: EventBus) -> Callable[[], None]:
        """Subscribe to the central bus; return the unsubscribe function."""
        return bus.subscribe(self)


class GalleryOps(Protocol):
    """What an edge does to its own gallery (one process's face or voice gallery)."""

    def erase(self, customer_id: int, modality: str) -> None:
        """Drop the customer from memory at once; never needs the database."""
        ...

    def refresh(self, customer_id: int, modality: str) -> None:
        """Reload the customer's current templates from the database (may raise)."""
        ...

    def reconcile(self) -> None:
        """Make the gallery match the database's active consents, erasures first (may raise)."""
        ...


def durable_name(device_code: str) -> str:
    """The edge device's durable consumer name (letters, digits, - and _ only)."""
    return "gallery-" + re.sub(r"[^A-Za-z0-9_-]", "_", device_code)


@dataclass
class PollResult:
    """What one poll did."""

    contact: bool = False
    reconnected: bool = False
    erased: int = 0
    refreshed: int = 0
    reconciled: bool = False


class EdgeGallerySync:
    """One edge process's durable consumer on the centre's gallery stream, across its leaf.

    `last_contact` is the monotonic time of the last answer from the hub's JetStream (a
    consumer info round trip, which an empty stream answers too; a timeout or "no
    responders" from a leaf cut off from the hub does not count). It starts at creation:
    the caller has just loaded the gallery from the database.
    """

    def __init__(
        self,
        client: NatsClient,
        settings,
        durable: str,
        ops: GalleryOps,
        *,
        poll_s: float = 1.0,
        batch: int = 256,
        request_timeout_s: float = 2.0,
        reconcile_every_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.stream = settings.cluster.gallery_stream
        self.domain = settings.cluster.hub_domain
        self._stream_config = gallery_stream_config(settings)
        self.bound_s = settings.cluster.cutoff_bound_s
        self.durable = durable
        self.ops = ops
        self.poll_s = poll_s
        self.batch = batch
        self.request_timeout_s = request_timeout_s
        # Also reconcile while in contact: a change the centre failed to publish (its NATS
        # or its publisher down a moment, the edges not) is then honoured within the bound.
        self.reconcile_every_s = reconcile_every_s or self.bound_s / 2
        self.clock = clock
        self.last_contact = clock()
        self._reconciled_at = -float("inf")
        self._consumer = None
        self._in_contact = False
        self._reconcile_due = True
        self._lock = threading.Lock()  # one poll at a time (the thread and a test's call)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def cut_off(self, now: float | None = None) -> bool:
        """Whether the hub has not answered for longer than cluster.cutoff_bound_s."""
        now = self.clock() if now is None else now
        return now - self.last_contact > self.bound_s

    # -- one poll
    def poll(self) -> PollResult:
        """Check contact; after a gap, drain everything pending: erasures, reconcile, reloads."""
        with self._lock:
            result = PollResult()
            pending = self._contact()
            if pending is None:
                return result
            result.contact = True
            result.reconnected = not self._in_contact
            if result.reconnected:
                log.info("gallery stream %s reached (consumer %s, %d pending)", self.stream,
                         self.durable, pending)
                self._reconcile_due = True
            if self.clock() - self._reconciled_at >= self.reconcile_every_s:
                self._reconcile_due = True
            self._in_contact = True
            messages = self._drain() if pending else []
            self._apply(messages, result)
            return result

    def _contact(self) -> int | None:
        """Return how many messages wait for this consumer, or None without contact."""
        try:
            if self._consumer is None:
                self._consumer = self._make_consumer()
            info = json.loads(self.client.request(
                f"$JS.{self.domain}.API.CONSUMER.INFO.{self.stream}.{self.durable}", b"",
                timeout_s=self.request_timeout_s,
            ))
        except NatsUnavailable as exc:
            self._lose(str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - e.g. the hub answers "no such stream"
            self._lose(f"{type(exc).__name__}: {exc}")
            return None
        if "error" in info:
            # The hub answered (contact), but our consumer is gone: make it again next poll.
            self._consumer = None
            self._reconcile_due = True
            self.last_contact = self.clock()
            log.warning("gallery consumer %s: %s", self.durable, info["error"])
            return 0
        self.last_contact = self.clock()
        return int(info.get("num_pending", 0)) + int(info.get("num_ack_pending", 0))

    def _make_consumer(self):
        # New changes only: the gallery was loaded (or is reconciled) from the database.
        config = api.ConsumerConfig(deliver_policy=api.DeliverPolicy.NEW)
        try:
            return self.client.pull_consumer(self.stream, self.durable, domain=self.domain,
                                             config=config, timeout_s=self.request_timeout_s)
        except nats.js.errors.NotFoundError:
            # The centre has not published yet: an edge must not wait for it to identify.
            self.client.ensure_stream(self._stream_config, domain=self.domain,
                                      timeout_s=self.request_timeout_s)
            return self.client.pull_consumer(self.stream, self.durable, domain=self.domain,
                                             config=config, timeout_s=self.request_timeout_s)

    def _lose(self, why: str) -> None:
        if self._in_contact:
            log.warning("lost contact with the centre's gallery stream: %s", why)
        self._in_contact = False

    def _drain(self) -> list:
        """Fetch everything pending now (several batches after a long cut-off)."""
        messages: list = []
        try:
            while len(messages) < MAX_DRAIN:
                got = self._consumer.fetch(self.batch, timeout_s=0.5)
                messages += got
                if len(got) < self.batch:
                    break
        except NatsUnavailable as exc:
            # Apply what came; the unacknowledged rest is redelivered after the ack wait.
            self._lose(str(exc))
        if messages:
            self.last_contact = self.clock()
        return messages

    def _apply(self, messages: list, result: PollResult) -> None:
        pairs = []
        for message in messages:
            try:
                pairs.append((GalleryChange.from_bytes(message.data), message))
            except ValueError as exc:
                log.error("dropping a malformed gallery message: %s", exc)
                self._settle(message, "term")
        # Erasures first (see the module's docstring); sorted() keeps each group's order.
        pairs.sort(key=lambda pair: not pair[0].erasure)
        for change, message in pairs:
            if change.erasure:
                self.ops.erase(change.customer_id, change.modality)
                result.erased += 1
                self._settle(message, "ack")
        if self._reconcile_due:
            try:
                self.ops.reconcile()
                self._reconcile_due = False
                self._reconciled_at = self.clock()
                result.reconciled = True
            except Exception:
                log.exception("reconciling the gallery with the database failed; will retry")
        for change, message in pairs:
            if change.erasure:
                continue
            try:
                self.ops.refresh(change.customer_id, change.modality)
            except Exception:
                # Left unacknowledged: JetStream redelivers it after the consumer's ack wait.
                log.exception("reloading customer %d failed; will retry", change.customer_id)
                continue
            result.refreshed += 1
            self._settle(message, "ack")

    def _settle(self, message, how: str) -> None:
        try:
            getattr(message, how)()
        except Exception as exc:  # noqa: BLE001 - redelivered later; applying again is harmless
            log.debug("could not %s a gallery message: %s", how, exc)

    # -- the thread
    def start(self) -> threading.Thread:
        """Poll every `poll_s` in a daemon thread until stop()."""
        self._thread = threading.Thread(target=self.run, name=f"gallery-{self.durable}",
                                        daemon=True)
        self._thread.start()
        return self._thread

    def run(self) -> None:
        """Poll until stopped; a failing poll is logged and the next one tries again."""
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:
                log.exception("gallery sync poll failed")
            self._stop.wait(self.poll_s)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
