"""The watcher's tuning (measured defaults) and the counters it reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kiosk.door.crossing import CountLine


@dataclass(frozen=True)
class WatcherConfig:
    """Tuning of the watcher, with defaults measured by smartbranch/benchmarks/.

    Finding and identifying faces: faces_pipeline.py; counting crossings: door_count.py.
    """

    min_face_px: int = 90  # smallest face to find and identify
    detector_min_px: int = 80  # the detector's smallest face (dlib HOG's 80 px window)
    detect_every: int = 3  # frames between detection rounds (5 rounds/s at 15 fps)
    full_scan_every_s: float = 5.0  # a whole-frame round now and then (0: never)
    motion_stride: int = 8  # motion is measured on every 8th pixel of the green channel
    motion_threshold: int = 20  # grey-level change that counts as motion
    motion_cell: int = 4  # low-res pixels per side of a motion cell
    motion_min_fraction: float = 0.1  # moving share of a cell that makes the cell active
    roi_pad: int = 48  # pixels around motion and tracks given to the detector
    full_frame_share: float = 0.5  # regions larger than this share: detect the whole frame
    best_frames: int = 3  # frames encoded per track
    decide_after_s: float = 0.6  # decide once a track is this old (or when it ends)
    min_hits: int = 2  # detection rounds before a track counts as a person
    max_misses: int = 2  # detection rounds without the face before a track ends
    sample_margin: float = 0.3  # context kept around a face crop for the encoder
    count_line: CountLine = CountLine()  # where people cross, which way is in, its band
    # A track still in view this long is counted if it has crossed: a person who stops
    # inside the door still moves the dashboard within seconds.
    count_wait_s: float = 4.0
    crossing_retry_s: float = 5.0  # a crossing that failed to write is retried this often
    # A match this share of the threshold or closer hands its frame to the recorder, to be
    # learned once a colleague confirms the visit (biometrics.learning); 0: never.
    learn_distance_share: float = 0.0
    visit_window: timedelta = timedelta(minutes=60)
    bucket: timedelta = timedelta(minutes=15)
    flush_every_s: float = 60.0
    mode_refresh_s: float = 30.0

    @property
    def detect_scale(self) -> float:
        """Downscale so the smallest face we want just fills the detector's window."""
        return min(1.0, self.detector_min_px / self.min_face_px)


@dataclass
class WatcherStats:
    frames: int = 0
    detection_rounds: int = 0
    detector_calls: int = 0
    detected_pixels: int = 0
    tracks: int = 0
    people: int = 0
    faces_detected: int = 0
    entries: int = 0
    exits: int = 0
    decisions: int = 0
    encodes: int = 0
    matches: int = 0
    unknown: int = 0
    arrivals: int = 0
    corrupt_frames: int = 0
    camera_errors: int = 0
    frame_errors: int = 0
    ended: bool = False
