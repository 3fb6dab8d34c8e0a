"""`smartbranch bench door-count`: door entries counted by the real watcher against the truth.

The door scene (door_scene.py, door_render.py) is played, as fast as the watcher reads it,
into an unchanged DoorCameraWatcher with the real dlib detector and an in-memory recorder
(no database). Counted crossings are matched to the true ones by time and place on the
line, which tells apart a missed person, a person counted twice and a crossing that never
happened. Two naive baselines are printed beside it: one count per face detection, and one
per confirmed track (the watcher's count before it knew directions).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import numpy as np

from smartbranch.benchmarks.door_scene import (
    FPS,
    TrueCrossing,
    Walk,
    plan_scene,
    truth_of,
)
from smartbranch.context import CliContext, CliError

EPOCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the scene's time 0 on the watcher's clock
MAX_DT = 1.0  # a counted crossing matches a true one this close in time (s)...
MAX_ACROSS = 0.08  # ...and along the line (fraction of the width; side by side is >= 0.15)


@dataclass(frozen=True)
class Counted:
    direction: str
    t: float  # scene time (s)
    across: float


@dataclass
class Matching:
    matched: int = 0
    wrong_direction: int = 0
    double_counted: int = 0
    spurious: int = 0
    missed: dict[str, int] = field(default_factory=lambda: {"in": 0, "out": 0})
    pairs: dict[int, int] = field(default_factory=dict)  # counted index -> true index


def match_crossings(counted: list[Counted], truth: list[TrueCrossing],
                    max_dt: float = MAX_DT, max_across: float = MAX_ACROSS) -> Matching:
    """Pair counted crossings with true ones (closest first, one each), then sort the rest.

    A counted crossing is close in time to a true one while the person was on the line
    (someone who stops there may be counted as they step off it). One left over beside a
    true crossing already counted the same way is that person counted twice; one beside
    nobody is a crossing that never happened.
    """
    pairs = []
    for ci, c in enumerate(counted):
        for ti, truth_one in enumerate(truth):
            dt = max(truth_one.on_line[0] - c.t, c.t - truth_one.on_line[1], 0.0)
            dx = abs(c.across - truth_one.across)
            if dt <= max_dt and dx <= max_across:
                pairs.append(((dt / max_dt) ** 2 + (dx / max_across) ** 2, ci, ti))
    pairs.sort()
    used_c: dict[int, int] = {}
    used_t: set[int] = set()
    for _, ci, ti in pairs:
        if ci not in used_c and ti not in used_t:
            used_c[ci] = ti
            used_t.add(ti)
    result = Matching(pairs=used_c)
    for ci, ti in used_c.items():
        if counted[ci].direction == truth[ti].direction:
            result.matched += 1
        else:
            result.wrong_direction += 1
    near = {ci: {ti for _, c2, ti in pairs if c2 == ci} for ci in range(len(counted))}
    for ci, c in enumerate(counted):
        if ci in used_c:
            continue
        if any(ti in used_t and truth[ti].direction == c.direction for ti in near[ci]):
            result.double_counted += 1
        else:
            result.spurious += 1
    for ti, truth_one in enumerate(truth):
        if ti not in used_t:
            result.missed[truth_one.direction] += 1
    return result


class CountingRecorder:
    """The watcher's recorder in memory: an opt-in branch (counting only), crossings kept."""

    def __init__(self):
        self.crossings = []
        self.people = 0

    def privacy_mode(self):
        from shared.models.enums import PrivacyMode

        return PrivacyMode.OPT_IN  # counting works the same in both modes; no encoding cost

    def arrive(self, customer_id, score, now, frame=None, quality=0.0):
        return None

    def cross(self, crossing) -> None:
        self.crossings.append(crossing)

    def count(self, bucket_start, people, identified) -> None:
        self.people += people


def scene_photos(faces: Path, needed: int, seed: int) -> list[Path]:
    """One LFW photo (250 px, face centred) per person: strangers and identities, shuffled."""
    photos = sorted((faces / "_strangers").glob("*.jpg"))
    for folder in sorted(faces.glob("lfw_*")):
        photos += sorted(folder.glob("*.jpg"))[:1]
    if not photos:
        raise CliError(f"no face photos under {faces}")
    order = np.random.default_rng(seed).permutation(len(photos))
    shuffled = [photos[i] for i in order]
    # More people than identities: some come back (another day, as it were).
    return [shuffled[i % len(shuffled)] for i in range(needed)]


def _pct(counted: int, truth: int) -> float:
    return round(abs(counted - truth) / truth * 100, 2) if truth else 0.0


@dataclass
class SceneRun:
    """What the watcher did with the scene."""

    stats: object  # kiosk.door.config.WatcherStats
    counted: list[Counted]
    wall_s: float
    cpu_s: float
    render_s: float


def watch_scene(groups: list, photos: list[Path], seed: int, engine, config) -> SceneRun:
    """Play the planned scene into a real DoorCameraWatcher as fast as it reads."""
    from kiosk.door.identify import GalleryIdentifier
    from kiosk.door.watcher import DoorCameraWatcher
    from shared.biometrics.gallery import GalleryIndex
    from smartbranch.benchmarks.door_render import DoorSceneCamera

    camera = DoorSceneCamera(groups, photos, seed=seed)
    recorder = CountingRecorder()
    watcher = DoorCameraWatcher(
        camera, engine, GalleryIdentifier(GalleryIndex(), 0.0), recorder, branch_id=1,
        device_code="BENCH-DOOR", stop_event=threading.Event(), config=config,
        clock=lambda: EPOCH + timedelta(seconds=camera.last_timestamp),
    )
    camera.open()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        stats = watcher.run()
    finally:
        camera.close()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    counted = [Counted(c.direction.value, (c.at - EPOCH).total_seconds(), c.across)
               for c in recorder.crossings]
    return SceneRun(stats, counted, wall, cpu, camera.render_s)


def run_door_count(crossings: int = 300, seed: int = 11, faces: Path | None = None,
                   engine=None, config=None) -> dict:
    """Play the door scene into the real watcher; return truth, counts, errors and timings.

    `faces` defaults to `<paths.shared_data_dir>/faces`, `engine` to dlib, `config` to the
    watcher's defaults. Entries: `count_error_pct` = |counted - truth| / truth x 100.
    """
    from kiosk.door.config import WatcherConfig

    if engine is None:
        from shared.biometrics.face.dlib_engine import DlibFaceEngine

        engine = DlibFaceEngine()
    if faces is None:
        from shared.settings import load_settings

        faces = Path(load_settings().paths.shared_data_dir) / "faces"
    config = config or WatcherConfig()
    groups = plan_scene(crossings, seed)
    walkers = [w for g in groups for w in g.walkers]
    truth = truth_of(groups)
    run = watch_scene(groups, scene_photos(faces, len(walkers), seed), seed, engine, config)
    stats, counted = run.stats, run.counted
    matching = match_crossings(counted, truth)
    truth_in = sum(1 for c in truth if c.direction == "in")
    truth_out = len(truth) - truth_in
    counted_in = sum(1 for c in counted if c.direction == "in")
    counted_out = len(counted) - counted_in
    # The watcher's own speed: painting the scene is the benchmark's cost, not the product's.
    watching = max(run.wall_s - run.render_s, 1e-9)
    return {
        "crossings": len(truth), "seed": seed,
        "people": len(walkers),
        "groups": {str(n): sum(1 for g in groups if len(g.walkers) == n) for n in (1, 2, 3)},
        "walks": {w.value: sum(1 for x in walkers if x.walk is w) for w in Walk},
        "count_line": {"position": config.count_line.position,
                       "entry": config.count_line.entry.value,
                       "band": config.count_line.band},
        "truth_entries": truth_in, "counted_entries": counted_in,
        "count_error_pct": _pct(counted_in, truth_in),
        "truth_exits": truth_out, "counted_exits": counted_out,
        "exit_error_pct": _pct(counted_out, truth_out),
        "matched": matching.matched, "double_counted": matching.double_counted,
        "missed_entries": matching.missed["in"], "missed_exits": matching.missed["out"],
        "spurious": matching.spurious, "wrong_direction": matching.wrong_direction,
        # Baselines: one person per face detection; one per confirmed track, any direction.
        "naive_count": stats.faces_detected,
        "naive_error_pct": _pct(stats.faces_detected, truth_in),
        "track_count": stats.people,
        "track_count_error_pct": _pct(stats.people, truth_in),
        "frames": stats.frames, "video_s": round(stats.frames / FPS, 1),
        "detection_rounds": stats.detection_rounds,
        "wall_s": round(run.wall_s, 1), "cpu_s": round(run.cpu_s, 1),
        "render_s": round(run.render_s, 1),
        "fps": round(stats.frames / watching, 1),
        "realtime_factor": round(stats.frames / FPS / watching, 2),
    }


@click.command("door-count")
@click.option("--crossings", type=click.IntRange(1), default=300, show_default=True,
              help="True crossings (entries and exits) in the scene.")
@click.option("--seed", type=int, default=11, show_default=True)
@click.option("--faces", "faces_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Face data set [paths.shared_data_dir/faces].")
@click.option("--json", "as_json", is_flag=True, help="Print only the JSON object.")
@click.pass_obj
def door_count_command(ctx: CliContext, crossings: int, seed: int, faces_dir: Path | None,
                       as_json: bool) -> None:
    """Count door entries on the synthetic door scene; print one JSON object (last line)."""
    faces_dir = faces_dir or Path(ctx.settings.paths.shared_data_dir) / "faces"
    if not faces_dir.is_dir():
        raise CliError(f"face data set not found at {faces_dir} (set --faces or "
                       "SMARTBRANCH_PATHS_SHARED_DATA_DIR)")
    from kiosk.door.config import WatcherConfig
    from kiosk.door.crossing import CountLine, EntryWay

    camera = ctx.settings.camera
    config = WatcherConfig(
        min_face_px=camera.min_face_px, detect_every=camera.detect_every,
        full_scan_every_s=camera.full_scan_every_s,
        count_line=CountLine(camera.count_line, EntryWay(camera.entry_direction)),
    )
    result = run_door_count(crossings, seed, faces_dir, config=config)
    if not as_json:
        print(f"entries: {result['counted_entries']} counted of {result['truth_entries']} "
              f"({result['count_error_pct']} %), {result['double_counted']} double counted; "
              f"naive {result['naive_count']}, per track {result['track_count']}",
              file=sys.stderr)
    click.echo(json.dumps(result))
