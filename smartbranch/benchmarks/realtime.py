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
This module runs the phases; realtime_server.py holds the server under test and what
publishes on its bus, realtime_measure.py the tablet processes and the figures.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from smartbranch.benchmarks.realtime_measure import (
    TabletGroup,
    measure_phase,
    open_groups,
    run_bursts,
    server_cpu_s,
)
from smartbranch.benchmarks.realtime_server import (
    publish_arrivals,
    publish_real_arrivals,
    sign_in,
    start_server,
)

TARGETS = {"p50_ms": 5.0, "p99_ms": 20.0, "burst_p99_ms": 250.0}


def _note(started: float, message: str) -> None:
    click.echo(f"[bench realtime {time.monotonic() - started:6.1f}s] {message}", err=True)


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
            poll = measure_phase(pollers, by_visit, 5.0)
            poll_reports_socket = measure_phase(watchers, by_event, 5.0)
            for group in groups:
                group.close()
            groups = []
            result["baseline_polling"] = {"interval_s": 1.0, "endpoint": "/api/staff/arrivals",
                                          **poll, "socket_same_arrivals": poll_reports_socket}

            _note(started, f"latency: {events} events to {latency_clients} tablet(s), idle")
            groups = open_groups(server.url, cookies, latency_clients, latency_clients)
            idle = measure_phase(groups, publish_arrivals(server, events, 0.01), 30.0)
            latency = {"interval_ms": 10, "idle": idle}
            if face_load:
                _note(started, "latency again with the face pipeline flat out in another process")
                proc, source = start_face_load(faces_dir)
                try:
                    loaded = measure_phase(groups, publish_arrivals(server, events, 0.01), 30.0)
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
            cpu0 = server_cpu_s()
            fan = measure_phase(groups, publish_arrivals(server, paced, 0.05), 30.0, cpu0)
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
