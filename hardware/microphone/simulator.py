"""A simulated microphone: plays queued utterances and injects faults on request."""

from __future__ import annotations

import threading
import time
from collections import deque
from enum import StrEnum
from pathlib import Path

import numpy as np

from hardware.microphone.base import (
    SAMPLE_RATE,
    AudioChunk,
    MicrophoneCapabilities,
    MicrophoneError,
    MicrophoneUnavailable,
)


class MicFault(StrEnum):
    SILENCE = "silence"  # the input reads digital silence (muted, unplugged capsule)
    NOISE = "noise"  # loud broadband noise instead of speech
    CLIPPING = "clipping"  # gain far too high: samples stuck at full scale
    DROP = "drop"  # the device disappears mid-stream


class MicrophoneSimulator:
    """Serves queued 16 kHz mono utterances, then quiet room tone; faults change the output.

    `realtime` paces reads like a live device (a 0.25 s chunk takes 0.25 s), so audio
    queued from the simulator page while the kiosk listens arrives mid-utterance; tests
    leave it off and queue what the customer says before the kiosk listens.
    """

    def __init__(self, seed: int = 0, realtime: bool = False):
        self.realtime = realtime
        self._lock = threading.Lock()
        self._queue: deque[np.ndarray] = deque()
        self._current = np.zeros(0, dtype=np.float32)
        self._pos = 0
        self._clock = 0.0
        self._open = False
        self._fault: MicFault | None = None
        self._rng = np.random.default_rng(seed)
        self.finite = False  # True: read() returns None once the queue is empty
        self._paced_from, self._paced = time.monotonic(), 0.0

    def say(self, samples: np.ndarray, pause_after: float = 0.0) -> None:
        """Queue an utterance (16 kHz mono float32), then `pause_after` seconds of quiet."""
        with self._lock:
            self._queue.append(np.asarray(samples, dtype=np.float32))
            if pause_after > 0:
                self._queue.append(np.zeros(int(pause_after * SAMPLE_RATE), np.float32))

    def play_wav(self, path: Path | str, pause_after: float = 1.0) -> float:
        """Queue a WAV file (any rate and channels); return its seconds or raise MicrophoneError."""
        from shared.speech.audio import AudioError, read_wav

        try:
            audio = read_wav(path)
        except AudioError as exc:
            raise MicrophoneError(str(exc)) from None
        self.say(audio.samples, pause_after)
        return audio.seconds

    def clear(self) -> None:
        """Forget queued utterances (a new customer should not hear the last one's)."""
        with self._lock:
            self._queue.clear()
            self._current, self._pos = np.zeros(0, dtype=np.float32), 0

    def queued_seconds(self) -> float:
        with self._lock:
            left = len(self._current) - self._pos + sum(len(q) for q in self._queue)
        return left / SAMPLE_RATE

    @property
    def fault(self) -> MicFault | None:
        return self._fault

    @property
    def is_open(self) -> bool:
        return self._open

    def inject(self, fault: MicFault | str | None) -> None:
        """Start a fault (None clears it)."""
        self._fault = MicFault(fault) if fault else None

    def open(self) -> None:
        if self._fault == MicFault.DROP:
            raise MicrophoneUnavailable("simulated microphone is unplugged")
        self._open = True
        self._paced_from, self._paced = time.monotonic(), 0.0

    def _next_speech(self, n: int) -> np.ndarray | None:
        out = []
        need = n
        with self._lock:
            while need > 0:
                if self._pos >= len(self._current):
                    if not self._queue:
                        break
                    self._current, self._pos = self._queue.popleft(), 0
                piece = self._current[self._pos : self._pos + need]
                self._pos += len(piece)
                need -= len(piece)
                out.append(piece)
        if not out:
            return None
        return np.concatenate(out)

    def _pace(self, seconds: float) -> None:
        """Sleep until the wall clock has caught up with the audio handed out."""
        self._paced += seconds
        ahead = self._paced_from + self._paced - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)

    def read(self, seconds: float = 0.25) -> AudioChunk | None:
        if not self._open:
            raise MicrophoneError("microphone is not open")
        if self._fault == MicFault.DROP:
            self._open = False
            raise MicrophoneUnavailable("simulated microphone dropped out")
        n = max(1, int(seconds * SAMPLE_RATE))
        speech = self._next_speech(n)
        if speech is None and self.finite:
            return None
        tone = self._rng.normal(0, 1e-3, n).astype(np.float32)  # quiet room, not silence
        if speech is not None:
            tone[: len(speech)] += speech
        if self._fault == MicFault.SILENCE:
            tone[:] = 0.0
        elif self._fault == MicFault.NOISE:
            tone = self._rng.uniform(-0.5, 0.5, n).astype(np.float32)
        elif self._fault == MicFault.CLIPPING:
            tone = np.clip(tone * 50.0, -1.0, 1.0)
        chunk = AudioChunk(tone, self._clock)
        self._clock += n / SAMPLE_RATE
        if self.realtime:
            self._pace(n / SAMPLE_RATE)
        return chunk

    def close(self) -> None:
        self._open = False

    def capabilities(self) -> MicrophoneCapabilities:
        return MicrophoneCapabilities("simulator", live=self.realtime)
