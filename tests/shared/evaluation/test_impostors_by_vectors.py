"""Impostor models per number of vectors behind a template: fitted on synthetic encodings,
written by `faces calibrate`, read back, and used by `faces eval` on a mixed gallery."""

import tomllib

import numpy as np

from shared.biometrics.face.fake_engine import FakeFaceEngine
from shared.biometrics.face.threshold_model import GalleryThreshold, models_by_vectors
from shared.evaluation import impostors_by_vectors
from shared.evaluation.face import run_eval
from shared.evaluation.face_bank import FaceBank
from shared.evaluation.face_calibration import run_calibration, toml_block
from shared.evaluation.face_encoding import EncodedPhoto
from shared.evaluation.impostors_by_vectors import count_templates, fit_by_vectors
from shared.settings.sections import FaceImpostorSettings, FaceSettings


def synthetic_bank(full=30, few=10, seed=5) -> FaceBank:
    """Faces share a common direction (as real embeddings do), and each photo adds much
    noise to its person's own; `full` identities have 6 photos, `few` only 3."""
    rng = np.random.default_rng(seed)
    common = 2 * rng.normal(size=128)

    def photo(name: str, centre) -> EncodedPhoto:
        vector = common + centre + 2.5 * rng.normal(size=128)
        return EncodedPhoto(name, "ok", "", 0.5, vector, vector)

    bank = FaceBank({}, {}, [], 0.0)
    for i in range(full + few):
        centre = rng.normal(size=128)
        name = f"p{i:02d}"
        bank.probes[name] = [photo(f"{name}/{j}", centre) for j in range(6 if i < full else 3)]
        bank.enrol[name] = bank.probes[name][:5]
    bank.strangers = [photo(f"s{j}", rng.normal(size=128)) for j in range(60)]
    return bank


def test_templates_of_more_vectors_lie_nearer_to_everyone():
    bank = synthetic_bank(full=40, few=0)
    names, strangers = bank.half("all")
    fits = fit_by_vectors(bank, names, strangers, 0.0, "plain", (1, 2, 3, 4, 5))
    means = [fits[k].photo.tail_mean for k in (1, 2, 3, 4, 5)]
    assert means == sorted(means, reverse=True) and means[0] - means[-1] > 0.05
    # Probes: the photos not enrolled at k and the strangers, against everyone else.
    for k, fit in fits.items():
        assert fit.photo.comparisons == (40 * (6 - k) + 60) * 40 - 40 * (6 - k)
    assert fits[1].visit is not None and fits[1].visits == 40  # photos 2-4 of each
    assert fits[4].visit is None and fits[4].visits == 0  # two photos left: no visit


def test_counts_with_too_few_identities_are_skipped_unless_asked_for(monkeypatch):
    bank = synthetic_bank()
    names, strangers = bank.half("all")
    monkeypatch.setattr(impostors_by_vectors, "MIN_TEMPLATES", 35)
    fits = fit_by_vectors(bank, names, strangers, 0.0, "plain", (1, 2, 3, 4, 5), always=5)
    # 4 and 5 have 30 identities each, under the minimum; 5 is fitted all the same.
    assert sorted(fits) == [1, 2, 3, 5]
    assert [fits[k].templates for k in (1, 2, 3, 5)] == [40, 40, 40, 30]
    # The sixth photos and the strangers, against every other identity's template.
    assert fits[5].photo.comparisons == (30 + 60) * 30 - 30


def test_count_templates_take_the_first_k_of_those_who_have_k():
    accepted = [[np.eye(4)[0]] * 2, [np.eye(4)[1]] * 3, []]
    rows, owners = count_templates(accepted, 3)
    assert owners.tolist() == [1] and np.allclose(rows, [np.eye(4)[1]])
    assert count_templates(accepted, 4)[0].shape[0] == 0


def test_calibrate_writes_every_count_and_the_settings_read_them(dataset, monkeypatch):
    monkeypatch.setattr(impostors_by_vectors, "MIN_TEMPLATES", 2)
    result = run_calibration(dataset, 0.01, engine_factory=FakeFaceEngine, processes=1,
                             progress=None, model_version="fake-v1", probe_kind="plain")
    assert result["impostor_vectors"] == 3
    assert result["impostors"] == result["by_vectors"]["3"]["impostors"]
    block = toml_block(result)
    assert "[biometrics.face.impostors_by_vectors.2]" in block
    assert "[biometrics.face.impostors_by_vectors.1]" not in block  # one photo takes the 2 model
    assert "[biometrics.face.impostors_by_vectors.3]" not in block  # the main model
    face = FaceSettings(**tomllib.loads(block)["biometrics"]["face"])
    models = models_by_vectors(face)
    assert sorted(models) == sorted(int(k) for k in result["by_vectors"])
    for k, fit in result["by_vectors"].items():
        assert models[int(k)].tail_mean == fit["impostors"]["tail_mean"]


def _imp(mean):
    return FaceImpostorSettings(comparisons=100_000, tail_mean=mean, tail_sd=0.1)


def test_eval_of_a_mixed_gallery_uses_each_count_model(dataset, settings):
    face = settings.biometrics.face.model_copy(update={
        "impostors": _imp(0.9), "impostor_vectors": 3, "margin": 0.0,
        "impostors_by_vectors": {1: _imp(1.0)}, "max_threshold": 2.0})
    tuned = settings.model_copy(update={"biometrics": settings.biometrics.model_copy(
        update={"face": face})})
    result = run_eval(dataset, tuned, enrol_n=(1, 3), engine_factory=FakeFaceEngine,
                      processes=1, progress=None, jitters=1)
    rule = result["threshold_rule"]
    # In name order: person_01 enrols one photo, person_02 three, and so on.
    assert rule["templates_by_vectors"] == {"1": 5, "3": 5}
    follows = GalleryThreshold.from_settings(face)
    assert result["threshold"] == follows.for_composition({1: 5, 3: 5})
    assert follows.for_size(10) < result["threshold"] < follows.for_composition({1: 10})
    assert rule["bounded_fpir"] <= face.target_fpir
    assert result["mated_probes"] == 5 * 3 + 1 + 5 * 1  # person_01's broken file too
