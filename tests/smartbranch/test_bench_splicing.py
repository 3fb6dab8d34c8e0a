"""`bench voice --part splicing`: its figures on the shared data, beside the naive baseline."""

import pytest

from smartbranch.benchmarks.splicing import splicing_figures
from tests.speech import espeak_writer

pytestmark = pytest.mark.data


def test_the_one_take_check_keeps_false_rejects_low_and_beats_the_baseline(
        shared_data_dir, tmp_path):
    espeak_writer(tmp_path)  # skips (or fails under CI) without espeak-ng
    figures = splicing_figures(shared_data_dir / "speech")
    assert figures["false_reject"]["calibration"]["count"] == 0  # how thresholds were set
    assert figures["false_reject"]["held_out"]["rate"] <= 0.02, figures["false_reject"]
    assert figures["false_reject"]["unseen_readers"]["rate"] <= 0.02, figures["false_reject"]
    # Every digitally joined splice with silence between the words shows dead air.
    silence = figures["detection"]["words_silence_gaps"]
    assert silence["by_reason"]["dead_air"] == silence["of"]
    assert figures["detection_all"] > 2 * figures["baseline"]["detection_all"], figures
