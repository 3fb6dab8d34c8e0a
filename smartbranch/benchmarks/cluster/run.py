"""The soak's schedule: warm up, steady load with every fault once, drain, check, bursts.

The load generators and end checks are `load.py` and `checks.py` beside this file; the
shape is `ClusterLab`, the faults `faults.py`. The result is one JSON-ready dict.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from smartbranch.benchmarks.cluster import faults
from smartbranch.benchmarks.cluster.lab import KIOSKS_PER_BRANCH, ClusterLab

log = logging.getLogger(__name__)

FAULTS = ("kill_web", "restart_redis", "restart_postgres", "kill_kiosk_agent", "cut_edge")
# After a fault ends, tablets reconnect and catch up: their latencies then are the fault's.
FAULT_GRACE_S = 10.0
# The checks every fault must leave true at the end (end to end, over the whole run).
INVARIANTS = ("lost", "duplicated", "double_dispense", "double_posting", "cash_mismatch")


@dataclass(frozen=True)
class SoakPlan:
    """How big and how long: the full bench's defaults are the issue's (10 min, 20 branches)."""

    minutes: float = 10.0
    branches: int = 20
    tablets: int = 200
    kiosks: int = 40
    web: int = 2
    warmup_s: float = 120.0  # RSS is compared from here ("minute 2") to the end
    edge_cut_s: float = 120.0
    door_rate_per_s: float = 20.0
    # Branches whose door camera replays real photos through face recognition (the shared
    # data's faces), and the cameras' frame rate (a person crosses in 30 frames).
    door_cameras: int = 20
    camera_fps: float = 3.0
    # The cut branch on a host of its own (a network namespace) where the machine allows.
    isolate_edge: bool = True
    burst_events: int = 20_000
    drain_s: float = 180.0
    single_process: bool = True

    def __post_init__(self) -> None:
        if self.kiosks > self.branches * KIOSKS_PER_BRANCH:
            raise ValueError(f"{self.branches} branches have {self.branches * KIOSKS_PER_BRANCH}"
                             f" kiosks, not {self.kiosks}")
        if self.steady_s < self.edge_cut_s + 15 * len(FAULTS):
            raise ValueError(f"{self.minutes} min leave {self.steady_s:.0f} s after the warm-up"
                             f": too short for every fault and a {self.edge_cut_s:.0f} s cut")

    @property
    def steady_s(self) -> float:
        return self.minutes * 60 - self.warmup_s


def ci_plan() -> SoakPlan:
    """The CI short soak: about 2.5 minutes of load, every fault once, a 20 s edge cut."""
    return SoakPlan(minutes=2.5, branches=2, tablets=4, kiosks=4, warmup_s=20.0,
                    edge_cut_s=20.0, door_rate_per_s=5.0, door_cameras=1,
                    burst_events=3_000, drain_s=120.0, single_process=False)


def fault_offsets(plan: SoakPlan) -> list[tuple[float, str]]:
    """Spread the faults over the steady window, after the warm-up, the edge cut last.

    Each fault starts at its slot; the cut gets the room its length needs before the end.
    """
    quick = [name for name in FAULTS if name != "cut_edge"]
    room = plan.steady_s - plan.edge_cut_s - 15
    slot = room / (len(quick) + 1)
    times = [(plan.warmup_s + slot * (i + 1) - slot / 2, name) for i, name in enumerate(quick)]
    times.append((plan.warmup_s + room - slot / 2 + 5, "cut_edge"))
    return times


def rm_signins(branches: list[str]) -> list[tuple[str, str]]:
    """Return the relationship managers' demo sign-ins of these branches (the tablets' users)."""
    from shared.demo.catalog import BRANCH_CATALOG, signins_for
    from shared.models.enums import Role

    return [(s.username, s.password) for s in signins_for(len(BRANCH_CATALOG))
            if s.branch_code in branches and s.role == Role.RELATIONSHIP_MANAGER]


def run_soak(plan: SoakPlan, *, profile: str | None = None,
             base_env: Mapping[str, str] | None = None,
             note: Callable[[str], None] = log.info) -> dict:
    """Run the soak on a fresh lab and return its figures (see the module docstring)."""
    from smartbranch.benchmarks.cluster.checks import RssSampler, cash_checks, event_checks
    from smartbranch.benchmarks.cluster.event_checks import stored_edge_ids
    from smartbranch.benchmarks.cluster.kiosks import counter_tickets
    from smartbranch.benchmarks.cluster.load import DoorFeed, KioskDrivers, Tablets, burst_ingest

    started = time.monotonic()
    result: dict = {"size": asdict(plan), "machine": {"cpus": os.cpu_count(),
                                                      "load_avg_1m": round(os.getloadavg()[0], 2)}}
    note(f"bringing up {plan.branches} branches, {plan.web} web processes")
    with ClusterLab(plan.branches, plan.web, profile=profile, base_env=base_env,
                    door_cameras=plan.door_cameras, camera_fps=plan.camera_fps,
                    isolate_edge=plan.isolate_edge) as lab:
        result["startup_s"] = round(time.monotonic() - started, 1)
        kiosks = [code for branch in lab.branches for code in lab.kiosks[branch]]
        # Spread the driven kiosks over the branches: K1 of every branch before any K2.
        kiosks = sorted(kiosks, key=lambda code: (code.rsplit("-K", 1)[1], code))[:plan.kiosks]
        settings = lab.settings()
        # Samples before the warm-up's end are ignored; growth counts from the minute after.
        sampler = RssSampler(lab.pids, warmup_s=plan.warmup_s - 5,
                             sessions_fn=lab.web_sessions)
        tablets = Tablets(lab.base_url, rm_signins(lab.branches), plan.tablets)
        drivers = KioskDrivers(lab.base_url, lab.database_url, kiosks, settings=settings)
        doors = DoorFeed(lab.leaf_urls, lab.database_url, plan.door_rate_per_s,
                         settings=settings)
        note(f"up in {result['startup_s']} s; load: {plan.tablets} tablets, {len(kiosks)} "
             f"kiosks, doors at {plan.door_rate_per_s}/s")
        load_started = time.monotonic()
        load_since = lab.database_now()
        sampler.start()
        for part in (tablets, drivers, doors):
            part.start()
        records = _run_schedule(lab, plan, kiosks, load_started, note)
        sampler.stop()
        door_report = doors.stop()
        kiosk_report = drivers.stop()
        tablet_report = tablets.stop()
        result["load_s"] = round(time.monotonic() - load_started, 1)
        note("load stopped; draining the edges' events into the centre")
        # Every id the edges' own streams hold now (the cameras', the feed's, the agents'):
        # each must reach the centre once, whichever process sent it.
        edge_ids = stored_edge_ids(lab.leaf_urls)
        events = _drain(lambda: event_checks(lab.database_url, door_report.sent_ids,
                                             edge_ids=edge_ids, since=load_since,
                                             settings=settings), plan.drain_s)
        cash = cash_checks(lab.database_url, lab.device_state_dir, settings=settings)
        result["kiosk_tickets"] = counter_tickets(lab.database_url, load_since, settings)
        note(f"burst: {plan.burst_events} events through the leaves to the centre")
        end_to_end = burst_ingest(lab.hub_url, lab.leaf_urls, lab.database_url,
                                  plan.burst_events, settings=settings)
        note(f"burst: {plan.burst_events} events held at the hub, then the centre's drain")
        rate = burst_ingest(lab.hub_url, lab.leaf_urls, lab.database_url, plan.burst_events,
                            settings=settings, hold=lab.ingest_held)
        result["burst_end_to_end_events_per_s"] = round(end_to_end, 1)
        windows = [(r.started - 1, r.ended + FAULT_GRACE_S) for r in records]
        result.update(_figures(events, cash, tablet_report, kiosk_report, rate,
                               sampler.growth_pct(), windows))
        # The five that grew most, so a store filling up (NATS) is told from a leak.
        result["edge_cut_by"] = lab.isolation
        result["door_cameras"] = {code: str(path) for code, path in lab.door_replays.items()}
        top = sampler.growths()[:5]
        result["rss_growth_top"] = [
            {"name": g.name, "first_mb": round(g.first_bytes / 2**20, 1),
             "last_mb": round(g.last_bytes / 2**20, 1), "pct": round(g.pct, 1)}
            for g in top]
        # Minute by minute, for the five and the proxy's sockets per web process.
        result["rss_timeline_mb"] = sampler.timeline({g.name for g in top})
        result["faults"] = [_judged(record, result) for record in records]
    if plan.single_process:
        note("single process: the realtime bench (one server, same machine) for comparison")
        result["single_process"] = single_process_figures(plan.tablets)
    result["held"] = all(f["held"] for f in result["faults"]) and all(
        result[name] == 0 for name in INVARIANTS)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def _run_schedule(lab: ClusterLab, plan: SoakPlan, kiosks: list[str], load_started: float,
                  note: Callable[[str], None]) -> list:
    """Wait out the warm-up, inject each fault at its offset, run to the end of the window."""
    records = []
    for offset, name in fault_offsets(plan):
        _sleep_until(load_started + offset)
        note(f"fault: {name}")
        record = _inject(lab, name, kiosks, plan)
        note(f"fault: {name} done in {record.ended - record.started:.1f} s, "
             f"recovered={record.recovered} {record.detail or ''}")
        records.append(record)
    _sleep_until(load_started + plan.minutes * 60)
    return records


def _inject(lab: ClusterLab, name: str, kiosks: list[str], plan: SoakPlan):
    if name == "kill_web":
        return faults.kill_web(lab, lab.servers[0].name)
    if name == "restart_redis":
        return faults.restart_redis(lab)
    if name == "restart_postgres":
        return faults.restart_postgres(lab)
    if name == "kill_kiosk_agent":
        return faults.kill_kiosk_agent(lab, kiosks)
    if name == "cut_edge":
        return faults.cut_edge(lab, lab.branches[-1], plan.edge_cut_s)
    raise ValueError(f"no fault {name}")


def _sleep_until(moment: float) -> None:
    wait = moment - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def _drain(check: Callable[[], dict], drain_s: float) -> dict:
    """Wait until every sent event reached the centre (or drain_s passed); return the checks."""
    deadline = time.monotonic() + drain_s
    while True:
        checks = check()
        if checks["lost"] == 0 or time.monotonic() > deadline:
            return checks
        time.sleep(2)


def _figures(events: dict, cash: dict, tablets, kiosks, rate: float, rss_growth: float,
             windows: list[tuple[float, float]]) -> dict:
    """Return the JSON's figures; p95 and 5xx outside the fault windows as the issue asks."""
    def outside(moment: float) -> bool:
        return not any(start <= moment <= end for start, end in windows)

    return {
        "lost": events["lost"],
        "duplicated": events["duplicated"],
        "edge_events_sent": events["sent"],
        "edge_events_of_the_feed": events["feed_sent"],
        "camera_visits": events["camera_visits"],
        "double_dispense": cash["double_dispense"],
        "double_posting": cash["double_posting"],
        "cash_mismatch": cash["cash_mismatch"],
        "open_suspects": cash["open_suspects"],
        "p95_push_ms": tablets.p95_push_ms_outside(windows),
        "p95_push_ms_all": tablets.p95_push_ms,
        "errors_5xx_outside_faults": sum(outside(e[0]) for e in kiosks.errors),
        "cash_problems": cash.get("problems", [])[:20],
        "tablets": _plain(tablets),
        "kiosks": _plain(kiosks),
        "ingest_events_per_s": round(rate, 1),
        "rss_growth_pct": round(rss_growth, 1),
    }


def _plain(report) -> dict:
    """Return a report's counters without its per-event lists."""
    return {k: v for k, v in asdict(report).items() if not isinstance(v, list)}


def _judged(record, result: dict) -> dict:
    """A fault held when its part came back and every end-to-end invariant held."""
    held = record.recovered and all(result[name] == 0 for name in INVARIANTS)
    return {"name": record.name, "held": held, **record.as_dict()}


def single_process_figures(tablets: int) -> dict:
    """Measure one server process's push latency now, with `bench realtime`'s own harness."""
    from smartbranch.benchmarks.realtime import run_benchmark

    figures = run_benchmark(events=200, latency_clients=1, tablets=max(1, tablets),
                            processes=2, paced=20, burst=200, bursts=1, poll_clients=1,
                            poll_events=3, face_load=False, faces_dir=None, deflate=False,
                            server_compression=False)
    latency = figures.get("latency", {}).get("idle", {})
    fanout = figures.get("fanout", {})
    paced, burst = fanout.get("paced", {}), fanout.get("burst", {})
    return {"source": "smartbranch bench realtime's harness: one Werkzeug process on SQLite, "
                      "in-process bus, run right after the soak on the same machine",
            "publish_to_tablet_p50_ms": latency.get("p50_ms"),
            "publish_to_tablet_p99_ms": latency.get("p99_ms"),
            "tablets": fanout.get("tablets"),
            "paced_p50_ms": paced.get("p50_ms"), "paced_p99_ms": paced.get("p99_ms"),
            "burst_p99_ms": burst.get("p99_ms"), "burst_complete": burst.get("complete")}
