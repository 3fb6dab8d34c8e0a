"""Tablets for `smartbranch bench realtime`, run in a child process: sockets or HTTP pollers.

The parent speaks to a child over stdin/stdout, one JSON object a line. The first stdin
line is the setup: {"mode": "socket"|"poll", "url", "cookies": [...], "clients", "poll_s",
"deflate"}.
The child answers {"ready": n} once its clients are connected, then for each
{"report": {"expect": n, "timeout": s}} waits until every client holds n receipts (or the
timeout) and answers with the receipts since the last report; {"stop": true} ends it.
Times are wall-clock seconds (time.time()), comparable across processes on one machine.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time

ARRIVED = "customer.arrived"
BATCH = "events"  # staff_console.emitter.BATCH: a backlog of events in one message
USER_AGENT = "SmartBranchBenchTablet/1.0"  # the one the parent signed in with


class FastJson:
    """orjson behind the `json` module interface python-socketio expects.

    A browser tablet decodes with its native JSON.parse; Python's json module costs several
    times more, and 200 simulated tablets on the server's own cores would measure that.
    """

    @staticmethod
    def dumps(obj, **_kwargs) -> str:
        import orjson

        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(text, **_kwargs):
        import orjson

        return orjson.loads(text)


class SocketTablet:
    """One /staff Socket.IO client over websocket that records when each arrival lands.

    python-socketio's asyncio client: its threading client starts a thread per message,
    which would make the harness, not the server, the bottleneck with 50 tablets a process.
    """

    def __init__(self, url: str, cookie: str, deflate: bool = False):
        import socketio

        self.receipts: list[tuple[str, float]] = []
        self.disconnects = 0
        # `deflate` offers permessage-deflate in the handshake, as Chromium does: the server
        # then compresses every message once per socket.
        self.client = socketio.AsyncClient(
            reconnection=False, json=FastJson,
            websocket_extra_options={"compress": 15} if deflate else {},
        )
        self.client.on(ARRIVED, self._arrived, namespace="/staff")
        self.client.on(BATCH, self._batch, namespace="/staff")
        self.client.on("disconnect", self._gone, namespace="/staff")
        self.url, self.cookie = url, cookie

    def _arrived(self, message) -> None:
        self.receipts.append((message["id"], time.time()))

    def _batch(self, messages) -> None:
        now = time.time()
        self.receipts.extend((m["id"], now) for m in messages if m.get("kind") == ARRIVED)

    def _gone(self, *args) -> None:
        self.disconnects += 1

    async def connect(self) -> None:
        await self.client.connect(
            self.url, headers={"Cookie": self.cookie, "User-Agent": USER_AGENT},
            namespaces=["/staff"], transports=["websocket"], wait_timeout=30,
        )

    def take(self) -> list[tuple[str, float]]:
        taken, self.receipts = self.receipts, []
        return taken

    def count(self) -> int:
        return len(self.receipts)

    def deflating(self) -> bool:
        """Whether the server accepted permessage-deflate on this tablet's websocket."""
        ws = getattr(self.client.eio, "ws", None)
        return bool(ws is not None and ws.compress)

    async def close(self) -> None:
        await self.client.disconnect()


class PollingTablet:
    """A naive tablet: GET the arrivals list every `poll_s`, note when a visit first shows."""

    def __init__(self, url: str, cookie: str, poll_s: float, phase: float):
        import requests

        self.http = requests.Session()
        self.http.headers.update({"Cookie": cookie, "User-Agent": USER_AGENT})
        self.url, self.poll_s, self.phase = url, poll_s, phase
        self.seen: set[int] = set()
        self.receipts: list[tuple[str, float]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.polls = 0
        self.errors = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def connect(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        next_poll = time.time() + self.phase
        while not self.stop.is_set():
            self.stop.wait(max(0.0, next_poll - time.time()))
            next_poll += self.poll_s
            try:
                response = self.http.get(f"{self.url}/api/staff/arrivals", timeout=10)
                response.raise_for_status()
                cards = response.json()["cards"]
            except Exception:  # noqa: BLE001 - a failed poll is counted, the next one retries
                self.errors += 1
                continue
            now = time.time()
            self.polls += 1
            with self.lock:
                for card in cards:
                    visit_id = card["visit_id"]
                    if visit_id not in self.seen:
                        self.seen.add(visit_id)
                        self.receipts.append((str(visit_id), now))

    def take(self) -> list[tuple[str, float]]:
        with self.lock:
            taken, self.receipts = self.receipts, []
        return taken

    def count(self) -> int:
        with self.lock:
            return len(self.receipts)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.http.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def _report(tablets) -> dict:
    return {
        "receipts": [t.take() for t in tablets],
        "disconnects": sum(getattr(t, "disconnects", 0) for t in tablets),
        "polls": sum(getattr(t, "polls", 0) for t in tablets),
        "poll_errors": sum(getattr(t, "errors", 0) for t in tablets),
        "cpu_s": _cpu_seconds(),
    }


def run_pollers(setup: dict) -> None:
    """Threads polling the arrivals list; answer the parent's commands until told to stop."""
    count, poll_s = setup["clients"], setup["poll_s"]
    tablets = [PollingTablet(setup["url"], setup["cookies"][i % len(setup["cookies"])], poll_s,
                             poll_s * i / count) for i in range(count)]
    for tablet in tablets:
        tablet.connect()
    _say({"ready": len(tablets), "failed": 0})
    for line in sys.stdin:
        command = json.loads(line)
        if "stop" in command:
            break
        expect, deadline = command["report"]["expect"], time.time() + command["report"]["timeout"]
        while time.time() < deadline and any(t.count() < expect for t in tablets):
            time.sleep(0.01)
        _say(_report(tablets))
    for tablet in tablets:
        tablet.close()


async def run_sockets(setup: dict) -> None:
    """Socket tablets on one event loop; answer the parent's commands until told to stop."""
    import asyncio

    cookies = setup["cookies"]
    tablets = [SocketTablet(setup["url"], cookies[i % len(cookies)], setup.get("deflate", False))
               for i in range(setup["clients"])]
    gate = asyncio.Semaphore(8)  # connect a few at a time, as tablets coming on shift would

    async def connect(tablet) -> bool:
        async with gate:
            try:
                await tablet.connect()
                return True
            except Exception as exc:  # noqa: BLE001 - reported to the parent, who decides
                print(f"connect failed: {exc}", file=sys.stderr)
                return False

    connected = await asyncio.gather(*(connect(t) for t in tablets))
    _say({"ready": sum(connected), "failed": len(tablets) - sum(connected),
          "deflating": sum(t.deflating() for t in tablets)})
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or "stop" in json.loads(line):
            break
        report = json.loads(line)["report"]
        deadline = time.time() + report["timeout"]
        while time.time() < deadline and any(t.count() < report["expect"] for t in tablets):
            await asyncio.sleep(0.01)
        _say(_report(tablets))
    closing = asyncio.gather(*(t.close() for t in tablets), return_exceptions=True)
    try:
        await asyncio.wait_for(closing, 5)
    except TimeoutError:
        pass  # the process ends anyway; the server sees the sockets close


def main() -> None:
    setup = json.loads(sys.stdin.readline())
    if setup["mode"] == "poll":
        run_pollers(setup)
    else:
        import asyncio

        asyncio.run(run_sockets(setup))


if __name__ == "__main__":
    main()
