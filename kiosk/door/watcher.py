"""The door-camera watcher: frames in, one decision per person, arrivals and counts out.

Privacy: a face crop and its encoding live only in this process's memory, only until the
track's one decision; an unmatched encoding is never stored, logged, published or kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from hardware.camera.base import Camera, CameraError, CorruptFrameError, Frame
from kiosk.door.identify import Identifier
from kiosk.door.recorder import Arrival, VisitRecorder
from kiosk.door.regions import (
    Region,
    cell_regions,
    merge_regions,
    motion_cells,
    pad_region,
    region_area,
    resize_nearest,
)
from kiosk.door.tracker import FaceTracker, Track
from shared.biometrics.face.engine import FaceBox, FaceEngine
from shared.biometrics.face.quality import grey_crop, sharpness
from shared.biometrics.matching import Match
from shared.events import (
    CustomerArrived,
    DeviceAvailable,
    DeviceUnavailable,
    Event,
    EventBus,
    TrafficCounted,
)
from shared.models.enums import DeviceKind, PrivacyMode, VisitSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatcherConfig:
    """Tuning of the watcher; defaults measured by smartbranch/benchmarks/faces_pipeline.py."""

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
    decisions: int = 0
    encodes: int = 0
    matches: int = 0
    unknown: int = 0
    arrivals: int = 0
    corrupt_frames: int = 0
    camera_errors: int = 0
    frame_errors: int = 0
    ended: bool = False


@dataclass
class _Sample:
    score: float
    crop: np.ndarray  # RGB, contiguous; dropped at the decision
    box: FaceBox  # the face inside `crop`


@dataclass
class _TrackState:
    samples: list[_Sample] = field(default_factory=list)
    counted: bool = False
    decided: bool = False
    customer_id: int | None = None


# --- pure decisions -----------------------------------------------------------------------


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


def bucket_of(now: datetime, bucket: timedelta) -> datetime:
    seconds = int(bucket.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- the worker ---------------------------------------------------------------------------


class DoorCameraWatcher:
    """Turns one door camera's frames into arrivals (ambient mode) and anonymous counts."""

    def __init__(
        self,
        camera: Camera,
        engine: FaceEngine,
        identifier: Identifier,
        recorder: VisitRecorder,
        bus: EventBus,
        branch_id: int,
        device_code: str,
        stop_event: threading.Event,
        config: WatcherConfig | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ):
        self.camera = camera
        self.engine = engine
        self.identifier = identifier
        self.recorder = recorder
        self.bus = bus
        self.branch_id = branch_id
        self.device_code = device_code
        self.stop_event = stop_event
        self.config = config or WatcherConfig()
        self.clock = clock
        self.stats = WatcherStats()
        self.tracker = FaceTracker(max_misses=self.config.max_misses)
        self._states: dict[int, _TrackState] = {}
        self._previous_small: np.ndarray | None = None
        self._last_full_scan = -1e18
        self._mode = PrivacyMode.OPT_IN  # until the branch says otherwise: identify nobody
        self._mode_checked = -1e18
        self._pending: dict[datetime, list[int]] = {}  # bucket -> [people, identified]
        self._last_flush = time.monotonic()

    # -- camera status, wired to the camera's callbacks
    def device_unavailable(self, detail: str) -> None:
        self._publish(DeviceUnavailable(self.device_code, DeviceKind.DOOR_CAMERA.value, detail))

    def device_available(self) -> None:
        self._publish(DeviceAvailable(self.device_code, DeviceKind.DOOR_CAMERA.value))

    # -- the loop
    def run(self, max_seconds: float | None = None) -> WatcherStats:
        """Read and process frames until the stop event, the end of the source or the limit."""
        started = time.monotonic()
        self.refresh_mode(force=True)
        try:
            while not self.stop_event.is_set():
                if max_seconds is not None and time.monotonic() - started >= max_seconds:
                    break
                try:
                    frame = self.camera.read()
                except CorruptFrameError as exc:
                    self.stats.corrupt_frames += 1
                    log.debug("skipped a corrupt frame: %s", exc)
                    continue
                except CameraError as exc:
                    self.stats.camera_errors += 1
                    log.debug("camera not ready: %s", exc)
                    self.stop_event.wait(0.05)
                    self._housekeeping()
                    continue
                if frame is None:
                    self.stats.ended = True
                    log.info("camera %s ended", self.device_code)
                    break
                try:
                    self.process(frame)
                except Exception:
                    self.stats.frame_errors += 1
                    log.exception("frame %d of %s failed; going on", frame.index, self.device_code)
                self._housekeeping()
        finally:
            self.finish()
        return self.stats

    def _housekeeping(self) -> None:
        self.refresh_mode()
        if time.monotonic() - self._last_flush >= self.config.flush_every_s:
            self.flush_counts()

    def refresh_mode(self, force: bool = False) -> PrivacyMode:
        now = time.monotonic()
        if force or now - self._mode_checked >= self.config.mode_refresh_s:
            self._mode_checked = now
            try:
                self._mode = PrivacyMode(self.recorder.privacy_mode())
            except Exception:
                log.exception("could not read the branch privacy mode; keeping %s", self._mode)
        return self._mode

    def finish(self) -> None:
        """End every track (deciding the ones still open) and write the counts."""
        self._end_tracks(self.tracker.end_all().ended, None)
        self.flush_counts()

    # -- one frame
    def process(self, frame: Frame) -> None:
        """Detect (every few frames, where there is motion or a face), track, sample, decide."""
        self.stats.frames += 1
        cfg = self.config
        if frame.index % cfg.detect_every != 0:
            return
        bgr = frame.bgr
        height, width = bgr.shape[:2]
        small = bgr[:: cfg.motion_stride, :: cfg.motion_stride, 1]
        previous, self._previous_small = self._previous_small, small.copy()
        regions: list[Region] = []
        full_scan = (
            cfg.full_scan_every_s > 0
            and frame.timestamp - self._last_full_scan >= cfg.full_scan_every_s
        )
        if previous is not None and previous.shape == small.shape:
            cells = motion_cells(
                previous, small, cfg.motion_threshold, cfg.motion_cell, cfg.motion_min_fraction
            )
            regions += cell_regions(cells, cfg.motion_cell * cfg.motion_stride)
        regions += [(t.box.top, t.box.right, t.box.bottom, t.box.left) for t in self.tracker.tracks]
        if not regions and not full_scan and not self.tracker.tracks:
            return  # nothing moved and nobody is here: no detection at all
        regions = merge_regions([pad_region(r, cfg.roi_pad, width, height) for r in regions])
        if full_scan or sum(map(region_area, regions)) > cfg.full_frame_share * width * height:
            regions = [(0, width, height, 0)]
            self._last_full_scan = frame.timestamp
        self.stats.detection_rounds += 1
        boxes = self._detect(bgr, regions)
        update = self.tracker.update(boxes, frame.timestamp)
        self.stats.tracks += len(update.started)
        for track in update.started:
            self._states[track.id] = _TrackState()
        ambient = self._mode == PrivacyMode.AMBIENT
        by_id = {t.id: t for t in update.tracks}
        for track_id, det in update.assigned:
            track = by_id[track_id]
            state = self._states[track_id]
            if track.hits >= cfg.min_hits and not state.counted:
                state.counted = True
                self._count(people=1)
            if ambient and not state.decided:
                self._sample(state, bgr, boxes[det])
        for track in update.tracks:
            state = self._states[track.id]
            if not state.decided and should_decide(
                len(state.samples),
                track.hits,
                track.last_seen - track.first_seen,
                False,
                cfg.min_hits,
                cfg.decide_after_s,
            ):
                self._decide(track, state)
        self._end_tracks(update.ended, frame.timestamp)

    def _detect(self, bgr: np.ndarray, regions: list[Region]) -> list[FaceBox]:
        scale = self.config.detect_scale
        found: list[FaceBox] = []
        for top, right, bottom, left in regions:
            # BGR -> RGB on the crop only; the copy also makes it contiguous for dlib.
            rgb = resize_nearest(bgr[top:bottom, left:right, ::-1], scale)
            self.stats.detector_calls += 1
            self.stats.detected_pixels += rgb.shape[0] * rgb.shape[1]
            for box in self.engine.detect(rgb, 0):
                full = box.scaled(1 / scale) if scale < 0.999 else box
                found.append(
                    FaceBox(full.top + top, full.right + left, full.bottom + top, full.left + left)
                )
        return found

    def _sample(self, state: _TrackState, bgr: np.ndarray, box: FaceBox) -> None:
        cfg = self.config
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
            samples.append(_Sample(score, crop, inner))
        else:
            worst = min(range(len(samples)), key=lambda i: samples[i].score)
            if score > samples[worst].score:
                samples[worst] = _Sample(score, crop, inner)

    def _decide(self, track: Track, state: _TrackState) -> None:
        """Encode the track's best frames, identify once, then drop crops and encodings."""
        state.decided = True
        samples, state.samples = state.samples, []
        if self._mode != PrivacyMode.AMBIENT:
            return
        match = None
        try:
            rows = [self.engine.encode(s.crop, [s.box]) for s in samples]
            self.stats.encodes += len(rows)
            encodings = np.concatenate(rows) if rows else np.zeros((0, 128), np.float32)
            match = self.identifier.identify(encodings) if len(encodings) else None
        except Exception:
            log.exception("identifying track %d failed", track.id)
        finally:
            # Nothing of the face outlives the decision: not the crops, not the encodings.
            samples.clear()
            encodings = rows = None  # noqa: F841
        self.stats.decisions += 1
        if match is None:
            self.stats.unknown += 1
            log.debug("track %d: unknown", track.id)
            return
        self.stats.matches += 1
        state.customer_id = match.customer_id
        self._count(identified=1)
        self._arrive(match)

    def _arrive(self, match: Match) -> Arrival | None:
        try:
            arrival = self.recorder.arrive(match.customer_id, match.distance, self.clock())
        except Exception:
            log.exception("recording the arrival of customer %d failed", match.customer_id)
            return None
        if arrival is None:
            return None
        self.stats.arrivals += 1
        log.info("customer %d arrived (visit %d)", arrival.customer_id, arrival.visit_id)
        self._publish(
            CustomerArrived(
                visit_id=arrival.visit_id,
                customer_id=arrival.customer_id,
                display_name=arrival.display_name,
                source=VisitSource.DOOR_CAMERA.value,
                score=round(float(match.distance), 4),
            )
        )
        return arrival

    def _end_tracks(self, ended: tuple[Track, ...], now: float | None) -> None:
        cfg = self.config
        for track in ended:
            state = self._states.pop(track.id, None)
            if state is None:
                continue
            if not state.decided and should_decide(
                len(state.samples),
                track.hits,
                track.last_seen - track.first_seen,
                True,
                cfg.min_hits,
                cfg.decide_after_s,
            ):
                self._decide(track, state)
            state.samples.clear()

    # -- counts
    def _count(self, people: int = 0, identified: int = 0) -> None:
        bucket = bucket_of(self.clock(), self.config.bucket)
        pending = self._pending.setdefault(bucket, [0, 0])
        pending[0] += people
        pending[1] += identified
        self.stats.people += people

    def flush_counts(self) -> None:
        """Write pending counts per bucket and publish them; keep them if the write fails."""
        self._last_flush = time.monotonic()
        for bucket, (people, identified) in sorted(self._pending.items()):
            if people == 0 and identified == 0:
                del self._pending[bucket]
                continue
            try:
                self.recorder.count(bucket, people, identified)
            except Exception:
                log.exception("writing foot traffic failed; will retry")
                return
            del self._pending[bucket]
            self._publish(TrafficCounted(self.device_code, people, identified))

    # -- identification on request (opt_in branches: the door tablet's "it's me")
    def identify_on_request(self, frame: Frame) -> Match | None:
        """Identify the largest face in `frame` now, at the customer's request."""
        rgb = np.ascontiguousarray(frame.bgr[:, :, ::-1])
        boxes = self.engine.detect(rgb, 1 if max(rgb.shape[:2]) < 800 else 0)
        if not boxes:
            return None
        box = max(boxes, key=lambda b: b.width * b.height)
        encodings = self.engine.encode(rgb, [box])
        try:
            match = self.identifier.identify(encodings)
        finally:
            encodings = None  # noqa: F841 - dropped whatever the answer
        if match is not None:
            self._arrive(match)
        return match

    def _publish(self, payload) -> None:
        try:
            self.bus.publish(Event(branch_id=self.branch_id, payload=payload))
        except Exception:
            log.exception("publishing %s failed", payload.kind)
