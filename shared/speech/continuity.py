"""Is an answer one continuous take? Splices of separate recordings leave seams in the background.

One take through one microphone has one background: the room and the microphone's own
noise run on under and between the words, and the level glides from a word into it. Words
cut from separate recordings bring their own backgrounds (or none), so a splice shows:

- dead air: a run of exact digital silence between the first and last word. A live
  microphone never outputs it; an editor joining clips, or a clip trimmed and padded, does.
- a seam: a steady, flat, quiet stretch (background) that steps straight onto another of
  a different level, from one 10 ms frame to the next. In one take the background does
  not jump; at a cut between two recordings' backgrounds it does.

Both are calibrated to refuse no one-take speech of the calibration speakers (docs/VOICE.md,
Liveness, has the figures). Splices of clips from one session with matched backgrounds,
crossfaded, or played through a loudspeaker into the kiosk's microphone (whose room noise
then runs on under the seams) are mostly not caught here; the fresh random words of the
challenge are what stands against them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.speech.audio import Audio

FRAME = 160  # 10 ms at 16 kHz
# Exact digital silence: |sample| at most this many 16-bit steps (a dithered editor's zeros).
DEAD_AIR_LSB = 2
# Longest dead air allowed between the first and last word; 20 ms is two frames, far above
# the odd zero crossing, and no one-take recording in the calibration sets had any.
MAX_DEAD_AIR_SECONDS = 0.02
# A seam: a jump of more than SEAM_DB from one frame to the next between two stretches of
# background: the up to 2 x SEAM_SIDE_FRAMES frames on each side (at least SEAM_SIDE_FRAMES)
# are steady (frame levels within STEADY_STD_DB), flat (drifting at most MAX_DRIFT_DB a
# frame: a word's decaying tail drifts more) and quiet (QUIET_BELOW_LOUD_DB under the loud
# frames: not a held vowel and its closure). Chosen as the setting that caught the most
# splices among a few (5, 10 or 15 frames a side; drift unlimited, 1.0, 0.8 or 0.6 dB) that
# refused none of the calibration set's one-take speech (docs/VOICE.md, Liveness).
SEAM_DB = 8.0
SEAM_SIDE_FRAMES = 5
STEADY_STD_DB = 2.5
MAX_DRIFT_DB = 0.8
QUIET_BELOW_LOUD_DB = 25.0
# A frame is speech when it is this far over the background (10th percentile) or this
# fraction of the way to the loud frames (95th percentile), whichever is higher.
SPEECH_OVER_FLOOR_DB = 10.0
SPEECH_FRACTION = 0.3
SILENT_DB = -100.0  # digital silence counts as this level (log of zero is no level)


@dataclass(frozen=True)
class ContinuityVerdict:
    """`reason` is "ok", "dead_air" or "seam"; the measures are for the audit."""

    reason: str
    dead_air_seconds: float
    seam_db: float  # the largest step between two steady quiet stretches, 0 if none
    longest_gap_seconds: float

    @property
    def continuous(self) -> bool:
        return self.reason == "ok"


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Return (start, end) of each run of True."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(),
                    strict=True))


def frame_levels(samples: np.ndarray) -> np.ndarray:
    """Return the level of each 10 ms frame in dB (digital silence at SILENT_DB)."""
    n = len(samples) // FRAME
    frames = np.asarray(samples[: n * FRAME], dtype=np.float64).reshape(n, FRAME)
    power = np.mean(frames * frames, axis=1)
    return np.maximum(10.0 * np.log10(power + 1e-30), SILENT_DB)


def speech_frames(levels: np.ndarray) -> np.ndarray:
    """Mark speech frames; gaps of 30 ms or less are bridged, blips that short dropped."""
    floor, loud = np.percentile(levels, 10), np.percentile(levels, 95)
    speech = levels > max(floor + SPEECH_OVER_FLOOR_DB, floor + SPEECH_FRACTION * (loud - floor))
    for start, end in runs(~speech):
        if end - start <= 3 and start > 0 and end < len(speech):
            speech[start:end] = True
    for start, end in runs(speech):
        if end - start < 3:
            speech[start:end] = False
    return speech


def dead_air_seconds(samples: np.ndarray, first: int, last: int) -> float:
    """Return the longest run of digital silence between frames `first` and `last`, in s."""
    inner = np.abs(samples[first * FRAME : last * FRAME]) <= DEAD_AIR_LSB / 32768.0
    longest = max((end - start for start, end in runs(inner)), default=0)
    return longest / 16000.0


def _drift(levels: np.ndarray) -> float:
    """Return how fast a stretch's level changes, in dB a frame (a least-squares slope)."""
    frames = np.arange(len(levels)) - (len(levels) - 1) / 2
    return abs(float(frames @ (levels - levels.mean()) / (frames @ frames)))


def largest_seam(levels: np.ndarray) -> float:
    """Return the largest level step between two adjacent stretches of background (0: none)."""
    if not len(levels):
        return 0.0
    quiet_under = np.percentile(levels, 95) - QUIET_BELOW_LOUD_DB
    parts = np.split(levels, np.flatnonzero(np.abs(np.diff(levels)) > SEAM_DB) + 1)
    side = 2 * SEAM_SIDE_FRAMES  # the stretch just before and just after the jump
    largest = 0.0
    for before, after in zip(parts[:-1], parts[1:], strict=True):
        a, b = before[-side:], after[:side]
        if min(len(a), len(b)) < SEAM_SIDE_FRAMES or max(a.std(), b.std()) > STEADY_STD_DB:
            continue
        if max(_drift(a), _drift(b)) > MAX_DRIFT_DB:
            continue
        level_a, level_b = float(np.median(a)), float(np.median(b))
        if max(level_a, level_b) <= quiet_under:
            largest = max(largest, abs(level_a - level_b))
    return largest


def judge_continuity(audio: Audio) -> ContinuityVerdict:
    """Return whether the audio sounds like one take: no dead air, no seam."""
    levels = frame_levels(audio.samples)
    speech = speech_frames(levels) if len(levels) else np.zeros(0, bool)
    spoken = np.flatnonzero(speech)
    if not len(spoken):
        return ContinuityVerdict("ok", 0.0, 0.0, 0.0)
    first, last = int(spoken[0]), int(spoken[-1]) + 1
    gaps = [end - start for start, end in runs(~speech[first:last])]
    dead_air = dead_air_seconds(audio.samples, first, last)
    seam = largest_seam(levels)
    if dead_air >= MAX_DEAD_AIR_SECONDS:
        reason = "dead_air"
    elif seam > SEAM_DB:
        reason = "seam"
    else:
        reason = "ok"
    return ContinuityVerdict(reason, round(dead_air, 3), round(seam, 2),
                             max(gaps, default=0) * FRAME / 16000.0)
