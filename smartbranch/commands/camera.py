"""`smartbranch camera`: run one door-camera watcher in the foreground."""

from __future__ import annotations

import logging
import signal

import click

from smartbranch.context import CliContext, CliError

log = logging.getLogger(__name__)


@click.command("camera")
@click.option("--source", required=True,
              help="Device number, rtsp:// or http:// URL, video file, folder of images, "
                   "a playlist (a .txt file of image paths, or a folder holding "
                   "playlist.txt, as `smartbranch demo faces` writes), or "
                   "sim://?people=3&seconds=20.")
@click.option("--branch", "branch_code", default=None, help="Branch code [app.default_branch].")
@click.option("--device", "device_code", default=None,
              help="Door camera device code [the branch's first door camera, else "
                   "<BRANCH>-DOOR-1, created].")
@click.option("--fps", type=click.FloatRange(min=0.5, max=60), default=None,
              help="Frame rate of a replayed folder or the simulator [15].")
@click.option("--loop", is_flag=True, default=False,
              help="Start a replayed folder or playlist again at its end (a demo or a soak's "
                   "door), instead of stopping.")
@click.option("--max-seconds", type=click.FloatRange(min=0), default=None,
              help="Stop after this many seconds (default: until Ctrl-C or the source ends).")
@click.option("--visit-window", type=click.IntRange(min=1), default=None,
              help="Minutes during which a customer's second sighting is the same visit "
                   "[camera.visit_window_minutes].")
@click.option("--edge", is_flag=True, default=False,
              help="Run at a branch edge of a bank: follow the centre's enrolments and "
                   "withdrawals over this edge's NATS leaf (cluster.edge_nats_url), and only "
                   "count while cut off from the centre longer than cluster.cutoff_bound_s.")
@click.pass_obj
def camera(ctx: CliContext, source: str, branch_code: str | None, device_code: str | None,
           fps: float | None, loop: bool, max_seconds: float | None,
           visit_window: int | None, edge: bool) -> None:
    """Watch a door camera: print arrivals of consenting customers and foot-traffic counts."""
    from shared.db import Database
    from shared.events import EventKind, create_bus
    from smartbranch.cluster.edge_bus import process_bus
    from smartbranch.door import DoorCameraError, prepare_door_camera

    settings = ctx.settings
    database = Database(settings)
    # At an edge the door's records and events are stored and forwarded to the centre.
    bus = (process_bus(settings, branch_code or settings.app.default_branch,
                       f"door-{device_code or branch_code or 'camera'}")
           if edge else create_bus(settings))
    try:
        door = prepare_door_camera(
            settings, database, bus, source, branch_code=branch_code, device_code=device_code,
            fps=fps, loop=loop, visit_window_minutes=visit_window, edge=edge,
        )
    except DoorCameraError as exc:
        bus.close()
        database.dispose()
        raise CliError(str(exc)) from None
    device_code = door.device_code

    def show(event) -> None:
        if event.kind == EventKind.CUSTOMER_ARRIVED:
            p = event.payload
            click.echo(f"{event.at:%H:%M:%S} arrived: {p.display_name} (customer {p.customer_id}, "
                       f"visit {p.visit_id}, distance {p.score})")
        elif event.kind == EventKind.TRAFFIC_COUNTED:
            p = event.payload
            click.echo(f"{event.at:%H:%M:%S} counted: {p.people} people, "
                       f"{p.identified} identified")
        elif event.kind in (EventKind.DEVICE_UNAVAILABLE, EventKind.DEVICE_AVAILABLE):
            detail = getattr(event.payload, "detail", "")
            click.echo(f"{event.at:%H:%M:%S} {event.kind}: {device_code}"
                       + (f" ({detail})" if detail else ""))

    bus.subscribe(show)
    # The watcher's own GalleryThreshold (for the gallery's size and the vectors behind each
    # template) logs each change; this is the opening value.
    threshold = door.watcher.identifier.threshold
    click.echo(f"watching {source} for branch {door.branch_code} as {device_code}: gallery of "
               f"{door.gallery_customers} customers, threshold {threshold}")
    previous = signal.signal(signal.SIGINT, lambda *_: door.stop_event.set())
    try:
        stats = door.run(max_seconds=max_seconds)
    except DoorCameraError as exc:
        raise CliError(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        door.stop()
        bus.close()
        database.dispose()
    click.echo(f"done: {stats.frames} frames, {stats.people} people, {stats.matches} "
               f"identified, {stats.arrivals} arrivals"
               + (" (source ended)" if stats.ended else ""))
