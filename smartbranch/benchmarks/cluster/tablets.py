"""The soak's staff tablets: signed in through the form, on the /staff socket through the
proxy, reconnecting and catching up (as the console page does) when their web process dies.

Tablets run in child processes (`python -m smartbranch.benchmarks.cluster.tablets`), one
asyncio loop each, built on the realtime benchmark's SocketTablet. A child reads its setup
as one JSON line on stdin ({"url", "cookies", "clients"}), answers {"ready", "failed"}, and
on any further line reports its receipts and counters as one JSON line and ends.
Times are wall-clock (time.time()), comparable across processes on one machine.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from smartbranch.benchmarks.realtime_clients import ARRIVED, USER_AGENT, SocketTablet
from staff_console.balance import REBALANCE_EVENT

STICKY_COOKIE = "SB_WEB"  # HAProxy's: left out, so each tablet is balanced on its own
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TABLETS_PER_PROCESS = 50
MAX_PROCESSES = 4
RECONNECT_FIRST_S = 0.5
RECONNECT_MAX_S = 5.0


def _epoch(at: str) -> float:
    return datetime.fromisoformat(at).timestamp()


class ReconnectingTablet(SocketTablet):
    """A SocketTablet that reconnects like the console page and catches up from the
    server's replay buffer; it notes each arrival's id, its `at` and when it landed."""

    def __init__(self, url: str, cookie: str):
        super().__init__(url, cookie)
        self.arrivals: list[tuple[str, float, float]] = []  # id, event at, received
        self.seen: set[str] = set()
        self.duplicates = 0
        self.reconnects = 0
        self.resyncs = 0
        self.failed_connects = 0
        self.errors: list[tuple[float, str]] = []  # when, what
        self.last_id = ""
        self.connected_at = 0.0
        self.closing = False
        self._reconnecting = None
        self.moved = 0  # times the server asked this tablet to move to a less busy process
        self.client.on(REBALANCE_EVENT, self._move, namespace="/staff")

    def _note(self, message: dict, received: float) -> None:
        if message.get("kind") != ARRIVED:
            return
        ident = message["id"]
        if ident in self.seen:
            self.duplicates += 1
            return
        self.seen.add(ident)
        self.arrivals.append((ident, _epoch(message["at"]), received))

    def _arrived(self, message) -> None:
        self._note(message, time.time())
        self.last_id = message["id"]

    def _batch(self, messages) -> None:
        now = time.time()
        for message in messages:
            self._note(message, now)
        if messages:
            self.last_id = messages[-1]["id"]

    def _gone(self, *args) -> None:
        import asyncio

        self.disconnects += 1
        if not self.closing and self._reconnecting is None:
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _move(self, *args) -> None:
        """Asked to move (the page's live.js): leave, and connect again through the proxy.

        The page fetches REBALANCE_PATH first to drop its sticky cookie; these tablets
        carry none, so the proxy balances their reconnect to the least busy process anyway.
        """
        self.moved += 1
        await self.client.disconnect()  # its disconnect handler reconnects and catches up

    async def start(self) -> bool:
        try:
            await self.connect()
        except Exception as exc:  # noqa: BLE001 - counted; the parent decides
            self.failed_connects += 1
            self.errors.append((time.time(), f"connect: {exc}"))
            return False
        self.connected_at = time.time()
        return True

    async def _reconnect(self) -> None:
        import asyncio

        delay = RECONNECT_FIRST_S
        try:
            while not self.closing:
                await asyncio.sleep(delay)
                try:
                    await self.connect()
                except Exception as exc:  # noqa: BLE001 - the proxy may have no server yet
                    self.failed_connects += 1
                    self.errors.append((time.time(), f"reconnect: {exc}"))
                    delay = min(delay * 2, RECONNECT_MAX_S)
                    continue
                self.reconnects += 1
                await self._catch_up()
                return
        finally:
            self._reconnecting = None

    async def _catch_up(self) -> None:
        """Ask for what was missed since the last event seen (the page's catch_up call)."""
        try:
            reply = await self.client.call("catch_up", {"last_event_id": self.last_id},
                                           namespace="/staff", timeout=10)
        except Exception as exc:  # noqa: BLE001 - counted as an error of the tablet
            self.errors.append((time.time(), f"catch_up: {exc}"))
            return
        if not reply or not reply.get("ok"):
            self.errors.append((time.time(), f"catch_up refused: {reply}"))
            return
        if reply.get("resync"):
            # The page reloads its list here; the arrivals in between are not pushes.
            self.resyncs += 1
            return
        now = time.time()
        for message in reply["events"]:
            # With no event seen yet the buffer's older events come too: not for this tablet.
            if self.last_id or _epoch(message["at"]) >= self.connected_at:
                self._note(message, now)
        if reply["events"]:
            self.last_id = reply["events"][-1]["id"]

    async def close(self) -> None:
        self.closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        await super().close()

    def report(self) -> dict:
        return {"arrivals": self.arrivals, "duplicates": self.duplicates,
                "reconnects": self.reconnects, "resyncs": self.resyncs,
                "failed_connects": self.failed_connects, "errors": self.errors,
                "disconnects": self.disconnects, "moved": self.moved}


async def run_tablets(setup: dict) -> None:
    """Connect the tablets, say ready, and report once told to stop (the child's main)."""
    import asyncio

    cookies = setup["cookies"]
    tablets = [ReconnectingTablet(setup["url"], cookies[i % len(cookies)])
               for i in range(setup["clients"])]
    gate = asyncio.Semaphore(8)  # a few at a time, as tablets coming on shift would

    async def start(tablet: ReconnectingTablet) -> bool:
        async with gate:
            return await tablet.start()

    connected = await asyncio.gather(*(start(t) for t in tablets))
    _say({"ready": sum(connected), "failed": len(tablets) - sum(connected)})
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)
    reports = [t.report() for t in tablets]
    closing = asyncio.gather(*(t.close() for t in tablets), return_exceptions=True)
    try:
        await asyncio.wait_for(closing, 5)
    except TimeoutError:
        pass  # the process ends anyway
    _say({"tablets": reports})


def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def sign_in(base_url: str, username: str, password: str) -> str:
    """Sign in through the form (CSRF token from the page); return the Cookie header,
    without the proxy's sticky cookie."""
    import requests

    with requests.Session() as http:
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{base_url}/staff/sign-in", timeout=30)
        token = _CSRF.search(page.text)
        if token is None:
            raise RuntimeError(f"no CSRF token on the sign-in page ({page.status_code})")
        answer = http.post(f"{base_url}/staff/sign-in", allow_redirects=False, timeout=30,
                           data={"username": username, "password": password,
                                 "csrf_token": token.group(1)})
        if answer.status_code != 302 or "sign-in" in answer.headers.get("Location", ""):
            raise RuntimeError(f"sign-in of {username} failed ({answer.status_code})")
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies if c.name != STICKY_COOKIE)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass
class TabletReport:
    p95_push_ms: float | None
    pushes: int
    duplicates_seen: int
    reconnects: int
    errors_5xx: int
    resyncs: int = 0
    failed_connects: int = 0
    tablets: int = 0
    moved: int = 0  # sockets the web processes asked to move to a less busy one
    # (received at, latency in seconds) of every arrival, for figures outside fault windows.
    samples: list[tuple[float, float]] = field(default_factory=list, repr=False)
    # (when, what) of every failed connect or catch-up.
    errors: list[tuple[float, str]] = field(default_factory=list, repr=False)

    def p95_push_ms_outside(self, windows: Iterable[tuple[float, float]]) -> float | None:
        """The p95 over arrivals received outside every (start, end) window (time.time())."""
        spans = list(windows)
        kept = [latency for received, latency in self.samples
                if not any(start <= received <= end for start, end in spans)]
        p95 = percentile(kept, 0.95)
        return round(p95 * 1000, 1) if p95 is not None else None


class Tablets:
    """`count` tablets signed in as `sign_ins` (round robin) through the proxy at base_url."""

    def __init__(self, base_url: str, sign_ins: list[tuple[str, str]], count: int):
        if not sign_ins:
            raise ValueError("give at least one (username, password)")
        self.base_url = base_url
        self.sign_ins = list(sign_ins)
        self.count = count
        self._procs: list[subprocess.Popen] = []
        self.ready = 0
        self.failed = 0

    def start(self, timeout_s: float = 120.0) -> None:
        """Sign in, start the tablet processes and wait until their sockets are open."""
        cookies = [sign_in(self.base_url, user, password) for user, password in self.sign_ins]
        processes = max(1, min(MAX_PROCESSES, math.ceil(self.count / TABLETS_PER_PROCESS)))
        first = 0
        for n in range(processes):
            clients = self.count // processes + (1 if n < self.count % processes else 0)
            # Tablet i of the whole set signs in as sign_ins[i % len]: rotate per child.
            shift = first % len(cookies)
            mine = cookies[shift:] + cookies[:shift]
            proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True, bufsize=1)
            proc.stdin.write(json.dumps({"url": self.base_url, "cookies": mine,
                                         "clients": clients}) + "\n")
            proc.stdin.flush()
            self._procs.append(proc)
            first += clients
        deadline = time.monotonic() + timeout_s
        for proc in self._procs:
            answer = _read_line(proc, deadline)
            self.ready += answer["ready"]
            self.failed += answer["failed"]

    def stop(self, timeout_s: float = 60.0) -> TabletReport:
        """Close every tablet and report what they received."""
        deadline = time.monotonic() + timeout_s
        for proc in self._procs:
            _send_stop(proc)
        tablets: list[dict] = []
        for proc in self._procs:
            try:
                tablets += _read_line(proc, deadline)["tablets"]
            finally:
                _end(proc)
        self._procs = []
        return summarise(tablets)


def summarise(tablets: list[dict]) -> TabletReport:
    samples = [(received, received - at) for t in tablets for _, at, received in t["arrivals"]]
    p95 = percentile([latency for _, latency in samples], 0.95)
    errors = [tuple(e) for t in tablets for e in t["errors"]]
    return TabletReport(
        p95_push_ms=round(p95 * 1000, 1) if p95 is not None else None,
        pushes=len(samples),
        duplicates_seen=sum(t["duplicates"] for t in tablets),
        reconnects=sum(t["reconnects"] for t in tablets),
        errors_5xx=sum(1 for _, what in errors if re.search(r"\b5\d\d\b", what)),
        resyncs=sum(t["resyncs"] for t in tablets),
        failed_connects=sum(t["failed_connects"] for t in tablets),
        moved=sum(t["moved"] for t in tablets),
        tablets=len(tablets), samples=samples, errors=errors)


def _read_line(proc: subprocess.Popen, deadline: float) -> dict:
    import select

    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"a tablet process ended early (exit {proc.poll()})")
            return json.loads(line)
    raise TimeoutError("a tablet process did not answer in time")


def _send_stop(proc: subprocess.Popen) -> None:
    try:
        proc.stdin.write("stop\n")
        proc.stdin.flush()
    except OSError:
        pass  # it ended already; reading its report says so


def _end(proc: subprocess.Popen) -> None:
    try:
        proc.stdin.close()
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()


def main() -> None:
    import asyncio

    asyncio.run(run_tablets(json.loads(sys.stdin.readline())))


if __name__ == "__main__":
    main()
