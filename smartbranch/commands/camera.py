"""`smartbranch camera`: run one door-camera watcher in the foreground."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta

import click
from sqlalchemy import select

from smartbranch.context import CliContext, CliError

log = logging.getLogger(__name__)


@click.command("camera")
@click.option("--source", required=True,
              help="Device number, rtsp:// or http:// URL, video file, folder of images, "
                   "or sim://?people=3&seconds=20.")
@click.option("--branch", "branch_code", default=None, help="Branch code [app.default_branch].")
@click.option("--device", "device_code", default=None,
              help="Door camera device code [<BRANCH>-DOOR-1, created if missing].")
@click.option("--fps", type=click.FloatRange(min=0.5, max=60), default=None,
              help="Frame rate of a replayed folder or the simulator [15].")
@click.option("--max-seconds", type=click.FloatRange(min=0), default=None,
              help="Stop after this many seconds (default: until Ctrl-C or the source ends).")
@click.option("--visit-window", type=click.IntRange(min=1), default=None,
              help="Minutes during which a customer's second sighting is the same visit "
                   "[camera.visit_window_minutes].")
@click.pass_obj
def camera(ctx: CliContext, source: str, branch_code: str | None, device_code: str | None,
           fps: float | None, max_seconds: float | None, visit_window: int | None) -> None:
    """Watch a door camera: print arrivals of consenting customers and foot-traffic counts."""
    from hardware.camera import CameraError, create_camera
    from kiosk.door.watcher import (
        DbVisitRecorder,
        DoorCameraWatcher,
        GalleryIdentifier,
        WatcherConfig,
    )
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.crypto import TemplateCipher, TemplateKeyError
    from shared.db import Database
    from shared.events import EventKind, create_bus
    from shared.models import Branch, Device
    from shared.models.enums import DeviceKind
    from shared.services.enrolment import gallery_listener, load_gallery

    settings = ctx.settings
    face = settings.biometrics.face
    cam_settings = settings.camera
    window = timedelta(minutes=visit_window or cam_settings.visit_window_minutes)
    config = WatcherConfig(
        min_face_px=cam_settings.min_face_px,
        detect_every=cam_settings.detect_every,
        best_frames=cam_settings.best_frames,
        full_scan_every_s=cam_settings.full_scan_every_s,
        visit_window=window,
        bucket=timedelta(minutes=cam_settings.traffic_bucket_minutes),
    )
    code = branch_code or settings.app.default_branch
    database = Database(settings)
    try:
        cipher = TemplateCipher(settings.biometrics.template_key)
    except TemplateKeyError as exc:
        raise CliError(f"biometrics.template_key: {exc}") from None
    try:
        with database.session() as session:
            branch = session.scalars(select(Branch).where(Branch.code == code)).first()
            if branch is None:
                raise CliError(f"no branch with code {code!r}")
            device_code = device_code or f"{branch.code}-DOOR-1"
            device = session.scalars(select(Device).where(Device.code == device_code)).first()
            if device is None:
                device = Device(branch_id=branch.id, code=device_code, name="Door camera",
                                kind=DeviceKind.DOOR_CAMERA, driver="opencv")
                session.add(device)
                session.flush()
            elif device.branch_id != branch.id:
                raise CliError(f"device {device_code!r} belongs to another branch")
            branch_id, device_id = branch.id, device.id
            loaded = load_gallery(session, cipher, face.model_version, branch_id)
    except CliError:
        database.dispose()
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. no database yet
        database.dispose()
        raise CliError(f"cannot prepare the camera: {exc}") from None

    bus = create_bus(settings)
    bus.subscribe(gallery_listener(loaded.gallery))
    stop = threading.Event()
    holder: dict = {}
    try:
        cam = create_camera(
            source, fps=fps,
            on_unavailable=lambda detail: holder["w"].device_unavailable(detail),
            on_available=lambda: holder["w"].device_available(),
        )
    except CameraError as exc:
        raise CliError(str(exc)) from None
    watcher = DoorCameraWatcher(
        cam, DlibFaceEngine(face.model_version),
        GalleryIdentifier(loaded.gallery, face.threshold, face.margin),
        DbVisitRecorder(database, branch_id, device_id, window),
        bus, branch_id, device_code, stop, config=config,
    )
    holder["w"] = watcher

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
            click.echo(f"{event.at:%H:%M:%S} {event.kind}: {device_code}")

    bus.subscribe(show)
    click.echo(f"watching {source} for branch {code} as {device_code}: gallery of "
               f"{loaded.customers} customers, threshold {face.threshold}")
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        cam.open()
        stats = watcher.run(max_seconds=max_seconds)
    except CameraError as exc:
        raise CliError(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        cam.close()
        bus.close()
        database.dispose()
    click.echo(f"done: {stats.frames} frames, {stats.people} people, {stats.matches} "
               f"identified, {stats.arrivals} arrivals"
               + (" (source ended)" if stats.ended else ""))
