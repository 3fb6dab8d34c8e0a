"""`faces eval` and `faces calibrate` logic on a synthetic dataset with the fake engine."""

import numpy as np
import pytest

from shared.biometrics.face.fake_engine import FakeFaceEngine
from shared.biometrics.face.threshold_model import ImpostorModel, model_from_settings
from shared.evaluation.face import run_eval
from shared.evaluation.face_calibration import run_calibration, toml_block
from shared.evaluation.face_dataset import discover, split
from shared.settings.sections import FaceImpostorSettings, FaceSettings


def with_threshold(settings, threshold, margin=0.0):
    """Settings with a fixed threshold: no calibrated impostor model."""
    none = FaceImpostorSettings()
    face = settings.biometrics.face.model_copy(update={
        "threshold": threshold, "margin": margin, "impostors": none, "visit_impostors": none})
    bio = settings.biometrics.model_copy(update={"face": face})
    return settings.model_copy(update={"biometrics": bio})


def test_discover_ignores_underscore_folders_and_sorts(dataset):
    data = discover(dataset)
    assert len(data.identities) == 10 and len(data.strangers) == 12
    assert [p.name for p in data.identities["person_01"]][:2] == ["01.png", "02.png"]
    cal, hold = split(data, "calibration"), split(data, "holdout")
    assert set(cal.identities).isdisjoint(hold.identities)
    assert len(cal.identities) + len(hold.identities) == 10
    assert {p.name for p in cal.strangers}.isdisjoint({p.name for p in hold.strangers})


def test_eval_enrols_through_services_and_scores_open_set(dataset, settings):
    result = run_eval(dataset, with_threshold(settings, 0.3), enrol_n=2,
                      engine_factory=FakeFaceEngine, processes=1, progress=None, jitters=1)
    assert result["identities"] == 10 and result["enrolled"] == 10
    # person_01 has a broken file sorted first, so it enrols from one good photo.
    assert result["mated_probes"] == 10 * 2 + 1
    assert result["nonmated_probes"] == 12
    assert result["rank1"] == 1.0
    assert result["fpir"] == 0.0
    assert result["fnir"] == pytest.approx(1 / 21, abs=1e-3)  # the broken probe photo
    assert result["threshold"] == 0.3
    for key in ("seconds", "fnir_at_fpir", "baseline", "failures_to_enrol"):
        assert key in result
    assert result["threshold_rule"]["rule"].startswith("fixed")
    assert result["per_visit"]["visits"] == 0  # two probe photos each: no visit of three
    too_loose = run_eval(dataset, with_threshold(settings, 1.99), engine_factory=FakeFaceEngine,
                         processes=1, progress=None, jitters=1)
    assert too_loose["fpir"] == 1.0


def test_calibration_separates_fake_identities(dataset):
    result = run_calibration(dataset, 0.01, engine_factory=FakeFaceEngine, processes=1,
                             progress=None, model_version="fake-v1", probe_kind="plain")
    assert 0.1 < result["threshold"] < 1.4
    assert result["calibration_fnir"] == 0.0
    assert "calibration" in result["calibrated_on"]
    block = toml_block(result)
    assert "[biometrics.face]" in block and f"threshold = {result['threshold']}" in block
    import tomllib

    parsed = tomllib.loads(block)["biometrics"]["face"]
    assert np.isclose(parsed["threshold"], result["threshold"])


def test_eval_threshold_follows_the_gallery_with_a_calibrated_model(dataset, settings):
    model = ImpostorModel(100_000, (), tail_mean=0.9, tail_sd=0.1)
    imp = FaceImpostorSettings(comparisons=model.comparisons, tail_mean=0.9, tail_sd=0.1)
    face = settings.biometrics.face.model_copy(update={
        "impostors": imp, "margin": 0.0, "impostors_by_vectors": {}})
    tuned = settings.model_copy(update={"biometrics": settings.biometrics.model_copy(
        update={"face": face})})
    result = run_eval(dataset, tuned, enrol_n=2, engine_factory=FakeFaceEngine, processes=1,
                      progress=None, jitters=1)
    expected = model.threshold(10, face.target_fpir, face.confidence)
    assert result["threshold"] == pytest.approx(min(expected, face.max_threshold))
    assert result["threshold_rule"]["gallery_size"] == 10
    assert result["threshold_rule"]["bounded_fpir"] <= face.target_fpir


def test_calibration_fits_the_model_and_writes_it(dataset):
    result = run_calibration(dataset, 0.01, engine_factory=FakeFaceEngine, processes=1,
                             progress=None, model_version="fake-v1", probe_kind="plain")
    import tomllib

    face = FaceSettings(**tomllib.loads(toml_block(result))["biometrics"]["face"])
    model = model_from_settings(face)
    assert model.comparisons == result["impostors"]["comparisons"] > 0
    # Too few visits of three photos in this tiny set: the door keeps the fixed threshold.
    assert result["visit_impostors"] is None and model_from_settings(face, True) is None
    sizes = result["thresholds_by_gallery"]
    assert sizes["10"]["photo"] > sizes["10000"]["photo"]
