"""Resemblyzer on the shared LibriSpeech readers: the configured threshold and its figures."""

import pytest

from shared.biometrics.voice.engines import create_speaker_engine
from shared.biometrics.voice.enrolment import AudioLimits
from shared.evaluation.voice import calibrate_threshold, run_eval

pytestmark = [pytest.mark.models, pytest.mark.data]


@pytest.fixture(scope="module")
def engine(base_settings):
    return create_speaker_engine(base_settings, threads=1)


def test_configured_threshold_is_the_enrolment_only_calibration(base_settings, shared_data_dir,
                                                                  engine):
    result = calibrate_threshold(shared_data_dir / "speech", engine, 3, 3.0,
                                 AudioLimits.from_settings(base_settings))
    # config/calibration/voice.toml must be what `voice calibrate --write` gives today.
    assert result["threshold"] == pytest.approx(base_settings.voice.speaker_threshold, abs=2e-4)


def test_eval_figures_at_the_configured_threshold(base_settings, shared_data_dir, engine):
    result = run_eval(shared_data_dir / "speech", base_settings, engine)
    assert result["mated_probes"] == 49 and result["nonmated_probes"] == 61
    assert result["rank1"] == 1.0
    assert result["eer"] <= 0.01 and result["fnir"] <= 0.03
    # The FPIR target (<= 1%) is not met: impostor 1183 sits closer to reader 367 than
    # some of 367's own probes (docs/BENCHMARKS.md). Pin today's count so a change shows.
    assert result["false_matches"] <= 2
    assert result["closest_nonmated"][0][:2] == ["1183-124566-0000.wav", "librispeech-367"]
