"""What `bench realtime` measures: tablets in child processes (realtime_clients.py), their
receipts matched to publish times, and latency figures per phase and per burst."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time

import click

from smartbranch.benchmarks.realtime_server import BenchServer, publish_arrivals


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
    server_cpu = server_cpu_s()
    return [group.parse_report(line) for group, line in zip(groups, lines, strict=True)], server_cpu


def server_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_phase(groups, published, timeout, server_cpu_before: float | None = None) -> dict:
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
        t0, cpu0 = time.monotonic(), server_cpu_s()
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
