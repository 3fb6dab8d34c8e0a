"""Cameras: one interface, an OpenCV driver, a replay of images and a simulator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from hardware.camera.base import (
    Camera,
    CameraCapabilities,
    CameraError,
    CameraOpenError,
    CameraState,
    CameraStatus,
    CameraUnavailable,
    CorruptFrameError,
    Frame,
)
from hardware.camera.opencv_camera import OpenCVCamera
from hardware.camera.replay import DOOR_CANVAS, DOOR_WALK_PX, ReplayCamera
from hardware.camera.simulator import Fault, SimPerson, SimulatedCamera, crossing_scene

STREAM_SCHEMES = ("rtsp://", "rtsps://", "http://", "https://")


def _sim_camera(source: str, fps: float | None, realtime: bool, **callbacks) -> SimulatedCamera:
    query = {k: v[-1] for k, v in parse_qs(urlsplit(source).query).items()}
    known = {"people", "seconds", "fps", "size", "drop_at", "drop_reads", "end_at"}
    unknown = set(query) - known
    if unknown:
        raise CameraOpenError(f"unknown sim:// options: {', '.join(sorted(unknown))}")
    try:
        rate = float(query.get("fps", fps or 15.0))
        people = int(query.get("people", 3))
        size = int(query.get("size", 100))
        frames = round(float(query["seconds"]) * rate) if "seconds" in query else None
        faults: dict[int, tuple[Fault, int]] = {}
        if "drop_at" in query:
            faults[int(query["drop_at"])] = (Fault.DROP, int(query.get("drop_reads", 10)))
        if "end_at" in query:
            faults[int(query["end_at"])] = (Fault.END, 1)
    except ValueError as exc:
        raise CameraOpenError(f"bad sim:// option in {source!r}: {exc}") from exc
    return SimulatedCamera(
        fps=rate, frames=frames, people=crossing_scene(people, rate, size=size),
        faults=faults, realtime=realtime, **callbacks,
    )


def create_camera(
    source: str,
    *,
    fps: float | None = None,
    loop: bool = False,
    realtime: bool = True,
    on_unavailable: Callable[[str], None] | None = None,
    on_available: Callable[[], None] | None = None,
) -> Camera:
    """Build the camera a source string names.

    A number is a device index; rtsp://, http(s):// a stream; `sim://?people=3&seconds=20`
    the simulator; a folder of images a replay composited onto a 720p door-camera frame;
    any other existing file a video. Raise CameraOpenError for anything else.
    """
    callbacks = {"on_unavailable": on_unavailable, "on_available": on_available}
    source = source.strip()
    if not source:
        raise CameraOpenError("empty camera source")
    if source.isdigit():
        return OpenCVCamera(int(source), live=True, **callbacks)
    if source.lower().startswith(STREAM_SCHEMES):
        return OpenCVCamera(source, live=True, **callbacks)
    if source.lower().startswith("sim://"):
        return _sim_camera(source, fps, realtime, **callbacks)
    path = Path(source)
    if path.is_dir():
        rate = fps or 15.0
        return ReplayCamera(
            path, fps=rate, loop=loop, canvas=DOOR_CANVAS, frames_per_image=round(2 * rate),
            gap_frames=round(rate), drift_px=4, walk_px=DOOR_WALK_PX, realtime=realtime,
        )
    if path.is_file():
        return OpenCVCamera(str(path), live=False, **callbacks)
    raise CameraOpenError(
        f"unknown camera source {source!r}: expected a device number, rtsp:// or http:// URL, "
        "a video file, a folder of images or sim://"
    )


__all__ = [
    "DOOR_CANVAS",
    "DOOR_WALK_PX",
    "Camera",
    "CameraCapabilities",
    "CameraError",
    "CameraOpenError",
    "CameraState",
    "CameraStatus",
    "CameraUnavailable",
    "CorruptFrameError",
    "Fault",
    "Frame",
    "OpenCVCamera",
    "ReplayCamera",
    "SimPerson",
    "SimulatedCamera",
    "create_camera",
    "crossing_scene",
]
