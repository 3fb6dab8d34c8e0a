"""The door-camera watcher: frames in, one decision per person, arrivals, crossings and counts out.

Privacy: a face crop and its encoding live only in this process's memory, only until the
track's one decision; an unmatched encoding is never stored, logged, published or kept.
The watcher publishes nothing itself: the floor services behind its recorder check consent,
open the visit and announce arrivals and counts once they are committed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from hardware.camera.base import Camera, CameraError, CorruptFrameError, Frame
from kiosk.door.config import WatcherConfig, WatcherStats
from kiosk.door.counts import PendingCounts, PendingCrossings
from kiosk.door.crossing import Crossing, crossing_of, crossing_point, keep_sighting
from kiosk.door.decisions import plan_regions, should_count_crossing, should_decide
from kiosk.door.faces import TrackState, detect_faces, sample_face
from kiosk.door.identify import Identifier
from kiosk.door.recorder import Arrival, VisitRecorder
from kiosk.door.tracker import FaceTracker, Track
from shared.biometrics.face.engine import FaceEngine
from shared.biometrics.matching import Match
from shared.floor.traffic import Direction
from shared.models.enums import PrivacyMode

log = logging.getLogger(__name__)

__all__ = ["DoorCameraWatcher", "WatcherConfig", "WatcherStats"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class DoorCameraWatcher:
    """Turns one door camera's frames into arrivals (ambient mode), crossings and counts."""

    def __init__(
        self,
        camera: Camera,
        engine: FaceEngine,
        identifier: Identifier,
        recorder: VisitRecorder,
        branch_id: int,
        device_code: str,
        stop_event: threading.Event,
        config: WatcherConfig | None = None,
        clock: Callable[[], datetime] = _utcnow,
        identifying: Callable[[], bool] | None = None,
    ):
        self.camera = camera
        self.engine = engine
        self.identifier = identifier
        self.recorder = recorder
        self.branch_id = branch_id
        self.device_code = device_code
        self.stop_event = stop_event
        self.config = config or WatcherConfig()
        self.clock = clock
        # At a branch edge: False while cut off from the centre too long (kiosk.door.cutoff).
        self.identifying = identifying or (lambda: True)
        self._identifying = True
        self.stats = WatcherStats()
        self.tracker = FaceTracker(max_misses=self.config.max_misses)
        self.counts = PendingCounts(self.config.bucket)
        self.crossings = PendingCrossings()
        self._crossings_retry_at = 0.0
        self._frame_ts = 0.0
        self._states: dict[int, TrackState] = {}
        self._previous_small: np.ndarray | None = None
        self._last_full_scan = -1e18
        self._mode = PrivacyMode.OPT_IN  # until the branch says otherwise: identify nobody
        self._mode_checked = -1e18
        self._last_flush = time.monotonic()

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
        self.write_crossings()
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
        """End every track (deciding the ones still open) and write crossings and counts."""
        self._end_tracks(self.tracker.end_all().ended)
        self.write_crossings(force=True)
        self.flush_counts()

    # -- one frame
    def process(self, frame: Frame) -> None:
        """Detect (every few frames, where there is motion or a face), track, sample, decide."""
        self.stats.frames += 1
        cfg = self.config
        if frame.index % cfg.detect_every != 0:
            return
        bgr = frame.bgr
        self._frame_ts = frame.timestamp
        height, width = bgr.shape[:2]
        small = bgr[:: cfg.motion_stride, :: cfg.motion_stride, 1]
        previous, self._previous_small = self._previous_small, small.copy()
        full_scan_due = (
            cfg.full_scan_every_s > 0
            and frame.timestamp - self._last_full_scan >= cfg.full_scan_every_s
        )
        tracked = [(t.box.top, t.box.right, t.box.bottom, t.box.left) for t in self.tracker.tracks]
        regions, whole_frame = plan_regions(
            previous, small, tracked, full_scan_due, width, height, cfg
        )
        if not regions:
            return  # nothing moved and nobody is here: no detection at all
        if whole_frame:
            self._last_full_scan = frame.timestamp
        self.stats.detection_rounds += 1
        boxes = detect_faces(self.engine, bgr, regions, cfg.detect_scale, self.stats)
        self.stats.faces_detected += len(boxes)
        update = self.tracker.update(boxes, frame.timestamp, (width, height))
        self.stats.tracks += len(update.started)
        for track in update.started:
            self._states[track.id] = TrackState(started_at=self.clock())
        ambient = self._may_identify()
        by_id = {t.id: t for t in update.tracks}
        for track_id, det in update.assigned:
            track = by_id[track_id]
            state = self._states[track_id]
            sighting = cfg.count_line.sighting(boxes[det], width, height, frame.timestamp)
            keep_sighting(state.path, sighting)
            if track.hits >= cfg.min_hits and not state.counted:
                state.counted = True
                self._count(people=1)
            if ambient and not state.decided:
                sample_face(state, bgr, boxes[det], cfg)
        for track in update.tracks:
            self._maybe_decide(track, self._states[track.id], ended=False)
            self._maybe_cross(track, self._states[track.id], ended=False)
        self._end_tracks(update.ended)

    def _maybe_decide(self, track: Track, state: TrackState, ended: bool) -> None:
        cfg = self.config
        if not state.decided and should_decide(
            len(state.samples),
            track.hits,
            track.last_seen - track.first_seen,
            ended,
            cfg.min_hits,
            cfg.decide_after_s,
        ):
            self._decide(track, state)

    def _decide(self, track: Track, state: TrackState) -> None:
        """Encode the track's best frames, identify once, then drop crops and encodings."""
        state.decided = True
        samples, state.samples = state.samples, []
        if not self._may_identify(ask=False):
            # Opt-in, or an edge cut off from the centre: the track was counted; crops
            # sampled before the gate closed are dropped unencoded, as for a stranger.
            samples.clear()
            return
        match = frame = None
        quality = float(np.mean([s.score for s in samples])) if samples else 0.0
        try:
            rows = [self.engine.encode(s.crop, [s.box]) for s in samples]
            self.stats.encodes += len(rows)
            encodings = np.concatenate(rows) if rows else np.zeros((0, 128), np.float32)
            match = self.identifier.identify(encodings) if len(encodings) else None
            if match is not None and self._clear(match):
                frame = encodings.mean(axis=0)  # what the identifier matched: the best frames
        except Exception:
            log.exception("identifying track %d failed", track.id)
        finally:
            # Nothing of the face outlives the decision: not the crops, not the encodings;
            # a clear match's mean frame goes to the recorder, which keeps it sealed only
            # for a consenting customer until a colleague confirms the visit.
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
        try:
            self._arrive(match, frame, quality)
        finally:
            if frame is not None:
                frame.fill(0)

    def _may_identify(self, ask: bool = True) -> bool:
        """Ambient mode and the identifying gate open (asked once a detection round)."""
        if ask:
            try:
                self._identifying = bool(self.identifying())
            except Exception:
                # Unsure whether withdrawals still reach us: do not identify.
                log.exception("the identifying gate failed; not identifying")
                self._identifying = False
        return self._mode == PrivacyMode.AMBIENT and self._identifying

    def _clear(self, match: Match) -> bool:
        """Whether the match is clear enough to teach the gallery, once confirmed."""
        threshold = getattr(self.identifier, "threshold", None)
        share = self.config.learn_distance_share
        return bool(threshold) and share > 0 and match.distance <= share * threshold

    def _arrive(self, match: Match, frame: np.ndarray | None = None,
                quality: float = 0.0) -> Arrival | None:
        # The customer id and the distance leave the watcher; an encoding only as `frame`.
        try:
            arrival = self.recorder.arrive(match.customer_id, match.distance, self.clock(),
                                           frame=frame, quality=quality)
        except Exception:
            log.exception("recording the arrival of customer %d failed", match.customer_id)
            return None
        if arrival is None:
            return None
        self.stats.arrivals += 1
        log.info("customer %d arrived (visit %d)", arrival.customer_id, arrival.visit_id)
        return arrival

    def _end_tracks(self, ended: tuple[Track, ...]) -> None:
        for track in ended:
            state = self._states.pop(track.id, None)
            if state is None:
                continue
            self._maybe_decide(track, state, ended=True)
            self._maybe_cross(track, state, ended=True)
            state.samples.clear()

    # -- crossings
    def _maybe_cross(self, track: Track, state: TrackState, ended: bool) -> None:
        """Count the track's crossing once: when it ends, or once it has been in view long."""
        cfg = self.config
        age = track.last_seen - track.first_seen
        if not should_count_crossing(state.crossed, track.hits, age, ended, cfg.min_hits,
                                     cfg.count_wait_s):
            return
        direction = crossing_of(state.path, cfg.count_line)
        if direction is None:
            return
        state.crossed = True
        when, across = crossing_point(state.path, cfg.count_line, direction)
        # Frame time to the watcher's clock: the crossing happened this long before now.
        at = self.clock() - timedelta(seconds=max(0.0, self._frame_ts - when))
        self.crossings.add(Crossing(track.id, direction, at, state.started_at, age, across))
        if direction is Direction.IN:
            self.stats.entries += 1
        else:
            self.stats.exits += 1
        self.write_crossings()

    def write_crossings(self, force: bool = False) -> None:
        """Write pending crossings now; after a failure, wait `crossing_retry_s` to retry."""
        if not len(self.crossings) or (not force and time.monotonic() < self._crossings_retry_at):
            return
        if self.crossings.flush(self.recorder):
            self._crossings_retry_at = 0.0
        else:
            self._crossings_retry_at = time.monotonic() + self.config.crossing_retry_s

    # -- counts
    def _count(self, people: int = 0, identified: int = 0) -> None:
        self.counts.add(self.clock(), people, identified)
        self.stats.people += people

    def flush_counts(self) -> None:
        """Write pending counts per bucket; the ones that fail to write are kept for later."""
        self._last_flush = time.monotonic()
        self.counts.flush(self.recorder)
