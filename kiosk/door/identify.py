"""Turning a track's best encodings into one open-set decision against a gallery."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from shared.biometrics.face.threshold_model import GalleryThreshold
from shared.biometrics.matching import Match, decide


class Identifier(Protocol):
    """Turns a track's best encodings (k, d) into one Match, or None for unknown."""

    def identify(self, encodings: np.ndarray) -> Match | None: ...


class GalleryIdentifier:
    """Identify against a GalleryIndex: best frames vote by mean distance, open-set rule.

    `threshold` is a number, or a GalleryThreshold that follows the gallery's make-up: its
    size and the vectors behind each template (an enrolment, a withdrawal or a learned
    frame changes it before the next decision).
    """

    def __init__(self, gallery, threshold: float | GalleryThreshold, margin: float = 0.0):
        self.gallery = gallery
        self._threshold = threshold
        self.margin = margin

    @property
    def threshold(self) -> float:
        if isinstance(self._threshold, GalleryThreshold):
            return self._threshold.for_gallery(self.gallery)
        return self._threshold

    def identify(self, encodings: np.ndarray) -> Match | None:
        if len(encodings) == 0:
            return None
        # Average the frames in the encoding space, then one search: the mean of a track's
        # best frames is closer to the person than most single frames.
        probe = encodings.mean(axis=0)
        decision = decide(self.gallery.search(probe), self.threshold, self.margin)
        return decision if isinstance(decision, Match) else None
