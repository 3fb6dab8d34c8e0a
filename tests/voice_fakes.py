"""Synthetic voices and a scripted recogniser for fast voice tests (no models)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from shared.speech.audio import SAMPLE_RATE, Audio
from shared.speech.stt import Grammar, PartialResult


def synth_voice(f0: float, seconds: float = 2.0, seed: int = 0, level: float = 0.2) -> Audio:
    """A harmonic 'voice' at pitch f0 with syllable-like bursts and pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    tone = sum(np.sin(2 * np.pi * f0 * k * t + rng.uniform(0, 6)) / k for k in range(1, 6))
    envelope = (np.sin(2 * np.pi * 3.0 * t) > -0.2).astype(np.float32)  # ~3 syllables/s
    samples = level * tone * envelope / 2.3 + rng.normal(0, 1e-3, len(t))
    return Audio(samples.astype(np.float32))


def write_stereo_wav(path: Path, pcm16: np.ndarray, rate: int = 44100) -> Path:
    """Write 16-bit mono samples as a two-channel WAV at `rate` (bad input the kiosk takes)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.column_stack([pcm16, pcm16]).astype("<i2").tobytes())
    return path


class ScriptedStream:
    def __init__(self, text: str):
        self._text = text

    def accept(self, pcm16: bytes) -> PartialResult | None:
        return None

    def finish(self) -> str:
        return self._text


class ScriptedSpeechToText:
    """Returns the transcript it was told to, whatever it hears (for service logic tests)."""

    name = "scripted"
    language = "en"

    def __init__(self, text: str = ""):
        self.text = text
        self.grammars: list[Grammar | None] = []

    def stream(self, grammar: Grammar | None = None) -> ScriptedStream:
        self.grammars.append(grammar)
        return ScriptedStream(self.text)
