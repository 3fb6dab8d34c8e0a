"""`smartbranch bench voice --part splicing`: the continuity check against real splices.

False rejects are measured on one-take speech (LibriSpeech cuts, espeak-ng challenge
phrases), detection on splices of real recordings (shared/evaluation/splicing.py), each
raw and through the simulated microphone's room tone. Beside it, the naive baseline
measured in the same run: "a pause longer than G seconds is a splice", with G set like our
threshold (the 98th percentile of one-take speech of the calibration speakers).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from shared.biometrics.voice.phrase import EN_CHALLENGE_WORDS, random_phrase
from shared.evaluation.splicing import (
    CALIBRATION_SPEAKERS,
    HELD_OUT_SPEAKERS,
    SPLICE_KINDS,
    command_words,
    one_take_cuts,
    phrase_splice,
    reading_splices,
    room_tone,
)
from shared.speech.continuity import SEAM_DB, judge_continuity
from smartbranch.benchmarks.espeak import espeak_clips

SEED = 20261206
CALIBRATION_VOICES = ("en-us", "en-gb")
HELD_OUT_VOICES = ("en-us+f3", "en-us+m3")
PHRASES_PER_VOICE = 20  # at each of SPEEDS
SPEEDS = (140, 160)  # words per minute: the kiosk tests' pace and espeak-ng's default
SPLICES_PER_KIND = 40
TARGET_FRR = 0.02
UNSEEN_READERS = "_impostors"  # 12 readers, one reading each


def _espeak_phrases(voices, rng: random.Random) -> list:
    """Random challenge phrases read by each espeak-ng voice at each pace."""
    clips = []
    for voice in voices:
        for speed in SPEEDS:
            texts = [random_phrase(EN_CHALLENGE_WORDS, 2, 4, rng.randrange).spoken()
                     for _ in range(PHRASES_PER_VOICE)]
            clips += espeak_clips(texts, voice, speed)
    return clips


def _genuine(speech: Path, speakers, voices, rng: np.random.Generator, pyrng) -> list:
    """One-take audio: cuts as read and through room tone, espeak-ng through room tone."""
    cuts = [audio for _, audio in one_take_cuts(speech, speakers)]
    return (cuts + [room_tone(a, rng) for a in cuts]
            + [room_tone(a, rng) for a in _espeak_phrases(voices, pyrng)])


def _splices(speech: Path, rng: np.random.Generator) -> dict[str, list]:
    """Each kind of felixchenfy splice (raw and through room tone), and re-joined readings."""
    words = sorted(command_words(speech))
    out: dict[str, list] = {}
    for kind in SPLICE_KINDS:
        made = [phrase_splice(speech, list(rng.choice(words, 5)), kind, rng)
                for _ in range(SPLICES_PER_KIND)]
        out[f"words_{kind}"] = made
        out[f"words_{kind}_room_tone"] = [room_tone(a, rng) for a in made]
    readings = [a for _, a in reading_splices(speech, CALIBRATION_SPEAKERS + HELD_OUT_SPEAKERS,
                                              12, rng)]
    out["readings_rejoined"] = readings
    out["readings_rejoined_room_tone"] = [room_tone(a, rng) for a in readings]
    return out


def _rate(flags: list[bool]) -> dict:
    return {"count": int(sum(flags)), "of": len(flags),
            "rate": round(sum(flags) / len(flags), 4) if flags else None}


def splicing_figures(speech: Path) -> dict:
    """False rejects on one-take speech and detection of splices, ours beside the baseline."""
    rng, pyrng = np.random.default_rng(SEED), random.Random(SEED)
    calibration = [judge_continuity(a) for a in _genuine(
        speech, CALIBRATION_SPEAKERS, CALIBRATION_VOICES, rng, pyrng)]
    held_out = [judge_continuity(a) for a in _genuine(
        speech, HELD_OUT_SPEAKERS, HELD_OUT_VOICES, rng, pyrng)]
    # Readers never looked at while building the check: LibriSpeech train-clean impostors.
    unseen_cuts = [a for _, a in one_take_cuts(speech, (UNSEEN_READERS,))]
    tone = np.random.default_rng(SEED + 1)  # its own draws: the splices stay as they were
    unseen = [judge_continuity(a) for a in unseen_cuts + [room_tone(a, tone) for a in unseen_cuts]]
    gap = float(np.quantile([v.longest_gap_seconds for v in calibration], 1 - TARGET_FRR))
    seams = [v.seam_db for v in calibration]

    def baseline(verdicts) -> list[bool]:
        return [v.longest_gap_seconds > gap for v in verdicts]

    detection, baseline_detection, all_ours, all_base = {}, {}, [], []
    for kind, clips in _splices(speech, rng).items():
        verdicts = [judge_continuity(a) for a in clips]
        ours = [not v.continuous for v in verdicts]
        detection[kind] = {**_rate(ours), "by_reason": {
            r: sum(v.reason == r for v in verdicts) for r in ("dead_air", "seam")}}
        baseline_detection[kind] = _rate(baseline(verdicts))
        all_ours += ours
        all_base += baseline(verdicts)
    ours_rate, base_rate = np.mean(all_ours), np.mean(all_base)
    return {
        "split": {"calibration": [*CALIBRATION_SPEAKERS, *CALIBRATION_VOICES],
                  "held_out": [*HELD_OUT_SPEAKERS, *HELD_OUT_VOICES],
                  "unseen_readers": UNSEEN_READERS},
        "seam_db": SEAM_DB,
        "largest_seam_on_calibration": round(max(seams), 2),
        "false_reject": {"calibration": _rate([not v.continuous for v in calibration]),
                         "held_out": _rate([not v.continuous for v in held_out]),
                         "unseen_readers": _rate([not v.continuous for v in unseen])},
        "detection": detection,
        "detection_all": round(float(ours_rate), 4),
        "baseline": {"rule": f"longest pause > {gap:.2f} s",
                     "false_reject_calibration": _rate(baseline(calibration)),
                     "false_reject_held_out": _rate(baseline(held_out)),
                     "detection": baseline_detection,
                     "detection_all": round(float(base_rate), 4)},
        "detection_ratio_vs_baseline": round(float(ours_rate / base_rate), 2)
        if base_rate else None,
    }
