"""Finding faces in a frame's regions and keeping each track's best few crops.

Privacy: this is where face pixels are held, in memory only and only until the track's one
decision, which takes the samples away; nothing here is stored, logged or published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from kiosk.door.config import WatcherConfig, WatcherStats
from kiosk.door.crossing import Sighting
from kiosk.door.decisions import quality_score
from kiosk.door.regions import Region, resize_nearest
from shared.biometrics.face.engine import FaceBox, FaceEngine
from shared.biometrics.face.quality import grey_crop


@dataclass
class Sample:
    score: float
    crop: np.ndarray  # RGB, contiguous; dropped at the decision
    box: FaceBox  # the face inside `crop`


@dataclass
class TrackState:
    """What the watcher knows of one track besides its boxes."""

    started_at: datetime
    samples: list[Sample] = field(default_factory=list)
    path: list[Sighting] = field(default_factory=list)  # where its face was, not the face
    counted: bool = False
    decided: bool = False
    crossed: bool = False
    customer_id: int | None = None


def detect_faces(
    engine: FaceEngine, bgr: np.ndarray, regions: list[Region], scale: float, stats: WatcherStats
) -> list[FaceBox]:
    """Run the detector on each region (downscaled); return boxes in full-frame pixels."""
    found: list[FaceBox] = []
    for top, right, bottom, left in regions:
        # BGR -> RGB on the crop only; the copy also makes it contiguous for dlib.
        rgb = resize_nearest(bgr[top:bottom, left:right, ::-1], scale)
        stats.detector_calls += 1
        stats.detected_pixels += rgb.shape[0] * rgb.shape[1]
        for box in engine.detect(rgb, 0):
            full = box.scaled(1 / scale) if scale < 0.999 else box
            found.append(
                FaceBox(full.top + top, full.right + left, full.bottom + top, full.left + left)
            )
    return found


def sample_face(state: TrackState, bgr: np.ndarray, box: FaceBox, cfg: WatcherConfig) -> None:
    """Crop the face with some context, score it, and keep it if among the track's best."""
    height, width = bgr.shape[:2]
    pad_y, pad_x = int(box.height * cfg.sample_margin), int(box.width * cfg.sample_margin)
    top, left = max(0, box.top - pad_y), max(0, box.left - pad_x)
    bottom, right = min(height, box.bottom + pad_y), min(width, box.right + pad_x)
    if bottom - top < 8 or right - left < 8:
        return
    crop = np.ascontiguousarray(bgr[top:bottom, left:right, ::-1])
    inner = FaceBox(box.top - top, box.right - left, box.bottom - top, box.left - left)
    score = quality_score(grey_crop(crop, inner), min(box.width, box.height), cfg.min_face_px)
    samples = state.samples
    if len(samples) < cfg.best_frames:
        samples.append(Sample(score, crop, inner))
    else:
        worst = min(range(len(samples)), key=lambda i: samples[i].score)
        if score > samples[worst].score:
            samples[worst] = Sample(score, crop, inner)
