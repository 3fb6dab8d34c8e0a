"""A synchronous, thread-safe NATS client for threaded processes (nats-py on its own loop)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

import nats
import nats.errors
import nats.js.errors
from nats.js import api

from shared.cluster.errors import NatsUnavailable
from shared.cluster.jetstream import JsMessage, PullConsumer

log = logging.getLogger(__name__)

__all__ = ["NatsClient", "NatsUnavailable"]

T = TypeVar("T")
Handler = Callable[[bytes, str], "bytes | None"]

# Fast reconnects: a branch link or a restarted hub should be back within a second or two.
RECONNECT_WAIT_S = 0.5
# A link that goes silent (a cable pulled: no RST) is given up after this many unanswered
# pings, about 15 s, and redialled; with nats-py's defaults (2 minutes, 2 pings) a client
# sat on a dead socket for minutes after the link came back (the soak's cut branch).
PING_INTERVAL_S = 5
MAX_OUTSTANDING_PINGS = 3
# Beyond a call's own timeout, how long to wait for the loop thread before giving up.
LOOP_SLACK_S = 5.0


class _Subscription:
    """A subscription kept across the first connect (nats-py re-subscribes after reconnects)."""

    def __init__(self, subject: str, handler: Handler, queue: str | None):
        self.subject = subject
        self.handler = handler
        self.queue = queue
        self.sub: Any = None
        self.attaching = False  # set before the await: the connector and subscribe() may race
        self.cancelled = False


class NatsClient:
    """A thread-safe, synchronous face over nats-py: its own asyncio loop on a daemon thread."""

    def __init__(self, url: str, *, name: str = "smartbranch", connect_timeout_s: float = 5.0):
        self.url = url
        self._name = name
        self._connect_timeout_s = connect_timeout_s
        self._nc: Any = None
        self._closing = False
        self._warned = False
        self._connected = threading.Event()
        self._subs: list[_Subscription] = []
        self._subs_lock = threading.Lock()
        # Handlers run here, never on the loop: they may block (database, devices).
        self._workers = ThreadPoolExecutor(max_workers=8, thread_name_prefix=f"nats-{name}")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=f"nats-loop-{name}", daemon=True
        )
        self._thread.start()
        self._connector = asyncio.run_coroutine_threadsafe(self._connect_forever(), self._loop)

    # -- connection ---------------------------------------------------------------------------

    async def _connect_forever(self) -> None:
        # nats-py retries a failed first connect itself (max_reconnect_attempts=-1); the loop is
        # a guard in case a version gives up, since a branch may boot before its server.
        while not self._closing:
            try:
                nc = await nats.connect(
                    self.url,
                    name=self._name,
                    connect_timeout=self._connect_timeout_s,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=RECONNECT_WAIT_S,
                    ping_interval=PING_INTERVAL_S,
                    max_outstanding_pings=MAX_OUTSTANDING_PINGS,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                    error_cb=self._on_error,
                )
            except Exception as exc:  # noqa: BLE001 - any failure means "try again"
                await self._on_error(exc)
                await asyncio.sleep(RECONNECT_WAIT_S)
                continue
            if self._closing:
                await nc.close()
                return
            self._nc = nc
            with self._subs_lock:
                pending = [s for s in self._subs if not s.cancelled and not s.attaching]
            for s in pending:
                await self._attach(s)
            self._warned = False
            self._connected.set()
            log.info("NATS connected to %s", self.url)
            return

    async def _on_disconnected(self) -> None:
        self._connected.clear()
        if not self._closing:
            log.warning("NATS link to %s lost; reconnecting", self.url)

    async def _on_reconnected(self) -> None:
        self._warned = False
        self._connected.set()
        log.info("NATS reconnected to %s", self.url)

    async def _on_error(self, exc: Exception) -> None:
        # Logged once per outage: a retry every half second would flood the log.
        if not self._connected.is_set() and not self._warned:
            self._warned = True
            log.warning("NATS at %s unavailable (%r); retrying in the background", self.url, exc)
        else:
            log.debug("NATS error on %s: %r", self.url, exc)

    @property
    def connected(self) -> bool:
        return self._connected.is_set() and self._nc is not None and self._nc.is_connected

    def wait_connected(self, timeout_s: float) -> bool:
        """Wait until connected; False if the time ran out."""
        return self._connected.wait(timeout_s) and self.connected

    def _call(self, make: Callable[[], Coroutine[Any, Any, T]], timeout_s: float, what: str) -> T:
        """Run a coroutine on the loop and wait; every NATS failure becomes NatsUnavailable."""
        if self._closing:
            raise NatsUnavailable(f"{what}: the NATS client is closed")
        if not self.connected:
            raise NatsUnavailable(f"{what}: not connected to NATS at {self.url}")
        future = asyncio.run_coroutine_threadsafe(make(), self._loop)
        try:
            # nats-py times its own calls out; this guards against a wedged or starved loop.
            return future.result(timeout_s + LOOP_SLACK_S)
        except FutureTimeout as exc:
            future.cancel()
            raise NatsUnavailable(f"{what}: no answer within {timeout_s}s") from exc
        except nats.errors.NoRespondersError as exc:
            raise NatsUnavailable(f"{what}: no responders") from exc
        except nats.js.errors.NoStreamResponseError as exc:
            raise NatsUnavailable(f"{what}: no JetStream stream answered") from exc
        except (TimeoutError, nats.errors.TimeoutError) as exc:
            raise NatsUnavailable(f"{what}: timed out after {timeout_s}s") from exc
        except nats.js.errors.APIError:
            raise  # a real answer from JetStream (not found, bad config): the caller decides
        except (nats.errors.Error, OSError) as exc:
            raise NatsUnavailable(f"{what}: {exc!r}") from exc

    # -- core NATS ----------------------------------------------------------------------------

    def publish(self, subject: str, data: bytes, headers: dict | None = None) -> None:
        """Publish a core NATS message (at most once)."""
        self._call(
            lambda: self._nc.publish(subject, data, headers=headers), 2.0, f"publish {subject}"
        )

    def request(self, subject: str, data: bytes, timeout_s: float = 2.0) -> bytes:
        """Send a request and return the reply's data."""

        async def go() -> bytes:
            msg = await self._nc.request(subject, data, timeout=timeout_s)
            return msg.data

        return self._call(go, timeout_s, f"request {subject}")

    def subscribe(
        self, subject: str, handler: Handler, *, queue: str | None = None
    ) -> Callable[[], None]:
        """Call handler(data, subject) on a worker thread for each message; return unsubscribe()."""
        if self._closing:
            raise NatsUnavailable(f"subscribe {subject}: the NATS client is closed")
        s = _Subscription(subject, handler, queue)
        with self._subs_lock:
            self._subs.append(s)
        if self._nc is not None:
            asyncio.run_coroutine_threadsafe(self._attach(s), self._loop).result(5.0)

        def unsubscribe() -> None:
            with self._subs_lock:
                s.cancelled = True
                if s in self._subs:
                    self._subs.remove(s)
            if s.sub is not None and not self._loop.is_closed():
                try:
                    asyncio.run_coroutine_threadsafe(s.sub.unsubscribe(), self._loop).result(2.0)
                except Exception:  # noqa: BLE001 - gone already, or the link is down: nothing to undo
                    log.debug("unsubscribe from %s failed", subject, exc_info=True)

        return unsubscribe

    async def _attach(self, s: _Subscription) -> None:
        if s.cancelled or s.attaching:
            return
        s.attaching = True

        async def on_message(msg: Any) -> None:
            # Awaiting the worker keeps one subscription's messages in order.
            try:
                reply = await self._loop.run_in_executor(
                    self._workers, s.handler, msg.data, msg.subject
                )
            except Exception:
                log.exception("NATS handler for %s failed", s.subject)
                return
            if msg.reply and isinstance(reply, bytes | bytearray):
                await self._nc.publish(msg.reply, bytes(reply))

        s.sub = await self._nc.subscribe(s.subject, queue=s.queue or "", cb=on_message)

    # -- JetStream ----------------------------------------------------------------------------

    def _js(self, domain: str | None, timeout_s: float = 5.0) -> Any:
        return self._nc.jetstream(domain=domain, timeout=timeout_s)

    def js_publish(
        self,
        subject: str,
        data: bytes,
        *,
        msg_id: str,
        domain: str | None = None,
        timeout_s: float = 5.0,
    ) -> int:
        """Store a message in the stream that captures subject; return its stream sequence.

        The Nats-Msg-Id header makes a retry of the same msg_id a no-op inside the stream's
        duplicate window (the existing sequence is returned).
        """

        async def go() -> int:
            ack = await self._js(domain, timeout_s).publish(
                subject, data, timeout=timeout_s, headers={api.Header.MSG_ID: msg_id}
            )
            return ack.seq

        return self._call(go, timeout_s, f"JetStream publish {subject}")

    def ensure_stream(
        self, config: api.StreamConfig, *, domain: str | None = None, timeout_s: float = 5.0
    ) -> Any:
        """Create the stream, or update it to this config; return its StreamInfo."""

        async def go() -> Any:
            jsm = self._js(domain, timeout_s)
            try:
                await jsm.stream_info(config.name)
            except nats.js.errors.NotFoundError:
                return await jsm.add_stream(config)
            return await jsm.update_stream(config)

        return self._call(go, timeout_s, f"ensure stream {config.name}")

    def stream_info(self, name: str, *, domain: str | None = None, timeout_s: float = 5.0) -> Any:
        """Return the stream's StreamInfo (config, state, sources); NotFoundError if absent."""
        return self._call(
            lambda: self._js(domain, timeout_s).stream_info(name), timeout_s, f"stream info {name}"
        )

    def message_ids(self, stream: str, *, domain: str | None = None,
                    timeout_s: float = 60.0) -> list[str]:
        """Return the Nats-Msg-Id of every message the stream holds now, in order.

        Reads headers only, through an ephemeral consumer that acks nothing (an audit: the
        stream and its consumers are left as they were).
        """
        async def go() -> list[str]:
            js = self._js(domain, timeout_s)
            info = await js.stream_info(stream)
            wanted, last = info.state.messages, info.state.last_seq
            config = api.ConsumerConfig(
                ack_policy=api.AckPolicy.NONE, deliver_policy=api.DeliverPolicy.ALL,
                headers_only=True, inactive_threshold=30.0)
            sub = await js.pull_subscribe("", stream=stream, config=config)
            ids: list[str] = []
            try:
                seen_last = 0
                while len(ids) < wanted and seen_last < last:
                    for msg in await sub.fetch(1000, timeout=5.0):
                        ids.append((msg.headers or {}).get("Nats-Msg-Id", ""))
                        seen_last = msg.metadata.sequence.stream
            finally:
                await sub.unsubscribe()
            return ids

        return self._call(go, timeout_s, f"message ids of {stream}")

    def add_stream_sources(
        self,
        name: str,
        sources: list[api.StreamSource],
        *,
        domain: str | None = None,
        timeout_s: float = 5.0,
    ) -> Any:
        """Add sources (by name; existing ones stay as they are) to a stream; return StreamInfo."""

        async def go() -> Any:
            jsm = self._js(domain, timeout_s)
            info = await jsm.stream_info(name)
            config = info.config
            current = {s.name for s in (config.sources or [])}
            new = [s for s in sources if s.name not in current]
            if not new:
                return info
            config.sources = list(config.sources or []) + new
            return await jsm.update_stream(config)

        return self._call(go, timeout_s, f"add sources to {name}")

    def pull_consumer(
        self,
        stream: str,
        durable: str,
        *,
        config: api.ConsumerConfig | None = None,
        domain: str | None = None,
        timeout_s: float = 5.0,
    ) -> PullConsumer:
        """Create (or bind to) a durable pull consumer with explicit acks."""
        config = config or api.ConsumerConfig()
        config.durable_name = durable
        config.name = durable
        config.ack_policy = api.AckPolicy.EXPLICIT

        async def go() -> Any:
            js = self._js(domain, timeout_s)
            try:
                await js.consumer_info(stream, durable)
            except nats.js.errors.NotFoundError:
                await js.add_consumer(stream, config=config)
            return await js.pull_subscribe_bind(durable=durable, stream=stream)

        def bind() -> Any:
            return self._call(go, timeout_s, f"pull consumer {stream}/{durable}")

        return PullConsumer(self, bind)

    def _fetch(self, sub: Any, batch: int, timeout_s: float) -> list[JsMessage]:
        async def go() -> list[Any]:
            try:
                return await sub.fetch(batch, timeout=timeout_s)
            except TimeoutError:
                # Nothing came in time. nats-py raises its own TimeoutError, or under load
                # asyncio's bare one from a wait inside fetch (seen in CI): both mean none.
                return []

        return [JsMessage(self, m) for m in self._call(go, timeout_s, "fetch")]

    def _drop(self, sub: Any) -> None:
        """Unsubscribe a pull subscription we stopped trusting (best effort)."""
        if self._loop.is_closed() or self._nc is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(sub.unsubscribe(), self._loop).result(1.0)
        except Exception:  # noqa: BLE001 - it may be gone with the connection already
            log.debug("dropping a pull subscription failed", exc_info=True)

    def _settle_all(self, makes: list[Callable[[], Coroutine[Any, Any, Any]]]) -> None:
        async def go() -> None:
            for make in makes:
                await make()

        self._call(go, 5.0, f"settle {len(makes)}")

    def _settle(self, make: Callable[[], Coroutine[Any, Any, Any]], how: str) -> None:
        self._call(make, 5.0, how)

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Drain nothing, close the connection and stop the loop (idempotent)."""
        if self._closing:
            return
        self._closing = True
        self._connected.clear()

        async def shut() -> None:
            if self._nc is not None and not self._nc.is_closed:
                try:
                    await asyncio.wait_for(self._nc.close(), 2.0)
                except Exception:  # noqa: BLE001 - closing a dead link
                    log.debug("closing NATS failed", exc_info=True)
            # A connect still trying (the server never came) leaves tasks behind: end them
            # here, or the stopped loop reports them destroyed while pending.
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=1.0)

        try:
            asyncio.run_coroutine_threadsafe(shut(), self._loop).result(3.0)
        except Exception:  # noqa: BLE001
            log.debug("NATS shutdown incomplete", exc_info=True)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=2.0)
        if not self._thread.is_alive():
            # Closed here, not by the garbage collector at some later moment on any thread.
            self._loop.close()
        self._workers.shutdown(wait=False, cancel_futures=True)
