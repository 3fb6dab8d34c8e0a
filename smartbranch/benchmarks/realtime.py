"""Live arrivals over Socket.IO: bus-to-tablet latency and fan-out, beside a polling tablet.

Method. A throwaway SQLite database is migrated and given one ambient branch, a few
relationship managers and some customers. The real app (`create_app`, in-process bus) is
served by Werkzeug's threaded server on a free loopback port, as `smartbranch serve` does.
Each tablet signs in through the real form (CSRF included) and opens the `/staff`
namespace over websocket with that session cookie, using python-socketio's asyncio client
(up to 50 on one event loop), in child processes (`realtime_clients.py`) so that tablets
do not share the server's GIL. Server and tablets share this machine's cores: the JSON
gives the CPU each side used, so a run on a busy machine can be read for what it is.

1. Latency: `customer.arrived` events are published on the app's bus, one every 10 ms;
   latency is from just before `bus.publish` to the client's handler. Run idle, then again
   with a door-camera watcher (real dlib engine, replaying real photos or the simulator)
   running flat out on one core in another process (`face_load.py`).
2. Fan-out: `--tablets` sockets in `--processes` children, all in the branch room; paced
   single arrivals, then `--bursts` bursts of `--burst` events published back to back.
   Every tablet must receive every event (no socket dropped). The tablets decode with
   orjson, standing in for a browser's native JSON.parse. With `--deflate` they offer
   permessage-deflate as Chromium does; the server accepts it only with
   `--server-compression` (server.websocket_compression) and then deflates every message
   once per socket.
3. Baseline: naive tablets that GET `/api/staff/arrivals` every second (the same cards
   the tablet shows). Real arrivals are opened (visit row committed) and published as the
   door camera does; a poller's latency is from the publish to the end of the first poll
   that lists the visit. One socket tablet measures the same arrivals.

Times are wall-clock (`time.time()`), shared by the processes of one machine.
Run: `smartbranch bench realtime` (prints one JSON object on stdout; progress on stderr).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

TARGETS = {"p50_ms": 5.0, "p99_ms": 20.0, "burst_p99_ms": 250.0}
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "bench-realtime-password"
# Flask-Login's session protection binds a session to the browser's User-Agent: every
# request of one tablet (sign-in, socket, polls) sends the same one, as a browser would.
USER_AGENT = "SmartBranchBenchTablet/1.0"


def _note(started: float, message: str) -> None:
    click.echo(f"[bench realtime {time.monotonic() - started:6.1f}s] {message}", err=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def summarise(latencies_s: list[float]) -> dict:
    """Return count, p50, p99, max and mean in milliseconds."""
    if not latencies_s:
        return {"count": 0, "p50_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    ordered = sorted(latencies_s)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def match_receipts(published: dict[str, float], reports: list[dict]) -> dict:
    """Pair every client's receipts with publish times: latencies, misses and duplicates."""
    latencies: list[float] = []
    clients = missing = duplicates = 0
    for report in reports:
        for receipts in report["receipts"]:
            clients += 1
            got: set[str] = set()
            for key, at in receipts:
                if key in got:
                    duplicates += 1
                    continue
                if key in published:
                    got.add(key)
                    latencies.append(at - published[key])
            missing += len(set(published) - got)
    return {"latencies": latencies, "clients": clients, "missing": missing,
            "duplicates": duplicates}


@dataclass
class BenchServer:
    url: str
    app: object
    bus: object
    database: object
    branch_id: int
    customer_ids: list[int]
    usernames: list[str]
    _server: object
    _thread: threading.Thread

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self.database.dispose()


def start_server(workdir: Path, staff: int, customers: int,
                 compression: bool = False) -> BenchServer:
    """Migrate a fresh SQLite file, add a branch, staff and customers, and serve the app."""
    from werkzeug.serving import make_server

    from shared.db import Database
    from shared.db.migrate import upgrade
    from shared.events import InProcessBus
    from shared.models import Branch, Customer, Staff
    from shared.models.enums import PrivacyMode, Role
    from shared.settings import load_settings
    from shared.staff.passwords import hash_password
    from smartbranch.app import create_app

    settings = load_settings("default", environ={}, overrides={
        "app": {"data_dir": str(workdir)},
        "database": {"url": f"sqlite:///{workdir / 'bench.db'}"},
        # The escalation worker has no stop; it would outlive the throwaway database.
        "console": {"escalation_poll_seconds": 0},
        "server": {"websocket_compression": compression},
    })
    database = Database(settings)
    upgrade(database.engine)
    password_hash = hash_password(PASSWORD)
    with database.session() as session:
        branch = Branch(code="BENCH-01", name="Benchmark branch",
                        privacy_mode=PrivacyMode.AMBIENT)
        session.add(branch)
        session.flush()
        usernames = [f"bench.rm{i}" for i in range(1, staff + 1)]
        session.add_all(Staff(branch_id=branch.id, username=name, full_name=f"Bench RM {i}",
                              role=Role.RELATIONSHIP_MANAGER, password_hash=password_hash)
                        for i, name in enumerate(usernames, start=1))
        people = [Customer(customer_number=f"B{i:08d}", given_name=f"Guest{i}",
                           family_name="Bench", home_branch_id=branch.id)
                  for i in range(1, customers + 1)]
        session.add_all(people)
        session.flush()
        branch_id, customer_ids = branch.id, [c.id for c in people]
    bus = InProcessBus()
    app = create_app(settings, database=database, bus=bus)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    return BenchServer(f"http://127.0.0.1:{port}", app, bus, database, branch_id,
                       customer_ids, usernames, server, thread)


def sign_in(url: str, username: str) -> str:
    """Sign in through the real form (CSRF token from the page); return the Cookie header."""
    import requests

    with requests.Session() as http:
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{url}/staff/sign-in", timeout=30)
        token = _CSRF.search(page.text)
        if token is None:
            raise click.ClickException("no CSRF token on the sign-in page")
        answer = http.post(f"{url}/staff/sign-in", allow_redirects=False, timeout=30,
                           data={"username": username, "password": PASSWORD,
                                 "csrf_token": token.group(1)})
        if answer.status_code != 302 or "sign-in" in answer.headers.get("Location", ""):
            raise click.ClickException(f"sign-in of {username} failed ({answer.status_code})")
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


class TabletGroup:
    """A child process holding some tablets (sockets or pollers), driven over its pipes."""

    def __init__(self, url: str, cookies: list[str], clients: int, mode: str = "socket",
                 poll_s: float = 1.0, deflate: bool = False):
        self.clients = clients
        self.cpu_s = 0.0  # the child's CPU time at its last report
        self.deflating = 0  # sockets on which the server accepted permessage-deflate
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "smartbranch.benchmarks.realtime_clients"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self._send({"mode": mode, "url": url, "cookies": cookies, "clients": clients,
                    "poll_s": poll_s, "deflate": deflate})

    def _send(self, obj) -> None:
        self.proc.stdin.write(json.dumps(obj) + "\n")
        self.proc.stdin.flush()

    def wait_ready(self) -> int:
        answer = self._read()
        if answer["failed"]:
            raise click.ClickException(f"{answer['failed']} tablet(s) could not connect")
        self.deflating = answer.get("deflating", 0)
        return answer["ready"]

    def ask_report(self, expect: int, timeout: float) -> None:
        self._send({"report": {"expect": expect, "timeout": timeout}})

    def read_line(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise click.ClickException(f"a tablet process ended early (exit {self.proc.poll()})")
        return line

    def _read(self) -> dict:
        return json.loads(self.read_line())

    def parse_report(self, line: str) -> dict:
        report = json.loads(line)
        report["cpu_delta_s"], self.cpu_s = report["cpu_s"] - self.cpu_s, report["cpu_s"]
        return report

    def close(self) -> None:
        try:
            self._send({"stop": True})
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def open_groups(url: str, cookies: list[str], clients: int, processes: int, **kw):
    """Spread `clients` tablets over up to `processes` children; return them once connected."""
    processes = max(1, min(processes, clients))
    sizes = [clients // processes + (1 if i < clients % processes else 0)
             for i in range(processes)]
    groups = [TabletGroup(url, cookies, n, **kw) for n in sizes]
    for group in groups:
        group.wait_ready()
    return groups


def collect(groups: list[TabletGroup], expect: int, timeout: float) -> tuple[list[dict], float]:
    """Wait for every group's report; return the reports and the server's CPU time at that moment.

    A child answers only once its tablets hold every event (or on timeout), so the CPU time
    read before the reports are parsed is the server's for the phase, without the harness's
    work of decoding 200,000 receipts.
    """
    for group in groups:
        group.ask_report(expect, timeout)
    lines = [group.read_line() for group in groups]
    server_cpu = _server_cpu_s()
    return [group.parse_report(line) for group, line in zip(groups, lines, strict=True)], server_cpu


def publish_arrivals(server: BenchServer, count: int, interval: float) -> dict[str, float]:
    """Publish `count` customer.arrived events on the app's bus; return id -> publish time."""
    from shared.events import CustomerArrived, Event

    published: dict[str, float] = {}
    for i in range(count):
        event = Event(branch_id=server.branch_id, payload=CustomerArrived(
            visit_id=1_000_000 + i, customer_id=server.customer_ids[0],
            display_name="Guest Bench", source="door_camera", score=0.31))
        published[event.id] = time.time()
        server.bus.publish(event)
        if interval:
            time.sleep(interval)
    return published


def publish_real_arrivals(server: BenchServer, count: int) -> tuple[dict, dict]:
    """Open real visits and publish them as the door camera does; return both time maps."""
    from shared.events import CustomerArrived, Event
    from shared.floor.visits import open_visit
    from shared.models.enums import VisitSource

    by_visit: dict[str, float] = {}
    by_event: dict[str, float] = {}
    rng = random.Random(4)
    for customer_id in server.customer_ids[:count]:
        time.sleep(rng.uniform(0.25, 0.75))  # arrivals fall anywhere in the poll cycle
        with server.database.session() as session:
            # Take the write lock first: the pollers write access-log rows at the same time.
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            visit = open_visit(session, server.branch_id, customer_id, VisitSource.DOOR_CAMERA,
                               0.3, datetime.now(UTC), timedelta(minutes=60))
            visit_id = visit.id
        event = Event(branch_id=server.branch_id, payload=CustomerArrived(
            visit_id=visit_id, customer_id=customer_id, display_name=f"Guest{customer_id}",
            source="door_camera", score=0.3))
        now = time.time()
        by_visit[str(visit_id)], by_event[event.id] = now, now
        server.bus.publish(event)
    return by_visit, by_event


def _server_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _phase(groups, published, timeout, server_cpu_before: float | None = None) -> dict:
    reports, server_cpu_after = collect(groups, len(published), timeout)
    matched = match_receipts(published, reports)
    result = {**summarise(matched["latencies"]), "clients": matched["clients"],
              "events": len(published), "missing": matched["missing"],
              "duplicates": matched["duplicates"],
              "socket_disconnects": sum(r["disconnects"] for r in reports),
              "tablets_cpu_s": round(sum(r["cpu_delta_s"] for r in reports), 2)}
    if server_cpu_before is not None:
        # The parent is the server plus the publishing loop; tablets run in children.
        result["server_cpu_s"] = round(server_cpu_after - server_cpu_before, 2)
    return result


def run_bursts(server: BenchServer, groups: list[TabletGroup], burst: int, rounds: int) -> dict:
    """Publish `rounds` bursts of `burst` arrivals back to back; figures over every delivery.

    One burst's p99 swings with how the sender happened to batch it and with whatever else
    the machine runs, so the headline is over all rounds and each round's p99 is listed.
    """
    latencies: list[float] = []
    per_round: list[float | None] = []
    missing = duplicates = disconnects = 0
    server_cpu = tablets_cpu = publish_s = 0.0
    for _ in range(rounds):
        time.sleep(0.5)  # let the previous round's report settle before the next burst
        t0, cpu0 = time.monotonic(), _server_cpu_s()
        published = publish_arrivals(server, burst, 0.0)
        publish_s = max(publish_s, time.monotonic() - t0)
        reports, cpu1 = collect(groups, len(published), 60.0)
        matched = match_receipts(published, reports)
        latencies.extend(matched["latencies"])
        per_round.append(summarise(matched["latencies"])["p99_ms"])
        missing += matched["missing"]
        duplicates += matched["duplicates"]
        disconnects += sum(r["disconnects"] for r in reports)
        server_cpu += cpu1 - cpu0
        tablets_cpu += sum(r["cpu_delta_s"] for r in reports)
    tablets = sum(group.clients for group in groups)
    expected = burst * tablets * rounds
    delivered = expected - missing
    return {
        **summarise(latencies), "rounds": rounds, "events": burst, "clients": tablets,
        "p99_ms_per_round": per_round, "missing": missing, "duplicates": duplicates,
        "socket_disconnects": disconnects, "publish_s_max": round(publish_s, 3),
        "server_cpu_s": round(server_cpu, 2), "tablets_cpu_s": round(tablets_cpu, 2),
        "server_cpu_us_per_message": round(server_cpu * 1e6 / max(1, delivered), 2),
        "tablet_cpu_us_per_message": round(tablets_cpu * 1e6 / max(1, delivered), 2),
        "delivered": delivered, "expected": expected,
        "complete": missing == 0 and disconnects == 0,
    }


def start_face_load(faces: Path | None) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "smartbranch.benchmarks.face_load", str(faces or "")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    if not line:
        raise click.ClickException("the face pipeline load did not start")
    return proc, json.loads(line)["source"]


def stop_face_load(proc: subprocess.Popen) -> dict:
    proc.stdin.close()
    line = proc.stdout.readline()
    proc.wait(timeout=30)
    stats = json.loads(line) if line else {}
    if stats.get("wall_s"):
        stats["cores_used"] = round(stats["cpu_s"] / stats["wall_s"], 2)
    return stats


def _ratio(a, b):
    return round(a / b, 1) if a and b else None


def run_benchmark(*, events: int = 500, latency_clients: int = 1, tablets: int = 200,
                  processes: int = 4, paced: int = 20, burst: int = 1000, bursts: int = 3,
                  poll_clients: int = 3, poll_events: int = 8, face_load: bool = True,
                  faces_dir: Path | None = None, deflate: bool = False,
                  server_compression: bool = False) -> dict:
    """Run every phase against one live server; return the figures as a dict."""
    started = time.monotonic()
    result: dict = {
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2),
                    "python": platform.python_version(), "platform": platform.platform()},
        "targets": TARGETS,
    }
    with tempfile.TemporaryDirectory(prefix="bench-realtime-") as tmp:
        staff = min(10, max(tablets, latency_clients, poll_clients))
        server = start_server(Path(tmp), staff, max(poll_events, 1), server_compression)
        groups: list[TabletGroup] = []
        try:
            _note(started, f"server at {server.url}; signing in {staff} staff through the form")
            cookies = [sign_in(server.url, name) for name in server.usernames]

            _note(started, f"baseline: {poll_clients} polling tablets, {poll_events} real arrivals")
            pollers = open_groups(server.url, cookies, poll_clients, 1, mode="poll")
            watchers = open_groups(server.url, cookies, 1, 1)
            groups = pollers + watchers
            by_visit, by_event = publish_real_arrivals(server, poll_events)
            poll = _phase(pollers, by_visit, 5.0)
            poll_reports_socket = _phase(watchers, by_event, 5.0)
            for group in groups:
                group.close()
            groups = []
            result["baseline_polling"] = {"interval_s": 1.0, "endpoint": "/api/staff/arrivals",
                                          **poll, "socket_same_arrivals": poll_reports_socket}

            _note(started, f"latency: {events} events to {latency_clients} tablet(s), idle")
            groups = open_groups(server.url, cookies, latency_clients, latency_clients)
            idle = _phase(groups, publish_arrivals(server, events, 0.01), 30.0)
            latency = {"interval_ms": 10, "idle": idle}
            if face_load:
                _note(started, "latency again with the face pipeline flat out in another process")
                proc, source = start_face_load(faces_dir)
                try:
                    loaded = _phase(groups, publish_arrivals(server, events, 0.01), 30.0)
                finally:
                    loaded["face_pipeline"] = stop_face_load(proc)
                    loaded["face_pipeline"]["source"] = source
                latency["with_face_pipeline"] = loaded
            result["latency"] = latency
            for group in groups:
                group.close()

            _note(started, f"fan-out: connecting {tablets} tablets in {processes} processes")
            t0 = time.monotonic()
            groups = open_groups(server.url, cookies, tablets, processes, deflate=deflate)
            connect_s = time.monotonic() - t0
            cpu0 = _server_cpu_s()
            fan = _phase(groups, publish_arrivals(server, paced, 0.05), 30.0, cpu0)
            _note(started, f"fan-out: {bursts} burst(s) of {burst} events to {tablets} tablets")
            burst_result = run_bursts(server, groups, burst, bursts)
            result["fanout"] = {"tablets": tablets, "processes": len(groups),
                                "tablets_offer_deflate": deflate,
                                "server_websocket_compression": server_compression,
                                "tablets_deflating": sum(g.deflating for g in groups),
                                "connect_s": round(connect_s, 2), "paced_interval_ms": 50,
                                "paced": fan, "burst": burst_result}
        finally:
            for group in groups:
                group.close()
            server.close()
    socket_latency = result["latency"].get("with_face_pipeline", result["latency"]["idle"])
    result["ratios"] = {
        "poll_p50_over_socket_p50": _ratio(poll["p50_ms"], idle["p50_ms"]),
        "poll_p99_over_socket_p99": _ratio(poll["p99_ms"], idle["p99_ms"]),
        "poll_p50_over_socket_p50_same_arrivals":
            _ratio(poll["p50_ms"], poll_reports_socket["p50_ms"]),
    }
    result["meets"] = {
        "p50_under_load": _below(socket_latency["p50_ms"], TARGETS["p50_ms"]),
        "p99_under_load": _below(socket_latency["p99_ms"], TARGETS["p99_ms"]),
        "burst_complete": result["fanout"]["burst"]["complete"],
        "burst_p99": _below(result["fanout"]["burst"]["p99_ms"], TARGETS["burst_p99_ms"]),
    }
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def _below(value, target) -> bool:
    return value is not None and value < target


@click.command("realtime")
@click.option("--events", type=click.IntRange(min=1), default=500, show_default=True,
              help="Arrivals published for the latency figures (each phase).")
@click.option("--latency-clients", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--tablets", type=click.IntRange(min=1), default=200, show_default=True,
              help="Socket tablets in the branch for the fan-out figures.")
@click.option("--processes", type=click.IntRange(min=1), default=4, show_default=True,
              help="Child processes the fan-out tablets are spread over.")
@click.option("--paced", type=click.IntRange(min=1), default=20, show_default=True,
              help="Single arrivals, 50 ms apart, to every tablet.")
@click.option("--burst", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Arrivals published back to back to every tablet.")
@click.option("--bursts", type=click.IntRange(min=1), default=3, show_default=True,
              help="How many bursts; the burst figures are over all of them.")
@click.option("--poll-clients", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--poll-events", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--face-load/--no-face-load", default=True, show_default=True,
              help="Measure latency again with a door-camera watcher loading one core.")
@click.option("--deflate/--no-deflate", default=False, show_default=True,
              help="Fan-out tablets offer permessage-deflate, as Chromium does.")
@click.option("--server-compression/--no-server-compression", default=False,
              show_default=True,
              help="Set server.websocket_compression, so the server accepts that offer.")
@click.pass_obj
def realtime_command(ctx, events, latency_clients, tablets, processes, paced, burst, bursts,
                     poll_clients, poll_events, face_load, deflate,
                     server_compression) -> None:
    """Socket.IO arrival latency and 200-tablet fan-out beside a 1 s polling tablet (JSON)."""
    faces = Path(ctx.settings.paths.shared_data_dir) / "faces" if ctx else None
    result = run_benchmark(
        events=events, latency_clients=latency_clients, tablets=tablets, processes=processes,
        paced=paced, burst=burst, bursts=bursts, poll_clients=poll_clients, poll_events=poll_events,
        face_load=face_load, faces_dir=faces if faces and faces.is_dir() else None,
        deflate=deflate, server_compression=server_compression,
    )
    click.echo(json.dumps(result, indent=2))
