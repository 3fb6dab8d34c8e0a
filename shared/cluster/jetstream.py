"""Synchronous JetStream messages and pull consumers, for NatsClient."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from shared.cluster.errors import NatsUnavailable

MSG_ID = "Nats-Msg-Id"


class _Runner(Protocol):
    """What messages and consumers need of NatsClient: its loop, behind three calls."""

    def _settle(self, make: Callable[[], Coroutine[Any, Any, Any]], how: str) -> None: ...

    def _fetch(self, sub: Any, batch: int, timeout_s: float) -> list[JsMessage]: ...

    def _drop(self, sub: Any) -> None: ...

    def _settle_all(self, makes: list[Callable[[], Coroutine[Any, Any, Any]]]) -> None: ...


class JsMessage:
    """One message fetched from a pull consumer; settle it with ack(), nak() or term()."""

    def __init__(self, client: _Runner, msg: Any):
        self._client = client
        self._msg = msg
        self.data: bytes = msg.data
        self.subject: str = msg.subject
        self.headers: dict[str, str] = dict(msg.headers or {})
        meta = msg.metadata
        self.stream_seq: int = meta.sequence.stream
        self.num_delivered: int = meta.num_delivered

    @property
    def msg_id(self) -> str | None:
        """The publisher's de-duplication id (kept through stream sourcing)."""
        return self.headers.get(MSG_ID)

    def ack(self) -> None:
        self._client._settle(lambda: self._msg.ack(), "ack")

    def nak(self, delay_s: float | None = None) -> None:
        """Ask for redelivery (after delay_s, if given) of a message that failed this time."""
        self._client._settle(lambda: self._msg.nak(delay=delay_s), "nak")

    def term(self) -> None:
        """Never redeliver (a message that can never be applied)."""
        self._client._settle(lambda: self._msg.term(), "term")


def ack_all(messages: list[JsMessage]) -> None:
    """Ack many messages in one trip to the loop (a batch committed together)."""
    if messages:
        messages[0]._client._settle_all([m._msg.ack for m in messages])


class PullConsumer:
    """A bound durable pull consumer; several processes binding one durable share its work."""

    def __init__(self, client: _Runner, bind: Callable[[], Any]):
        self._client = client
        self._bind = bind
        self._sub: Any = bind()

    def fetch(self, batch: int = 100, timeout_s: float = 1.0) -> list[JsMessage]:
        """Return up to batch messages; [] if none came in time; NatsUnavailable if cut off.

        After a failure the next fetch binds afresh: a pull subscription caught in a
        reconnect can stop answering, while the durable consumer on the server is intact.
        """
        if self._sub is None:
            self._sub = self._bind()
        try:
            return self._client._fetch(self._sub, batch, timeout_s)
        except NatsUnavailable:
            stale, self._sub = self._sub, None
            self._client._drop(stale)
            raise
