"""The watcher with the real dlib engine over a short replay of real photos."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.models, pytest.mark.data]


def test_watcher_recognises_real_people_crossing_the_door(shared_data_dir):
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from smartbranch.benchmarks.faces_pipeline import build_scenario, run_ours

    engine = DlibFaceEngine()
    gallery, probes, expected = build_scenario(shared_data_dir / "faces", 3, 1, engine)
    result = run_ours(probes, expected, gallery, engine, threshold=0.6, margin=0.0)
    assert result["people_counted"] == 4
    assert result["recall"] == 1.0
    assert result["stats"]["encodes"] <= 4 * 3
    assert result["core_s_per_camera_s"] < 0.5
