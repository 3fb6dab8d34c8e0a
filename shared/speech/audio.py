"""Audio in the one shape every engine takes: 16 kHz mono float32 in [-1, 1], gated."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
# Quality gate defaults, measured on ../shared/data/speech (LibriSpeech, command clips).
MIN_SPEECH_SECONDS = 0.4
MIN_RMS_DBFS = -45.0  # quieter than this is "too quiet" (LibriSpeech sits at -20 to -30)
CLIP_LEVEL = 0.999
MAX_CLIPPED_FRACTION = 0.01
FRAME_SECONDS = 0.03


class AudioError(ValueError):
    """Audio cannot be used; `code` names why (bad_file, truncated, too_short, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples at `sample_rate`."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate

    def pcm16(self) -> bytes:
        """Return little-endian 16-bit PCM, the format Vosk and PocketSphinx read."""
        clipped = np.clip(self.samples, -1.0, 1.0)
        return (clipped * 32767.0).astype("<i2").tobytes()

    def head(self, seconds: float) -> Audio:
        """Return the first `seconds` of the audio."""
        return Audio(self.samples[: int(round(seconds * self.sample_rate))], self.sample_rate)


def pcm_to_float(raw: bytes, sample_width: int, channels: int) -> np.ndarray:
    """Decode interleaved integer PCM into a (frames, channels) float32 array."""
    if sample_width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif sample_width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif sample_width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        data = ints.astype(np.float32) / float(1 << 23)
    elif sample_width == 4:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float32) / float(1 << 31)
    else:
        raise AudioError("bad_format", f"unsupported sample width: {sample_width} bytes")
    return data.reshape(-1, channels)


def to_mono(frames: np.ndarray) -> np.ndarray:
    """Average the channels of a (frames, channels) array."""
    frames = np.asarray(frames, dtype=np.float32)
    return frames if frames.ndim == 1 else frames.mean(axis=1).astype(np.float32)


def resample(samples: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Resample with a polyphase filter (exact for rational ratios like 44100 -> 16000)."""
    if from_rate == to_rate:
        return np.asarray(samples, dtype=np.float32)
    if from_rate <= 0:
        raise AudioError("bad_format", f"bad sample rate: {from_rate}")
    from scipy.signal import resample_poly

    g = gcd(int(from_rate), int(to_rate))
    out = resample_poly(np.asarray(samples, dtype=np.float32), to_rate // g, from_rate // g)
    return out.astype(np.float32)


def read_wav(source: Path | str | bytes) -> Audio:
    """Read a PCM WAV file (any rate, any channel count) as 16 kHz mono; clear errors."""
    name = "WAV data" if isinstance(source, bytes) else str(source)
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise AudioError("not_found", f"audio file not found: {name}") from None
    except OSError as exc:
        raise AudioError("bad_file", f"cannot open {name}: {exc}") from None
    with handle:
        try:
            with wave.open(handle, "rb") as wav:
                channels, width = wav.getnchannels(), wav.getsampwidth()
                rate, declared = wav.getframerate(), wav.getnframes()
                raw = wav.readframes(declared)
        except (wave.Error, EOFError) as exc:
            raise AudioError(
                "bad_file", f"{name} is not a PCM WAV file we can read ({exc})"
            ) from None
    frame_bytes = channels * width
    got = len(raw) // frame_bytes if frame_bytes else 0
    if got < declared:
        raise AudioError(
            "truncated",
            f"{name} is truncated: its header promises {declared} frames, it holds {got}",
        )
    if got == 0:
        raise AudioError("empty", f"{name} holds no audio")
    frames = pcm_to_float(raw[: got * frame_bytes], width, channels)
    return Audio(resample(to_mono(frames), rate), SAMPLE_RATE)


def write_wav(path: Path | str, audio: Audio) -> None:
    """Write 16-bit mono PCM (for tests and recordings)."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(audio.sample_rate)
        wav.writeframes(audio.pcm16())


def dbfs(samples: np.ndarray) -> float:
    """Return the RMS level in dB relative to full scale (-inf for digital silence)."""
    s = np.asarray(samples, dtype=np.float64)
    rms = float(np.sqrt(np.mean(s * s))) if s.size else 0.0
    return 20.0 * np.log10(rms) if rms > 0 else float("-inf")


def speech_seconds(audio: Audio, floor_dbfs: float = MIN_RMS_DBFS) -> float:
    """Estimate how much of the audio is voiced: 30 ms frames loud and not noise-flat.

    A frame counts as speech when it is within 10 dB of the floor or louder, at least
    6 dB over the quietest tenth of frames (speech has pauses; steady noise does not),
    and its zero-crossing rate is below white noise's 0.5 (fricatives reach about 0.4).
    """
    n = int(FRAME_SECONDS * audio.sample_rate)
    if len(audio.samples) < n:
        return 0.0
    frames = audio.samples[: len(audio.samples) // n * n].reshape(-1, n).astype(np.float64)
    energy = np.sqrt(np.mean(frames * frames, axis=1)) + 1e-12
    level = 20.0 * np.log10(energy)
    noise_floor = np.percentile(level, 10)
    zcr = np.mean(np.abs(np.diff(np.signbit(frames), axis=1)), axis=1)
    voiced = (level > floor_dbfs - 10.0) & (level > noise_floor + 6.0) & (zcr < 0.45)
    return float(voiced.sum() * FRAME_SECONDS)


@dataclass(frozen=True)
class AudioVerdict:
    """The quality gate's answer: `code` is "ok" or why the audio cannot be used."""

    code: str
    reason: str
    speech_seconds: float = 0.0
    level_dbfs: float = float("-inf")

    @property
    def ok(self) -> bool:
        return self.code == "ok"


def assess(
    audio: Audio,
    min_speech_seconds: float = MIN_SPEECH_SECONDS,
    min_dbfs: float = MIN_RMS_DBFS,
    max_clipped: float = MAX_CLIPPED_FRACTION,
) -> AudioVerdict:
    """Gate audio for enrolment and matching: too short, too quiet, clipped, no speech."""
    if audio.seconds < min_speech_seconds:
        return AudioVerdict(
            "too_short", f"{audio.seconds:.2f} s of audio, need {min_speech_seconds:.1f} s"
        )
    level = dbfs(audio.samples)
    if level < min_dbfs:
        return AudioVerdict(
            "too_quiet", f"level {level:.0f} dBFS, below {min_dbfs:.0f} dBFS", 0.0, level
        )
    clipped = float(np.mean(np.abs(audio.samples) >= CLIP_LEVEL))
    if clipped > max_clipped:
        return AudioVerdict(
            "clipped", f"{clipped:.1%} of samples at full scale: speak further from the "
            "microphone", 0.0, level,
        )
    voiced = speech_seconds(audio, min_dbfs)
    if voiced < min_speech_seconds:
        return AudioVerdict(
            "no_speech", f"{voiced:.2f} s of speech found, need {min_speech_seconds:.1f} s",
            voiced, level,
        )
    return AudioVerdict("ok", f"{voiced:.1f} s of speech at {level:.0f} dBFS", voiced, level)


def require_speech(audio: Audio, **limits: float) -> AudioVerdict:
    """Return the gate's verdict, raising AudioError with its code when it is not ok."""
    verdict = assess(audio, **limits)
    if not verdict.ok:
        raise AudioError(verdict.code, verdict.reason)
    return verdict
