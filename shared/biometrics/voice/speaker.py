"""Speaker recognition behind one small interface: audio in, a unit-length embedding out."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from shared.biometrics.gallery import unit_rows
from shared.biometrics.voice.audio import Audio


class SpeakerEngineError(RuntimeError):
    """The speaker engine could not run (model missing, unusable audio)."""


class SpeakerEngine(Protocol):
    """Turns speech into a fixed-length voiceprint; distances are Euclidean on unit vectors."""

    model_version: str
    dimension: int

    def embed(self, audio: Audio) -> np.ndarray:
        """Return one float32 unit vector of length `dimension`."""
        ...


def voice_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Euclidean distance between unit-scaled voiceprints (0 same direction, 2 opposite)."""
    ua, ub = unit_rows(np.asarray(a).reshape(1, -1)), unit_rows(np.asarray(b).reshape(1, -1))
    return float(np.linalg.norm(ua - ub))


def mean_voiceprint(vectors: np.ndarray) -> np.ndarray:
    """Return the unit mean of a customer's voiceprints (their template for matching)."""
    mean = unit_rows(np.asarray(vectors, dtype=np.float32)).mean(axis=0)
    return unit_rows(mean.reshape(1, -1))[0]


class FakeSpeakerEngine:
    """A deterministic stand-in for tests: the voiceprint is the spectrum's coarse shape.

    Tones of different pitch get far-apart voiceprints and the same tone near-identical
    ones, so enrolment, matching and challenge logic can be tested without a model.
    """

    model_version = "fake-spectrum-v1"
    dimension = 32

    def embed(self, audio: Audio) -> np.ndarray:
        samples = np.asarray(audio.samples, dtype=np.float32)
        if samples.size < 512:
            raise SpeakerEngineError("audio too short to embed")
        spectrum = np.abs(np.fft.rfft(samples[: 16000 * 4]))
        bands = np.array_split(spectrum[: len(spectrum) // 2], self.dimension)
        vector = np.log1p(np.array([b.mean() for b in bands], dtype=np.float32))
        vector -= vector.mean()
        return unit_rows(vector.reshape(1, -1))[0]
