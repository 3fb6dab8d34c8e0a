"""`smartbranch voice`: clear errors for bad input; eval prints one JSON object."""

import json

import numpy as np
from click.testing import CliRunner

from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.evaluation.voice import run_eval
from shared.speech.audio import Audio, write_wav
from smartbranch.cli import main
from tests.voice_fakes import synth_voice


def run(*args, env=None):
    return CliRunner().invoke(main, ["--profile", "testing", "voice", *args], env=env or {})


def test_transcribe_refuses_silence_and_bad_files(tmp_path):
    write_wav(tmp_path / "silence.wav", Audio(np.zeros(16000, np.float32)))
    result = run("transcribe", str(tmp_path / "silence.wav"))
    assert result.exit_code == 2 and "too_quiet" in result.output
    (tmp_path / "bad.wav").write_bytes(b"RIFF....WAVEjunk")
    result = run("transcribe", str(tmp_path / "bad.wav"))
    assert result.exit_code == 2 and "not a PCM WAV" in result.output
    result = run("transcribe", str(tmp_path / "missing.wav"))
    assert result.exit_code == 2 and "not found" in result.output


def test_transcribe_names_the_missing_model_setting(tmp_path):
    write_wav(tmp_path / "v.wav", synth_voice(150))
    result = run("transcribe", "--engine", "vosk", str(tmp_path / "v.wav"),
                 env={"SMARTBRANCH_VOICE_VOSK_MODEL_DIR": str(tmp_path / "no-model")})
    assert result.exit_code == 2
    assert "voice.vosk_model_dir" in result.output


def test_eval_through_real_enrolment_with_a_fake_engine(tmp_path, base_settings):
    for s, f0 in enumerate((110, 170, 240)):
        folder = tmp_path / f"spk{s}"
        folder.mkdir()
        for i in range(5):
            write_wav(folder / f"{i}.wav", synth_voice(f0, seconds=2.0, seed=10 * s + i))
    (tmp_path / "_impostors").mkdir()
    write_wav(tmp_path / "_impostors" / "x.wav", synth_voice(330, seed=99))
    settings = base_settings.model_copy(update={"voice": base_settings.voice.model_copy(
        update={"speaker_threshold": 0.3, "min_speech_seconds": 0.5})})
    result = run_eval(tmp_path, settings, FakeSpeakerEngine(), enrol_n=3, probe_seconds=1.5)
    json.dumps(result)
    assert result["speakers"] == 3 and result["mated_probes"] == 6
    assert result["nonmated_probes"] == 7  # 1 impostor + 6 leave-one-out searches
    assert result["fnir"] == 0.0 and result["fpir"] == 0.0 and result["eer"] == 0.0
    for key in ("threshold", "rtf", "eer", "fnir", "fpir"):
        assert key in result


def test_voice_help_lists_the_commands():
    result = CliRunner().invoke(main, ["voice", "--help"])
    for name in ("transcribe", "enrol", "eval", "calibrate"):
        assert name in result.output
