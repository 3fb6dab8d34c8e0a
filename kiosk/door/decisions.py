"""The watcher's pure decisions: where to detect, how good a face crop is, when to decide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from kiosk.door.config import WatcherConfig
from kiosk.door.regions import (
    Region,
    cell_regions,
    merge_regions,
    motion_cells,
    pad_region,
    region_area,
)
from shared.biometrics.face.quality import sharpness


def plan_regions(
    previous: np.ndarray | None,
    small: np.ndarray,
    track_regions: list[Region],
    full_scan_due: bool,
    width: int,
    height: int,
    cfg: WatcherConfig,
) -> tuple[list[Region], bool]:
    """Return where to run the detector this round, and whether that is the whole frame.

    Moving cells (`previous` against `small`, both low-res) and live tracks, padded and
    merged; the whole frame when a full scan is due or they cover most of it; nothing when
    nothing moved and nobody is here.
    """
    regions: list[Region] = []
    if previous is not None and previous.shape == small.shape:
        cells = motion_cells(
            previous, small, cfg.motion_threshold, cfg.motion_cell, cfg.motion_min_fraction
        )
        regions += cell_regions(cells, cfg.motion_cell * cfg.motion_stride)
    regions += track_regions
    if not regions and not full_scan_due:
        return [], False
    regions = merge_regions([pad_region(r, cfg.roi_pad, width, height) for r in regions])
    if full_scan_due or sum(map(region_area, regions)) > cfg.full_frame_share * width * height:
        return [(0, width, height, 0)], True
    return regions, False


def quality_score(grey: np.ndarray, face_px: int, min_face_px: int) -> float:
    """Score a face crop 0..1 from its size, sharpness and left-right symmetry (frontalness)."""
    if grey.size == 0:
        return 0.0
    size = min(face_px / (2.0 * min_face_px), 1.0)
    sharp = min(sharpness(grey) / 200.0, 1.0)
    mirrored = grey[:, ::-1]
    asymmetry = float(np.mean(np.abs(grey - mirrored))) / 64.0
    frontal = max(0.0, 1.0 - asymmetry)
    mean = float(grey.mean())
    exposure = 1.0 if 40 <= mean <= 220 else 0.3
    return exposure * (0.35 * size + 0.4 * sharp + 0.25 * frontal)


def should_decide(
    state_samples: int, hits: int, age_s: float, ended: bool, min_hits: int, decide_after_s: float
) -> bool:
    """Decide once: when the track is confirmed and old enough, or ends confirmed."""
    if state_samples == 0 or hits < min_hits:
        return False
    return ended or age_s >= decide_after_s


def should_count_crossing(
    crossed: bool, hits: int, age_s: float, ended: bool, min_hits: int, count_wait_s: float
) -> bool:
    """Look for a crossing once a confirmed track ends, or sooner if it stays in view long."""
    if crossed or hits < min_hits:
        return False
    return ended or age_s >= count_wait_s


def bucket_of(now: datetime, bucket: timedelta) -> datetime:
    """Return the start (UTC) of the foot-traffic bucket holding `now`."""
    seconds = int(bucket.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)
