"""Microphones: WAV source, simulator faults, and a live input that fails clearly."""

import io
import wave

import numpy as np
import pytest

from hardware.microphone.base import MicrophoneError, MicrophoneUnavailable, record
from hardware.microphone.simulator import MicFault, MicrophoneSimulator
from hardware.microphone.sounddevice_microphone import SoundDeviceMicrophone
from hardware.microphone.wav_source import WavFileMicrophone
from shared.speech.audio import Audio, assess
from tests.voice_fakes import synth_voice, write_stereo_wav


def test_wav_microphone_plays_a_stereo_44k_file_as_16k_mono(tmp_path):
    t = np.arange(44100 * 2) / 44100
    tone = (0.3 * np.sin(2 * np.pi * 300 * t) * 32767).astype("<i2")
    path = write_stereo_wav(tmp_path / "stereo.wav", tone)
    mic = WavFileMicrophone(path)
    mic.open()
    samples = record(mic, 10.0)
    assert abs(len(samples) - 32000) <= 2
    assert mic.read() is None


def test_wav_microphone_truncated_file(tmp_path):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"\x00\x01" * 16000)
    (tmp_path / "t.wav").write_bytes(buf.getvalue()[:1000])
    with pytest.raises(MicrophoneError, match="truncated"):
        WavFileMicrophone(tmp_path / "t.wav").open()


def test_simulator_plays_speech_then_room_tone():
    mic = MicrophoneSimulator()
    mic.say(synth_voice(150, seconds=1.0).samples)
    mic.open()
    audio = Audio(record(mic, 1.5))
    assert assess(audio, min_speech_seconds=0.3).ok


@pytest.mark.parametrize(("fault", "code"), [
    (MicFault.SILENCE, "too_quiet"), (MicFault.NOISE, "no_speech"),
    (MicFault.CLIPPING, "clipped"),
])
def test_simulator_faults_are_caught_by_the_gate(fault, code):
    mic = MicrophoneSimulator()
    mic.say(synth_voice(150, seconds=1.5).samples)
    mic.open()
    mic.inject(fault)
    assert assess(Audio(record(mic, 1.5)), min_speech_seconds=0.3).code == code


def test_simulator_drop():
    mic = MicrophoneSimulator()
    mic.open()
    mic.inject(MicFault.DROP)
    with pytest.raises(MicrophoneUnavailable):
        mic.read()


def test_live_microphone_fails_with_a_clear_message_not_at_import():
    mic = SoundDeviceMicrophone()
    try:
        mic.open()
    except MicrophoneUnavailable as exc:
        assert "PortAudio" in str(exc) or "microphone" in str(exc)
    else:  # a machine with a working input device
        mic.close()
