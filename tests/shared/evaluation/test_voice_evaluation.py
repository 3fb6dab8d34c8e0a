"""`voice calibrate`: the threshold comes from enrolment recordings only."""

import tomllib

import numpy as np
import pytest

from shared.biometrics.voice.enrolment import AudioLimits
from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.evaluation.voice import calibrate_threshold, equal_error_rate, toml_block
from shared.settings import VoiceSettings
from shared.speech.audio import write_wav
from tests.voice_fakes import synth_voice

LIMITS = AudioLimits(min_speech_seconds=0.5)


def speech_dataset(root, pitches=(110, 170, 240), files=5):
    for s, f0 in enumerate(pitches):
        folder = root / f"spk{s}"
        folder.mkdir()
        for i in range(files):
            write_wav(folder / f"{i}.wav", synth_voice(f0, seconds=2.0, seed=10 * s + i))
    (root / "_impostors").mkdir()
    write_wav(root / "_impostors" / "x.wav", synth_voice(330, seed=99))
    return root


def test_calibration_never_reads_probes_or_impostors(tmp_path):
    root = speech_dataset(tmp_path)
    for path in [*root.glob("spk*/3.wav"), *root.glob("spk*/4.wav"), root / "_impostors/x.wav"]:
        path.write_bytes(b"not a wav")  # reading any of these would raise
    result = calibrate_threshold(root, FakeSpeakerEngine(), 3, 1.5, LIMITS)
    assert result["speakers"] == 3
    assert result["genuine_trials"] == 9 and result["impostor_trials"] == 18
    assert result["genuine_max"] < result["threshold"] < result["impostor_min"]
    assert result["rule"] == "middle of the gap"


def test_calibration_needs_two_speakers(tmp_path):
    root = speech_dataset(tmp_path, pitches=(110,))
    with pytest.raises(ValueError, match="two or more speakers"):
        calibrate_threshold(root, FakeSpeakerEngine(), 3, 1.5, LIMITS)


def test_toml_block_is_settings_with_provenance(tmp_path):
    result = calibrate_threshold(speech_dataset(tmp_path), FakeSpeakerEngine(), 3, 1.5, LIMITS)
    voice = tomllib.loads(toml_block(result))["voice"]
    assert voice["speaker_threshold"] == result["threshold"]
    assert "fake-spectrum-v1" in voice["speaker_calibrated_on"]
    assert "speech-weighted" in voice["speaker_calibrated_on"]
    assert VoiceSettings.model_validate(voice).speaker_threshold == result["threshold"]


def test_equal_error_rate_on_overlapping_scores():
    eer, threshold = equal_error_rate(np.array([0.1, 0.2, 0.6]), np.array([0.5, 0.8, 0.9]))
    assert eer == pytest.approx(1 / 3) and 0.5 <= threshold <= 0.6
