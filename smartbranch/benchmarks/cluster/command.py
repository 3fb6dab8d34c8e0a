"""`smartbranch bench cluster`: the soak of the whole shape, printed as one JSON object."""

from __future__ import annotations

import json
import signal
import sys
import time

import click

from smartbranch.benchmarks.cluster.run import SoakPlan, ci_plan, run_soak


@click.command("cluster")
@click.option("--minutes", type=click.FloatRange(min=1.0), default=10.0, show_default=True,
              help="Length of the soak under load (warm-up included).")
@click.option("--branches", type=click.IntRange(min=1, max=20), default=20, show_default=True,
              help="Simulated branches: one edge and NATS leaf node each, two kiosks each.")
@click.option("--tablets", type=click.IntRange(min=1), default=200, show_default=True,
              help="Staff tablets on Socket.IO, spread over the branches' sign-ins.")
@click.option("--kiosks", type=click.IntRange(min=1), default=None,
              help="Kiosks doing withdrawals and deposits [every kiosk: 2 per branch].")
@click.option("--web", type=click.IntRange(min=2, max=8), default=2, show_default=True,
              help="Web processes behind the proxy.")
@click.option("--edge-cut", "edge_cut_s", type=click.FloatRange(min=1.0), default=None,
              help="Seconds one edge is cut off from the centre [120; 20 with --short].")
@click.option("--burst-events", type=click.IntRange(min=100), default=None,
              help="Events in each of the two ingest bursts (end to end; held at the hub, then "
                   "drained) [20000; 3000 with --short].")
@click.option("--door-cameras", type=click.IntRange(min=0, max=20), default=None,
              help="Branches whose door camera replays the shared data's photos through "
                   "face recognition [every branch; 1 with --short].")
@click.option("--camera-fps", type=click.FloatRange(min=0.5, max=15), default=None,
              help="Frame rate of those cameras [3].")
@click.option("--relay-cut", is_flag=True,
              help="Cut the edge by dropping its leaf's relay only, even where the machine "
                   "could run it in a network namespace (root) and cut every link.")
@click.option("--short", is_flag=True,
              help="The CI size: 2.5 min, 2 branches, 4 tablets, 4 kiosks, 20 s cut.")
@click.option("--single-process/--no-single-process", default=None,
              help="Measure one server process's figures after the soak [on, off with --short].")
@click.option("--json", "as_json", is_flag=True, help="Only the JSON object on stdout.")
@click.pass_obj
def cluster_command(ctx, minutes, branches, tablets, kiosks, web, edge_cut_s, burst_events,
                    door_cameras, camera_fps, relay_cut, short, single_process,
                    as_json) -> None:
    """Soak the bank's shape under load with every fault once; check money and events (JSON).

    Brings up its own PostgreSQL (initdb) and Redis on free ports, a NATS hub and a leaf per
    branch, ingest, the web processes behind HAProxy and an edge per branch (two agents per
    kiosk); drives tablets, kiosks and door events; kills a web process, restarts Redis and
    PostgreSQL, kills a kiosk's driving agent mid-withdrawal and cuts one edge off (as root:
    that edge runs in a network namespace of its own and loses every link); then the end
    checks, and two bursts: one end to end, and one held at the hub (the ingest paused, as
    behind a link that was down) whose drain is the ingest rate. Needs root or a postgres
    user for initdb.
    """
    base = ci_plan() if short else SoakPlan()
    changes = {"web": web, "isolate_edge": not relay_cut}
    if not short or minutes != 10.0:
        changes["minutes"] = minutes
    if not short or branches != 20:
        changes["branches"] = branches
    if not short or tablets != 200:
        changes["tablets"] = tablets
    changes["kiosks"] = kiosks or min(base.kiosks, changes.get("branches", base.branches) * 2)
    if edge_cut_s is not None:
        changes["edge_cut_s"] = edge_cut_s
    if burst_events is not None:
        changes["burst_events"] = burst_events
    if door_cameras is not None:
        changes["door_cameras"] = door_cameras
    if camera_fps is not None:
        changes["camera_fps"] = camera_fps
    if single_process is not None:
        changes["single_process"] = single_process
    minutes_now = changes.get("minutes", base.minutes)
    # A short soak warms up for a sixth of it (at most the full bench's 2 minutes).
    changes["warmup_s"] = min(base.warmup_s, minutes_now * 10)
    try:
        plan = SoakPlan(**{**base.__dict__, **changes})
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    started = time.monotonic()

    def note(message: str) -> None:
        click.echo(f"[bench cluster {time.monotonic() - started:6.1f}s] {message}", err=True)

    # SIGTERM unwinds like Ctrl-C, so the lab stops its PostgreSQL (pg_ctl daemonises it).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    profile = ctx.profile if ctx is not None else None
    result = run_soak(plan, profile=profile, note=note)
    if not as_json:
        click.echo(json.dumps(result, indent=2))
    click.echo(json.dumps(result))
