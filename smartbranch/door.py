"""Assemble a door-camera watcher (gallery, camera, recorder, status) for `camera` and `serve`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from shared.models import Branch, Device
from shared.models.enums import DeviceKind

log = logging.getLogger(__name__)

PLAYLIST = "playlist.txt"
# The demo replay: each person crosses the door for 2 s, then the door is empty for 3 s.
PLAYLIST_SECONDS_EACH = 2.0
PLAYLIST_GAP_SECONDS = 3.0
# LFW photos are 250 px with ~105 px faces; 1.2x keeps them above camera.min_face_px (90).
PLAYLIST_IMAGE_SCALE = 1.2


class DoorCameraError(Exception):
    """The door camera cannot be assembled (no branch, bad source, no key...)."""


def read_playlist(path: Path) -> list[Path]:
    """Return the image paths a playlist lists (one a line, `#` comments), relative to it."""
    paths = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entry = Path(line)
            paths.append(entry if entry.is_absolute() else path.parent / entry)
    if not paths:
        raise DoorCameraError(f"{path} lists no images")
    return paths


def playlist_of(source: str) -> Path | None:
    """Return the playlist a source names (a playlist file or a folder holding one)."""
    path = Path(source)
    if path.is_dir() and (path / PLAYLIST).is_file():
        return path / PLAYLIST
    if path.is_file() and path.suffix == ".txt":
        return path
    return None


def open_source(source: str, *, fps: float | None, loop: bool, on_unavailable, on_available):
    """Build the camera for a source; a playlist replays people crossing a 720p door frame."""
    from hardware.camera import (
        DOOR_CANVAS,
        DOOR_WALK_PX,
        CameraError,
        ReplayCamera,
        create_camera,
    )

    playlist = playlist_of(source)
    try:
        if playlist is None:
            return create_camera(source, fps=fps, loop=loop, on_unavailable=on_unavailable,
                                 on_available=on_available)
        rate = fps or 15.0
        return ReplayCamera(
            read_playlist(playlist), fps=rate, loop=loop, canvas=DOOR_CANVAS,
            frames_per_image=round(PLAYLIST_SECONDS_EACH * rate),
            gap_frames=round(PLAYLIST_GAP_SECONDS * rate), drift_px=4, walk_px=DOOR_WALK_PX,
            image_scale=PLAYLIST_IMAGE_SCALE, realtime=True,
        )
    except CameraError as exc:
        raise DoorCameraError(str(exc)) from None


def template_cipher(settings):
    """Return the app's template cipher; a bad key is a DoorCameraError."""
    from shared.biometrics.cipher import TemplateKeyError
    from smartbranch.secrets import template_cipher as build_cipher

    try:
        return build_cipher(settings)
    except TemplateKeyError as exc:
        raise DoorCameraError(f"biometrics.template_key: {exc}") from None


@dataclass
class DoorCamera:
    """One assembled watcher and what it needs to run, in the foreground or in a thread."""

    watcher: object
    camera: object
    source: str
    branch_code: str
    device_code: str
    gallery_customers: int
    stop_event: threading.Event
    _unsubscribe: Callable[[], None]
    _thread: threading.Thread | None = field(default=None)

    def describe(self) -> str:
        """Say what the camera watches, for banners."""
        playlist = playlist_of(self.source)
        if playlist is not None:
            return f"replaying {len(read_playlist(playlist))} photos listed in {playlist}"
        return f"watching {self.source}"

    def run(self, max_seconds: float | None = None):
        """Open the camera and watch until stopped, the source ends or `max_seconds`."""
        from hardware.camera import CameraError

        try:
            self.camera.open()
        except CameraError as exc:
            raise DoorCameraError(str(exc)) from None
        try:
            return self.watcher.run(max_seconds=max_seconds)
        finally:
            self.camera.close()

    def start(self) -> threading.Thread:
        """Watch in a daemon thread (inside the server); a camera error is logged, not raised."""

        def watch() -> None:
            try:
                stats = self.run()
                log.info("door camera %s stopped: %s", self.device_code, stats)
            except Exception:
                log.exception("door camera %s failed", self.device_code)

        self._thread = threading.Thread(target=watch, name=f"door-{self.device_code}",
                                        daemon=True)
        self._thread.start()
        return self._thread

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the watching thread to end (a finite source); True if it has."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the watcher to stop, wait for it, and leave the bus."""
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._unsubscribe()


def prepare_door_camera(
    settings,
    database,
    bus,
    source: str,
    *,
    branch_code: str | None = None,
    device_code: str | None = None,
    fps: float | None = None,
    loop: bool = False,
    visit_window_minutes: int | None = None,
    engine=None,
    camera=None,
    edge: bool = False,
) -> DoorCamera:
    """Load the branch's gallery and assemble a watcher publishing on `bus`.

    The device defaults to the branch's first door camera, else `<BRANCH>-DOOR-1` (created).
    `engine` and `camera` default to the dlib engine and the camera `source` names.
    With `edge` (a branch edge of a bank), the gallery also follows the centre's gallery
    stream over the edge's NATS leaf, and the door stops identifying while cut off.
    """
    from kiosk.door.crossing import CountLine, EntryWay
    from kiosk.door.cutoff import IdentifyingGate
    from kiosk.door.identify import GalleryIdentifier
    from kiosk.door.recorder import Learning
    from kiosk.door.status import CameraStatusReporter
    from kiosk.door.watcher import DoorCameraWatcher, WatcherConfig
    from shared.biometrics.face.enrolment import gallery_listener, load_gallery
    from shared.biometrics.face.threshold_model import GalleryThreshold

    face, cam = settings.biometrics.face, settings.camera
    window = timedelta(minutes=visit_window_minutes or cam.visit_window_minutes)
    learn = settings.biometrics.learning
    config = WatcherConfig(
        learn_distance_share=learn.max_distance_share if learn.enabled else 0.0,
        min_face_px=cam.min_face_px, detect_every=cam.detect_every, best_frames=cam.best_frames,
        full_scan_every_s=cam.full_scan_every_s, visit_window=window,
        bucket=timedelta(minutes=cam.traffic_bucket_minutes),
        count_line=CountLine(cam.count_line, EntryWay(cam.entry_direction)),
    )
    code = branch_code or settings.app.default_branch
    cipher = template_cipher(settings)
    try:
        with database.session() as session:
            branch = session.scalars(select(Branch).where(Branch.code == code)).first()
            if branch is None:
                raise DoorCameraError(f"no branch with code {code!r}")
            device = _door_device(session, branch, device_code)
            branch_id, device_id, device_code = branch.id, device.id, device.code
            loaded = load_gallery(session, cipher, face.model_version, branch_id)
    except DoorCameraError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. no database yet
        raise DoorCameraError(f"cannot prepare the door camera: {exc}") from None

    def reload_customer(customer_id: int):
        with database.session() as session:
            return load_gallery(session, cipher, face.model_version, branch_id,
                                customer_id=customer_id)

    unsubscribe = bus.subscribe(gallery_listener(loaded.gallery, reload_customer))
    status = CameraStatusReporter(bus, branch_id, device_code)
    identifying = None
    if edge:
        sync = start_edge_gallery(settings, database, loaded.gallery, reload_customer,
                                  branch_id, device_code)
        identifying = IdentifyingGate(sync.cut_off, settings.cluster.cutoff_bound_s,
                                      status.unavailable, status.available)
        unsubscribe = _both(unsubscribe, sync.close)
    if camera is None:
        try:
            camera = open_source(source, fps=fps, loop=loop, on_unavailable=status.unavailable,
                                 on_available=status.available)
        except DoorCameraError:
            unsubscribe()
            raise
    if engine is None:
        from shared.biometrics.face.dlib_engine import DlibFaceEngine

        engine = DlibFaceEngine(face.model_version)
    stop = threading.Event()
    watcher = DoorCameraWatcher(
        camera, engine,
        # The door decides a track's best frames together: the per-visit threshold.
        GalleryIdentifier(loaded.gallery, GalleryThreshold.from_settings(face, per_visit=True),
                          face.margin),
        _recorder(database, bus, branch_id, device_id, window,
                  Learning(cipher, face.model_version, learn), edge),
        branch_id, device_code, stop, config=config, identifying=identifying,
    )
    return DoorCamera(watcher, camera, source, code, device_code, loaded.customers, stop,
                      unsubscribe)


def _recorder(database, bus, branch_id: int, device_id: int, window, learning, edge: bool):
    """At an edge with a store-and-forward bus the door's records go to the centre through
    it (the visit opens there); otherwise straight to the database."""
    from kiosk.door.recorder import DbVisitRecorder

    outbox = getattr(bus, "outbox", None) if edge else None
    if outbox is None:
        return DbVisitRecorder(database, bus, branch_id, device_id, window, learning=learning)
    from kiosk.door.edge_recorder import EdgeVisitRecorder

    return EdgeVisitRecorder(outbox, database, branch_id, device_id, window)


@dataclass
class EdgeGallery:
    """A door's running gallery sync and the NATS client under it."""

    sync: object
    client: object

    def cut_off(self) -> bool:
        return self.sync.cut_off()

    def close(self) -> None:
        self.sync.stop()
        self.client.close()


def start_edge_gallery(settings, database, gallery, reload_customer, branch_id: int,
                       device_code: str) -> EdgeGallery:
    """Follow the centre's gallery stream over the edge's leaf node, in a thread."""
    from kiosk.door.edge_gallery import DoorGalleryOps
    from shared.cluster.gallery_sync import EdgeGallerySync, durable_name
    from shared.cluster.nats_client import NatsClient

    client = NatsClient(settings.cluster.edge_url, name=f"door-{device_code}")
    ops = DoorGalleryOps(database, gallery, reload_customer, branch_id,
                         settings.biometrics.face.model_version)
    sync = EdgeGallerySync(client, settings, durable_name(device_code), ops)
    sync.start()
    return EdgeGallery(sync, client)


def _both(first: Callable[[], None], second: Callable[[], None]) -> Callable[[], None]:
    def undo() -> None:
        try:
            first()
        finally:
            second()

    return undo


def _door_device(session, branch: Branch, device_code: str | None) -> Device:
    """Return the named door camera, the branch's first one, or a new `<BRANCH>-DOOR-1`."""
    if device_code is None:
        device = session.scalars(
            select(Device)
            .where(Device.branch_id == branch.id, Device.kind == DeviceKind.DOOR_CAMERA)
            .order_by(Device.id)
        ).first()
        if device is not None:
            return device
        device_code = f"{branch.code}-DOOR-1"
    device = session.scalars(select(Device).where(Device.code == device_code)).first()
    if device is None:
        device = Device(branch_id=branch.id, code=device_code, name="Door camera",
                        kind=DeviceKind.DOOR_CAMERA, driver="opencv")
        session.add(device)
        session.flush()
    elif device.branch_id != branch.id:
        raise DoorCameraError(f"device {device_code!r} belongs to another branch")
    return device
