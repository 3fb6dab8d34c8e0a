"""A microphone fed from a WAV file (any rate and channel count), for tests and replays."""

from __future__ import annotations

from pathlib import Path

from hardware.microphone.base import (
    SAMPLE_RATE,
    AudioChunk,
    MicrophoneCapabilities,
    MicrophoneError,
)
from shared.speech.audio import AudioError, read_wav


class WavFileMicrophone:
    """Plays a WAV file out as 16 kHz mono chunks; stereo 44.1 kHz is mixed and resampled."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._samples = None
        self._pos = 0

    def open(self) -> None:
        try:
            self._samples = read_wav(self.path).samples
        except AudioError as exc:
            raise MicrophoneError(str(exc)) from None
        self._pos = 0

    def read(self, seconds: float = 0.25) -> AudioChunk | None:
        if self._samples is None:
            raise MicrophoneError("microphone is not open")
        if self._pos >= len(self._samples):
            return None
        n = max(1, int(seconds * SAMPLE_RATE))
        chunk = self._samples[self._pos : self._pos + n]
        start = self._pos / SAMPLE_RATE
        self._pos += len(chunk)
        return AudioChunk(chunk, start)

    def close(self) -> None:
        self._samples = None

    def capabilities(self) -> MicrophoneCapabilities:
        return MicrophoneCapabilities(str(self.path), live=False)
