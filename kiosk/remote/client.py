"""The web tier's side: a kiosk's agent in another process, with the surface the API uses.

`RemoteKioskAgent` answers like a KioskAgent (snapshot, submit, languages, greet, the
simulator page's hands) by asking the kiosk's agent process over NATS; when none answers,
every call raises AgentUnavailable (the API's 503, the touch page's out-of-service screen).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

from kiosk.actions import ActionRecord, ActionStatus
from kiosk.remote.protocol import (
    CALL_TIMEOUT_S,
    MAX_WAIT_S,
    REPLY_MARGIN_S,
    AgentUnavailable,
    KioskOp,
    decode_reply,
    encode_request,
    subject,
)
from kiosk.station import KioskIdentity, kiosk_identity
from shared.db import Database
from shared.settings import Settings

log = logging.getLogger(__name__)
FINISHED = (ActionStatus.DONE, ActionStatus.REFUSED)


class Requester(Protocol):
    """What asking needs of a NATS client (shared.cluster.nats_client.NatsClient)."""

    def request(self, subject: str, data: bytes, timeout_s: float = 2.0) -> bytes: ...


class RemoteKioskAgent:
    """One kiosk's agent as the web tier sees it: every call is a request to its process."""

    def __init__(self, client: Requester, kiosk: KioskIdentity, settings: Settings):
        self.client = client
        self.kiosk = kiosk
        self.settings = settings
        self._answering = True  # logged when it changes, not at every poll of the page

    def _ask(self, op: KioskOp, args: dict | None = None,
             timeout_s: float = CALL_TIMEOUT_S) -> Any:
        # Imported here: the web tier without remote agents never loads nats-py.
        from shared.cluster.nats_client import NatsUnavailable

        try:
            data = self.client.request(subject(self.kiosk.code, op), encode_request(args),
                                       timeout_s=timeout_s)
        except NatsUnavailable as exc:
            if self._answering:
                log.warning("kiosk %s: its agent does not answer (%s)", self.kiosk.code, exc)
            self._answering = False
            raise AgentUnavailable(f"kiosk {self.kiosk.code}'s agent is not running: {exc}"
                                   ) from exc
        if not self._answering:
            log.warning("kiosk %s: its agent answers again", self.kiosk.code)
        self._answering = True
        return decode_reply(data)

    def snapshot(self) -> dict:
        """The current screen and what it shows, as the agent's process sees it."""
        return self._ask(KioskOp.SNAPSHOT)

    def submit(self, action: dict, *, wait_s: float = 0.0) -> ActionRecord:
        """Queue an action once per idempotency key (the agent's inbox keeps the key), then
        wait up to `wait_s` for it to finish; the record's `done` is set when it has.

        Queued first and awaited apart: an agent that does not answer the queueing is a 503
        (nothing was queued, a retry with the key is safe); an await that comes back late
        leaves the action running (202: the touch page follows the screen).
        """
        answer = self._ask(KioskOp.SUBMIT, {"action": action})
        wait_s = min(max(wait_s, 0.0), MAX_WAIT_S)
        if answer["status"] not in FINISHED and wait_s > 0:
            try:
                answer = self._ask(KioskOp.AWAIT, {"action": action, "wait_s": wait_s},
                                   timeout_s=wait_s + REPLY_MARGIN_S)
            except AgentUnavailable:
                pass  # queued all the same: the answer that came says where it is
        record = ActionRecord(answer["idempotency_key"], dict(action),
                              ActionStatus(answer["status"]), dict(answer["outcome"]))
        if record.status in FINISHED:
            record.done.set()
        return record

    def choose_language(self, code: str) -> str:
        return self._ask(KioskOp.LANGUAGE, {"language": code})

    def screen_language(self) -> str:
        return self._ask(KioskOp.SCREEN_LANGUAGE)

    def greet(self, customer_id: int, name: str, seconds: float = 120.0,
              face_distance: float | None = None) -> None:
        """A face match the server made: greet and prefill (it never authorises anything)."""
        self._ask(KioskOp.GREET, {"customer_id": customer_id, "name": name,
                                  "seconds": seconds, "face_distance": face_distance})

    def forget_greeting(self) -> None:
        self._ask(KioskOp.FORGET_GREETING)

    def use_customers_language(self, code: str | None) -> None:
        self._ask(KioskOp.CUSTOMERS_LANGUAGE, {"language": code})

    def simulate(self, op: str, args: dict | None = None) -> Any:
        """The simulator page's hands on the kiosk's simulated devices (in its process)."""
        return self._ask(KioskOp.SIMULATE, {"op": op, "args": args or {}})


class RemoteAgentPool:
    """The web tier's kiosks: a RemoteKioskAgent for each kiosk in the Device table."""

    def __init__(self, settings: Settings, database: Database,
                 client: Requester | None = None):
        self.settings = settings
        self.database = database
        self._client = client
        self._owns_client = client is None
        self._agents: dict[str, RemoteKioskAgent] = {}
        self._lock = threading.Lock()

    def _nats(self) -> Requester:
        # Connected on first use, so an app that never serves a kiosk opens no connection.
        if self._client is None:
            from shared.cluster.nats_client import NatsClient

            client = NatsClient(self.settings.cluster.nats_url, name="smartbranch-web")
            # The first page asks at once: give the connection a moment (a down NATS
            # then answers as any unanswered kiosk does, and it keeps reconnecting).
            if not client.wait_connected(CALL_TIMEOUT_S):
                log.warning("NATS at %s not reachable yet: kiosks answer 503 until it is",
                            self.settings.cluster.nats_url)
            self._client = client
        return self._client

    def get(self, code: str) -> RemoteKioskAgent | None:
        """Return kiosk `code`'s remote agent; None if there is no such kiosk."""
        with self._lock:
            agent = self._agents.get(code)
            if agent is not None:
                return agent
            with self.database.session() as session:
                identity = kiosk_identity(session, code)
            if identity is None:
                return None
            agent = self._agents[code] = RemoteKioskAgent(self._nats(), identity, self.settings)
            return agent

    def running(self) -> list[RemoteKioskAgent]:
        """The kiosks asked for so far (their agents run elsewhere, or not at all)."""
        with self._lock:
            return list(self._agents.values())

    def stop_all(self) -> None:
        """Forget the kiosks and close the connection this pool opened (agents run on)."""
        with self._lock:
            self._agents = {}
            client = self._client if self._owns_client else None
            if client is not None:
                self._client = None
        if client is not None:
            client.close()
