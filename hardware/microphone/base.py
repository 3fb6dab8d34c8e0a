"""The microphone interface: open, read 16 kHz mono chunks, close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

SAMPLE_RATE = 16000


class MicrophoneError(Exception):
    """Anything a microphone driver raises ends at our interface as one of these."""


class MicrophoneUnavailable(MicrophoneError):
    """No usable input device (PortAudio missing, no device, device busy)."""


@dataclass(frozen=True)
class AudioChunk:
    """Mono float32 samples at 16 kHz and their start time in seconds from open."""

    samples: np.ndarray
    start: float

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE


@dataclass(frozen=True)
class MicrophoneCapabilities:
    source: str
    live: bool
    device_rate: int = SAMPLE_RATE
    device_channels: int = 1


class Microphone(Protocol):
    """A source of 16 kHz mono chunks; `read` returns None once a finite source has ended."""

    def open(self) -> None: ...

    def read(self, seconds: float = 0.25) -> AudioChunk | None: ...

    def close(self) -> None: ...

    def capabilities(self) -> MicrophoneCapabilities: ...


def record(microphone: Microphone, seconds: float, chunk: float = 0.25) -> np.ndarray:
    """Read up to `seconds` of audio (less if the source ends) into one array."""
    parts: list[np.ndarray] = []
    got = 0.0
    while got < seconds:
        piece = microphone.read(min(chunk, seconds - got))
        if piece is None:
            break
        parts.append(piece.samples)
        got += piece.seconds
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
