"""A door-camera watcher flat out on one core, as background load for `bench realtime`.

Run: python -m smartbranch.benchmarks.face_load [FACES_DIR]. It replays real photos from
FACES_DIR (`<identity>/*.jpg`, `_strangers/`) crossing a 720p door frame, or the camera
simulator without one, through the real dlib engine and DoorCameraWatcher, as fast as frames
can be processed (no real-time pacing), until stdin closes. It prints {"ready": true} after
its first frames and its CPU use on exit.
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path

from smartbranch.benchmarks.faces_pipeline import _CollectingRecorder


def _camera(faces: Path | None):
    from hardware.camera import DOOR_CANVAS, ReplayCamera, SimulatedCamera, crossing_scene

    if faces is not None and faces.is_dir():
        people = [d for d in sorted(faces.iterdir()) if d.is_dir() and not d.name.startswith("_")]
        photos = [p for d in people[:12] for p in sorted(d.glob("*.jpg"))[:2]]
        photos += sorted((faces / "_strangers").glob("*.jpg"))[:12]
        if photos:
            return ReplayCamera(photos, fps=15.0, loop=True, canvas=DOOR_CANVAS,
                                frames_per_image=30, gap_frames=15, drift_px=4,
                                image_scale=1.2, realtime=False), "replay of real photos"
    return SimulatedCamera(fps=15.0, people=crossing_scene(1000, 15.0), realtime=False), "simulator"


def main() -> None:
    from kiosk.door.identify import GalleryIdentifier
    from kiosk.door.watcher import DoorCameraWatcher
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.biometrics.gallery import GalleryIndex

    faces = Path(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None
    camera, source = _camera(faces)
    stop = threading.Event()
    # An empty gallery: every track is still detected, sampled and encoded, then "unknown".
    watcher = DoorCameraWatcher(
        camera, DlibFaceEngine(), GalleryIdentifier(GalleryIndex(), 0.6), _CollectingRecorder(),
        branch_id=1, device_code="BENCH-LOAD", stop_event=stop,
    )
    camera.open()
    watcher.refresh_mode(force=True)
    for _ in range(5):
        watcher.process(camera.read())
    print(json.dumps({"ready": True, "source": source}), flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    started = time.monotonic()
    stats = watcher.run()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.monotonic() - started
    print(json.dumps({"source": source, "frames": stats.frames, "encodes": stats.encodes,
                      "wall_s": round(wall, 2),
                      "cpu_s": round(usage.ru_utime + usage.ru_stime, 2)}), flush=True)


if __name__ == "__main__":
    main()
