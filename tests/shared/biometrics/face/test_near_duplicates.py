"""Enrolment refuses a photo that repeats one already given (a burst, a re-send)."""

import numpy as np

from shared.biometrics.face.dlib_engine import DlibFaceEngine
from shared.biometrics.face.enrolment import refuse_near_duplicates

NEAR_DUPLICATE = DlibFaceEngine.near_duplicate


def unit(seed):
    v = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


def nudged(v, distance):
    """A unit vector `distance` away from unit vector v."""
    other = unit(99)
    other -= other @ v * v
    other /= np.linalg.norm(other)
    angle = 2 * np.arcsin(distance / 2)
    return np.cos(angle) * v + np.sin(angle) * other


def test_a_repeat_is_refused_with_a_message_and_different_photos_pass():
    a, b = unit(1), unit(2)
    rows = [("a.jpg", "ok", "usable", 0.9, a),
            ("a-again.jpg", "ok", "usable", 0.9, nudged(a, NEAR_DUPLICATE / 2)),
            ("b.jpg", "ok", "usable", 0.8, b),
            ("near-b.jpg", "ok", "usable", 0.8, nudged(b, NEAR_DUPLICATE * 1.5)),
            ("dark.jpg", "too_dark", "face is too dark", 0.0, None)]
    out = refuse_near_duplicates(rows, NEAR_DUPLICATE)
    codes = [r[1] for r in out]
    assert codes == ["ok", "near_duplicate", "ok", "ok", "too_dark"]
    refused = out[1]
    assert refused[4] is None and "a.jpg" in refused[2] and "different pose" in refused[2]


def test_scale_does_not_matter_only_direction():
    a = unit(3)
    out = refuse_near_duplicates([("x", "ok", "", 1.0, a), ("y", "ok", "", 1.0, 3 * a)],
                                 NEAR_DUPLICATE)
    assert out[1][1] == "near_duplicate"
