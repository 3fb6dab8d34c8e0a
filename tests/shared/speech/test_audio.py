"""Audio loading and the quality gate: every bad input gets a clear, named error."""

import io
import wave

import numpy as np
import pytest

from shared.speech.audio import Audio, AudioError, assess, read_wav, write_wav
from tests.voice_fakes import synth_voice


def _wav_bytes(samples: np.ndarray, rate: int, channels: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((samples * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def test_stereo_44k_becomes_16k_mono_with_the_same_pitch():
    t = np.arange(44100) / 44100
    left = 0.5 * np.sin(2 * np.pi * 440 * t)
    stereo = np.column_stack([left, left]).ravel()
    audio = read_wav(_wav_bytes(stereo, 44100, 2))
    assert audio.sample_rate == 16000
    assert abs(len(audio.samples) - 16000) <= 1
    peak_hz = np.argmax(np.abs(np.fft.rfft(audio.samples))) * 16000 / len(audio.samples)
    assert abs(peak_hz - 440) < 3


def test_truncated_wav_names_the_problem(tmp_path):
    data = _wav_bytes(synth_voice(150).samples, 16000, 1)
    path = tmp_path / "cut.wav"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioError, match="truncated") as info:
        read_wav(path)
    assert info.value.code == "truncated"


def test_not_a_wav_and_missing_file(tmp_path):
    (tmp_path / "x.wav").write_text("hello")
    with pytest.raises(AudioError, match="not a PCM WAV"):
        read_wav(tmp_path / "x.wav")
    with pytest.raises(AudioError, match="not found"):
        read_wav(tmp_path / "nope.wav")


def test_round_trip(tmp_path):
    voice = synth_voice(120)
    write_wav(tmp_path / "v.wav", voice)
    assert np.allclose(read_wav(tmp_path / "v.wav").samples, voice.samples, atol=1e-3)


@pytest.mark.parametrize(
    ("audio", "code"),
    [
        (Audio(np.zeros(32000, np.float32)), "too_quiet"),
        (Audio(np.random.default_rng(1).uniform(-0.4, 0.4, 32000).astype(np.float32)),
         "no_speech"),
        (Audio(np.clip(synth_voice(150).samples * 40, -1, 1)), "clipped"),
        (synth_voice(150, seconds=0.2), "too_short"),
        (synth_voice(150, level=0.001), "too_quiet"),
    ],
    ids=["silence", "noise", "clipped", "too_short", "whisper"],
)
def test_gate_refuses_bad_audio(audio, code):
    verdict = assess(audio, min_speech_seconds=0.5)
    assert verdict.code == code
    assert verdict.reason


def test_gate_accepts_speechlike_audio():
    assert assess(synth_voice(150), min_speech_seconds=0.5).ok
