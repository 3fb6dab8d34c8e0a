"""The threshold for a gallery of templates made of different numbers of vectors, on
synthetic impostor distances whose law moves nearer as more vectors are averaged."""

import logging
import tomllib
from statistics import NormalDist

import numpy as np
import pytest

from shared.biometrics.face.threshold_model import (
    GalleryThreshold,
    mixed_fpir_upper,
    models_by_vectors,
)
from shared.biometrics.gallery import GalleryIndex, unit_rows
from shared.evaluation.impostor_fit import fit_impostors, model_toml
from shared.settings.sections import FaceSettings

TARGET, CONFIDENCE = 0.003, 0.95


def law(k: int) -> NormalDist:
    """Impostor distances to a template of k vectors: a mean of more lies nearer."""
    return NormalDist(0.8 - 0.03 * (k - 1), 0.07)


@pytest.fixture(scope="module")
def models():
    rng = np.random.default_rng(16)
    return {k: fit_impostors(rng.normal(law(k).mean, law(k).stdev, (600, 100)), bootstraps=20)
            for k in (1, 2, 3, 4)}


def follows(models, vectors=3, **kw):
    return GalleryThreshold(models[vectors], TARGET, CONFIDENCE, fixed=0.5, vectors=vectors,
                            by_vectors=models, **kw)


def true_fpir(t, composition):
    keep = np.prod([(1 - law(k).cdf(t)) ** n for k, n in composition.items()])
    return 1 - keep


def test_one_count_is_that_count_model_and_size_assumes_the_default(models):
    chooser = follows(models)
    for k, model in models.items():
        assert chooser.for_composition({k: 200}) == model.threshold(200, TARGET, CONFIDENCE)
    assert chooser.for_size(200) == models[3].threshold(200, TARGET, CONFIDENCE)
    # More vectors behind every template: a lower threshold for the same size.
    pure = [chooser.for_composition({k: 200}) for k in sorted(models)]
    assert pure == sorted(pure, reverse=True) and pure[0] - pure[-1] > 0.05


def test_a_mixed_gallery_gets_the_largest_t_its_bounded_fpir_allows(models):
    chooser = follows(models)
    mix = {1: 120, 4: 80}
    t = chooser.for_composition(mix)
    assert chooser.for_composition({4: 200}) < t < chooser.for_composition({1: 200})
    assert chooser.fpir_upper(t, mix) <= TARGET < chooser.fpir_upper(t + 0.0002, mix)
    parts = [(models[1], 120), (models[4], 80)]
    assert mixed_fpir_upper(parts, t, CONFIDENCE) == pytest.approx(chooser.fpir_upper(t, mix))
    # Checked against the laws themselves: the bound holds the true FPIR under the target,
    # and the 4-vector customers are what a 3-photo calibration would have missed.
    assert true_fpir(t, mix) <= TARGET
    assert true_fpir(chooser.for_size(200), mix) > true_fpir(t, mix)


def test_counts_without_a_model_borrow_the_nearest_safe_one(models):
    some = {2: models[2], 4: models[4]}
    chooser = GalleryThreshold(models[2], TARGET, CONFIDENCE, fixed=0.5, vectors=2,
                               by_vectors=some)
    assert [chooser.count_for(k) for k in (1, 2, 3, 4, 7)] == [2, 2, 2, 4, 4]
    assert chooser.parts({1: 5, 3: 7, 4: 1, 9: 2, 6: 0}) == ((2, 12), (4, 3))
    assert chooser.for_composition({1: 10, 3: 90}) == chooser.for_composition({2: 100})


def test_a_change_of_make_up_is_logged_once_and_an_empty_gallery_is_a_gallery_of_one(
        models, caplog):
    chooser = follows(models)
    with caplog.at_level(logging.INFO, "shared.biometrics.face.threshold_model"):
        chooser.for_composition({2: 10, 4: 5})
        chooser.for_composition({4: 5, 2: 10})
        chooser.for_composition({2: 9, 4: 6})
        empty = chooser.for_composition({})
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3
    assert "gallery of 15 (templates by vectors: 2: 10, 4+: 5)" in messages[0]
    assert empty == chooser.for_composition({3: 1})


def test_a_gallery_index_is_judged_by_its_composition(models):
    chooser = follows(models)
    rng = np.random.default_rng(1)
    gallery = GalleryIndex()
    for customer in range(60):
        gallery.add(customer, unit_rows(rng.normal(size=128)), 1 if customer < 30 else 4)
    assert chooser.for_gallery(gallery) == chooser.for_composition({1: 30, 4: 30})
    # A customer's learned frames join their template: the threshold tightens.
    before = chooser.for_gallery(gallery)
    for customer in range(10):
        gallery.replace_customer(customer, gallery.rows_of(customer), 4)
    assert chooser.for_gallery(gallery) < before
    assert chooser.for_gallery([0] * 60) == chooser.for_size(60)  # a plain sequence: size


def test_settings_with_one_model_behave_as_before_and_more_round_trip(models):
    one = "\n".join(["[biometrics.face]", "threshold = 0.33", *model_toml(models[3])])
    face = FaceSettings(**tomllib.loads(one)["biometrics"]["face"])
    legacy = GalleryThreshold.from_settings(face)
    assert list(legacy.models) == [3]
    assert legacy.for_composition({1: 40, 5: 60}) == models[3].threshold(100, 0.003, 0.95)
    more = "\n".join(["[biometrics.face]", "threshold = 0.33", "impostor_vectors = 3",
                      *model_toml(models[3]), *model_toml(models[1], "impostors_by_vectors.1"),
                      *model_toml(models[4], "impostors_by_vectors.4")])
    face = FaceSettings(**tomllib.loads(more)["biometrics"]["face"])
    assert sorted(models_by_vectors(face)) == [1, 3, 4]
    assert models_by_vectors(face, per_visit=True) == {}  # no door model: fixed at the door
    chooser = GalleryThreshold.from_settings(face)
    assert chooser.for_composition({4: 100}) == pytest.approx(
        models[4].threshold(100, 0.003, 0.95), abs=2e-4)
    assert GalleryThreshold.from_settings(FaceSettings(threshold=0.4)).for_composition(
        {1: 10}) == 0.4
