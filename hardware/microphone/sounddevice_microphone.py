"""A live microphone through sounddevice (PortAudio), resampled to 16 kHz mono."""

from __future__ import annotations

import queue

import numpy as np

from hardware.microphone.base import (
    SAMPLE_RATE,
    AudioChunk,
    MicrophoneCapabilities,
    MicrophoneError,
    MicrophoneUnavailable,
)
from shared.speech.audio import resample, to_mono

READ_TIMEOUT_S = 2.0


def _sounddevice():
    try:
        import sounddevice
    except OSError as exc:  # raised at import when libportaudio2 is not installed
        raise MicrophoneUnavailable(
            f"live microphone unavailable: PortAudio is missing ({exc}); "
            "install the libportaudio2 package or use a WAV-file microphone"
        ) from None
    return sounddevice


class SoundDeviceMicrophone:
    """Records from an input device at its own rate and channels; hands out 16 kHz mono."""

    def __init__(self, device: str | int | None = None):
        self.device = int(device) if isinstance(device, str) and device.isdigit() else device
        self._stream = None
        self._chunks: queue.Queue[np.ndarray] = queue.Queue(maxsize=200)
        self._rate = SAMPLE_RATE
        self._channels = 1
        self._clock = 0.0

    def open(self) -> None:
        sd = _sounddevice()
        try:
            info = sd.query_devices(self.device or None, "input")
            self._rate = int(info["default_samplerate"])
            self._channels = min(2, int(info["max_input_channels"])) or 1
            self._stream = sd.InputStream(
                device=self.device or None, samplerate=self._rate, channels=self._channels,
                dtype="float32", callback=self._on_audio,
            )
            self._stream.start()
        except Exception as exc:  # PortAudioError, ValueError: no such device
            raise MicrophoneUnavailable(f"cannot open microphone {self.device!r}: {exc}") from None

    def _on_audio(self, indata, frames, time_info, status) -> None:
        try:
            self._chunks.put_nowait(indata.copy())
        except queue.Full:
            pass  # the reader fell behind: drop audio rather than block the audio thread

    def read(self, seconds: float = 0.25) -> AudioChunk | None:
        if self._stream is None:
            raise MicrophoneError("microphone is not open")
        need = int(seconds * self._rate)
        parts, got = [], 0
        while got < need:
            try:
                block = self._chunks.get(timeout=READ_TIMEOUT_S)
            except queue.Empty:
                raise MicrophoneUnavailable("microphone delivered no audio for 2 s") from None
            parts.append(block)
            got += len(block)
        samples = resample(to_mono(np.concatenate(parts)), self._rate, SAMPLE_RATE)
        chunk = AudioChunk(samples, self._clock)
        self._clock += len(samples) / SAMPLE_RATE
        return chunk

    def close(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def capabilities(self) -> MicrophoneCapabilities:
        return MicrophoneCapabilities(
            f"sounddevice:{self.device or 'default'}", True, self._rate, self._channels
        )
