"""Door-camera CPU cost and recall: our watcher against the naive face_recognition loop.

Run: .venv/bin/python -m smartbranch.benchmarks.faces_pipeline [--people 16] [--naive-every 8]
Prints one JSON object (and a ratio line on stderr).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

FPS = 15.0
CANVAS = (1280, 720)
FRAMES_PER_PERSON = 30  # two seconds in view
GAP_FRAMES = 15  # one second between people
IMAGE_SCALE = 1.2  # LFW faces (~105 px boxes at 250 px) become ~125 px: all >= 90 px
NAIVE_TOLERANCE = 0.6


class _CollectingRecorder:
    """Records every match (no visit window) so recall counts each appearance."""

    def __init__(self):
        self.matches: list[int] = []
        self.people = 0

    def privacy_mode(self):
        from shared.models.enums import PrivacyMode

        return PrivacyMode.AMBIENT

    def arrive(self, customer_id, score, now, frame=None, quality=0.0):
        self.matches.append(customer_id)
        return None

    def cross(self, crossing):
        pass  # crossings are the door-count benchmark's (door_count.py)

    def count(self, bucket_start, people, identified):
        self.people += people


def _identity_dirs(faces: Path, count: int) -> list[Path]:
    dirs = [d for d in sorted(faces.iterdir())
            if d.is_dir() and not d.name.startswith("_") and len(list(d.glob("*.jpg"))) >= 3]
    return dirs[:count]


def build_scenario(faces: Path, people: int, strangers: int, engine):
    """Return (gallery, probe paths, expected ids: customer id or 0 for a stranger)."""
    from hardware.camera.replay import decode_bgr
    from shared.biometrics.gallery import GalleryIndex

    gallery = GalleryIndex()
    probes: list[Path] = []
    expected: list[int] = []
    for cid, folder in enumerate(_identity_dirs(faces, people), start=1):
        photos = sorted(folder.glob("*.jpg"))
        for photo in photos[:2]:
            rgb = np.ascontiguousarray(decode_bgr(photo)[:, :, ::-1])
            boxes = engine.detect(rgb, 1)
            if boxes:
                gallery.add(cid, engine.encode(rgb, boxes[:1]))
        probes.append(photos[2])
        expected.append(cid)
    for photo in sorted((faces / "_strangers").glob("*.jpg"))[:strangers]:
        probes.append(photo)
        expected.append(0)
    # Interleave strangers among customers, deterministically.
    order = np.random.default_rng(3).permutation(len(probes))
    return gallery, [probes[i] for i in order], [expected[i] for i in order]


def _camera(probes):
    from hardware.camera.replay import ReplayCamera

    return ReplayCamera(probes, fps=FPS, canvas=CANVAS, frames_per_image=FRAMES_PER_PERSON,
                        gap_frames=GAP_FRAMES, drift_px=4, image_scale=IMAGE_SCALE,
                        realtime=False)


def face_sizes(probes, engine) -> list[int]:
    """Return each probe's face height on the canvas (0 when the detector misses it)."""
    from hardware.camera.replay import decode_bgr

    sizes = []
    for path in probes:
        rgb = np.ascontiguousarray(decode_bgr(path, IMAGE_SCALE)[:, :, ::-1])
        boxes = engine.detect(rgb, 1)
        sizes.append(max((b.height for b in boxes), default=0))
    return sizes


def run_ours(probes, expected, gallery, engine, threshold, margin, config=None):
    from kiosk.door.identify import GalleryIdentifier
    from kiosk.door.watcher import DoorCameraWatcher, WatcherConfig

    camera = _camera(probes)
    recorder = _CollectingRecorder()
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, threshold, margin), recorder,
        branch_id=1, device_code="BENCH", stop_event=threading.Event(),
        config=config or WatcherConfig(),
    )
    watcher.refresh_mode(force=True)
    camera.open()
    cpu = 0.0
    frames = 0
    while (frame := camera.read()) is not None:
        start = time.process_time()
        watcher.process(frame)
        cpu += time.process_time() - start
        frames += 1
    start = time.process_time()
    watcher.finish()
    cpu += time.process_time() - start
    matched = recorder.matches
    enrolled = [e for e in expected if e]
    hits = sum(1 for e in set(enrolled) if e in matched)
    # Each enrolled person crosses once: any match beyond their one correct one is false.
    false = len(matched) - hits
    return {
        "frames": frames,
        "camera_seconds": frames / FPS,
        "cpu_seconds": round(cpu, 3),
        "core_s_per_camera_s": round(cpu / (frames / FPS), 4),
        "recall": round(hits / len(enrolled), 4),
        "false_matches": false,
        "people_counted": watcher.stats.people,
        "people_present": len(expected),
        "stats": asdict(watcher.stats),
    }


def run_naive(probes, expected, gallery, engine, every: int):
    """face_recognition's example loop on every `every`-th frame: full-size upsampled detection,
    encode every face, compare with a Python loop over the known encodings."""
    known = [(int(c), v) for c, v in zip(gallery._labels[: len(gallery)],
                                          gallery._vectors[: len(gallery)], strict=True)]
    camera = _camera(probes)
    camera.open()
    per_person = FRAMES_PER_PERSON + GAP_FRAMES
    cpu = 0.0
    measured = 0
    found: dict[int, set[int]] = {}
    while (frame := camera.read()) is not None:
        if frame.index % every:
            continue
        start = time.process_time()
        rgb = np.ascontiguousarray(frame.bgr[:, :, ::-1])
        boxes = engine.detect(rgb, 1)
        encodings = engine.encode(rgb, boxes)
        names = []
        for encoding in encodings:
            best, best_d = 0, NAIVE_TOLERANCE
            for cid, vector in known:  # the example's Python loop
                d = float(np.linalg.norm(vector - encoding))
                if d <= best_d:
                    best, best_d = cid, d
            names.append(best)
        cpu += time.process_time() - start
        measured += 1
        slot = frame.index // per_person
        found.setdefault(slot, set()).update(n for n in names if n)
    enrolled_slots = [i for i, e in enumerate(expected) if e]
    hits = sum(1 for i in enrolled_slots if expected[i] in found.get(i, set()))
    false = sum(1 for i, names in found.items() for n in names if n != expected[i])
    per_frame = cpu / measured
    return {
        "frames_measured": measured,
        "sampling": f"every {every}th frame; cost per camera-second extrapolated x{FPS:g} fps",
        "cpu_seconds_measured": round(cpu, 3),
        "cpu_s_per_frame": round(per_frame, 4),
        "core_s_per_camera_s": round(per_frame * FPS, 3),
        "recall_on_sampled_frames": round(hits / len(enrolled_slots), 4),
        "false_matches": false,
    }


def memory_child(gallery_size: int, frames: int) -> dict:
    """Run the watcher over frames with a random gallery of `gallery_size`; report peak RSS."""
    from hardware.camera import SimulatedCamera, crossing_scene
    from kiosk.door.identify import GalleryIdentifier
    from kiosk.door.watcher import DoorCameraWatcher
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.biometrics.gallery import GalleryIndex

    rng = np.random.default_rng(0)
    gallery = GalleryIndex()
    vectors = rng.normal(0, 0.09, (gallery_size, 128)).astype(np.float32)
    gallery.add_many(np.arange(1, gallery_size + 1), vectors)
    del vectors
    camera = SimulatedCamera(frames=frames, people=crossing_scene(3, FPS))
    engine = DlibFaceEngine()
    engine.detect(np.zeros((100, 100, 3), np.uint8))  # load the models
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(gallery, 0.6), _CollectingRecorder(),
        1, "MEM", threading.Event(),
    )
    camera.open()
    watcher.run()
    # Search the full gallery too, as an identified track would.
    gallery.search(rng.normal(0, 0.09, 128).astype(np.float32))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"gallery_size": gallery_size, "frames": frames,
            "peak_rss_mib": round(peak_kib / 1024, 1)}


def run(faces: Path, people: int = 16, strangers: int = 4, naive_every: int = 8,
        threshold: float = 0.6, margin: float = 0.0, memory: bool = True) -> dict:
    from shared.biometrics.face.dlib_engine import DlibFaceEngine

    engine = DlibFaceEngine()
    gallery, probes, expected = build_scenario(faces, people, strangers, engine)
    sizes = face_sizes(probes, engine)
    ours = run_ours(probes, expected, gallery, engine, threshold, margin)
    naive = run_naive(probes, expected, gallery, engine, naive_every)
    result = {
        "benchmark": "door_camera_720p_15fps",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{sys.platform}, {_cpu_name()}, {_cores()} cores",
        "people": len(probes),
        "enrolled_people": sum(1 for e in expected if e),
        "face_px_min": min(s for s in sizes if s) if any(sizes) else 0,
        "faces_undetected_in_source": sizes.count(0),
        "threshold": threshold,
        "margin": margin,
        "ours": ours,
        "naive": naive,
        "cpu_ratio_naive_over_ours": round(
            naive["core_s_per_camera_s"] / max(ours["core_s_per_camera_s"], 1e-9), 1),
        "target_core_s_per_camera_s": 0.25,
    }
    if memory:
        out = subprocess.run(
            [sys.executable, "-m", "smartbranch.benchmarks.faces_pipeline", "--memory-child"],
            capture_output=True, text=True, timeout=900, check=False,
        )
        try:
            result["memory"] = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            result["memory"] = {"error": out.stderr[-500:]}
    return result


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--faces", type=Path, default=Path("../shared/data/faces"))
    parser.add_argument("--people", type=int, default=16)
    parser.add_argument("--strangers", type=int, default=4)
    parser.add_argument("--naive-every", type=int, default=8)
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--margin", type=float, default=0.0)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-child", action="store_true")
    parser.add_argument("--gallery-size", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(args.gallery_size, frames=150)))
        return 0
    result = run(args.faces, args.people, args.strangers, args.naive_every, args.threshold,
                 args.margin, memory=not args.no_memory)
    print(json.dumps(result, indent=2))
    print(f"ours {result['ours']['core_s_per_camera_s']} core-s per camera-s, naive "
          f"{result['naive']['core_s_per_camera_s']}: {result['cpu_ratio_naive_over_ours']}x",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
