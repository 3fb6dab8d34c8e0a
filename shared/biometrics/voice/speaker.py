"""Speaker recognition behind one small interface: audio in, a unit-length embedding out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from shared.biometrics.gallery import unit_rows
from shared.speech.audio import Audio


class SpeakerEngineError(RuntimeError):
    """The speaker engine could not run (model missing, unusable audio)."""


class SpeakerEngine(Protocol):
    """Turns speech into a fixed-length voiceprint; distances are Euclidean on unit vectors."""

    model_version: str
    dimension: int

    def embed(self, audio: Audio) -> np.ndarray:
        """Return one float32 unit vector of length `dimension`."""
        ...


def voice_distances(probes: np.ndarray, templates: np.ndarray) -> np.ndarray:
    """The speaker score: Euclidean distances between unit voiceprints, probes x templates.

    0 is the same direction, 2 opposite; the threshold and fusion are calibrated on it.
    """
    p = unit_rows(np.atleast_2d(np.asarray(probes, dtype=np.float32)))
    t = unit_rows(np.atleast_2d(np.asarray(templates, dtype=np.float32)))
    return np.linalg.norm(p[:, None, :] - t[None, :, :], axis=2)


def voice_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The speaker score of one probe against one template (see voice_distances)."""
    return float(voice_distances(a, b)[0, 0])


def mean_voiceprint(
    vectors: np.ndarray, speech_seconds: Sequence[float | None] | None = None
) -> np.ndarray:
    """Return a customer's template: the unit mean of their voiceprints, by seconds of speech.

    Weighting by speech makes the template close to the embedding of all enrolment speech
    taken together (the encoder itself averages 1.6 s windows), so a 1 s "hello" does not
    count as much as a 6 s sentence. Without `speech_seconds` every voiceprint counts once.
    """
    rows = unit_rows(np.asarray(vectors, dtype=np.float32))
    if speech_seconds is None:
        weights = np.ones(len(rows))
    else:
        # A missing or zero length (rows stored before lengths were kept) counts as 1 s.
        weights = np.array([s if s and s > 0 else 1.0 for s in speech_seconds], dtype=float)
    mean = (rows * weights[:, None]).sum(axis=0) / weights.sum()
    return unit_rows(mean.reshape(1, -1).astype(np.float32))[0]


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
