"""The gallery-size threshold model, on synthetic impostor distances with a known law."""

import logging
import math
import tomllib
from statistics import NormalDist

import numpy as np
import pytest

from shared.biometrics.face.threshold_model import (
    GalleryThreshold,
    ImpostorModel,
    clopper_pearson_upper,
    model_from_settings,
)
from shared.evaluation.impostor_fit import fit_impostors, measured_fpir, model_toml
from shared.settings.sections import FaceSettings

TRUE = NormalDist(0.8, 0.07)  # the synthetic impostor distance law


def synthetic(probes=600, templates=100, seed=3):
    return np.random.default_rng(seed).normal(TRUE.mean, TRUE.stdev, (probes, templates))


def true_fpir(t, n):
    return 1 - (1 - TRUE.cdf(t)) ** n


@pytest.mark.parametrize(("k", "n", "expected"), [
    (1, 100, 0.046560),  # scipy.stats.beta.ppf(0.95, 2, 99)
    (0, 100_000, 2.9957e-5),  # beta.ppf(0.95, 1, 100000): about 3/n
    (5, 1000, 0.010484),  # beta.ppf(0.95, 6, 995)
])
def test_clopper_pearson_matches_the_beta_quantile(k, n, expected):
    assert clopper_pearson_upper(k, n, 0.95) == pytest.approx(expected, rel=1e-3)


def test_fitted_tail_recovers_the_law():
    model = fit_impostors(synthetic(), bootstraps=50)
    assert model.comparisons == 60_000
    assert model.tail_mean == pytest.approx(TRUE.mean, abs=0.02)
    assert model.tail_sd == pytest.approx(TRUE.stdev, abs=0.01)
    assert list(model.lowest) == sorted(model.lowest) and len(model.lowest) == 100


@pytest.mark.parametrize("gallery", [10, 100, 1_000, 10_000])
def test_threshold_holds_the_target_without_wasting_it(gallery):
    model = fit_impostors(synthetic(), bootstraps=100)
    t = model.threshold(gallery, 0.003, 0.95)
    # The bound holds the true FPIR under the target, and is not absurdly cautious.
    assert 0.0003 < true_fpir(t, gallery) <= 0.003
    assert model.fpir_upper(t, gallery, 0.95) <= 0.003


def test_threshold_falls_as_the_gallery_grows_and_with_more_confidence():
    model = fit_impostors(synthetic(), bootstraps=50)
    sizes = [10, 100, 1_000, 10_000, 100_000]
    ts = [model.threshold(n, 0.003, 0.95) for n in sizes]
    assert ts == sorted(ts, reverse=True) and ts[0] > ts[-1] + 0.05
    assert model.threshold(1_000, 0.003, 0.99) < model.threshold(1_000, 0.003, 0.8)


def test_observed_impostors_cap_the_threshold_where_the_tail_is_too_kind():
    # A tail fitted far away, but five impostor comparisons of 1,000 seen at 0.30: the
    # threshold for 100 templates must stay below them (their bound exceeds the target).
    model = ImpostorModel(1_000, (0.30,) * 5 + (0.9,) * 95, 1.5, 0.05)
    assert model.threshold(100, 0.003, 0.95) < 0.30
    assert model.empirical_upper(0.30, 0.95) == pytest.approx(clopper_pearson_upper(5, 1000))
    # Fewer than EMPIRICAL_MIN counts leave the bound to the fitted tail.
    lone = ImpostorModel(1_000, (0.30,) + (0.9,) * 99, 1.5, 0.05)
    assert lone.empirical_upper(0.30, 0.95) == 0.0


def test_measured_fpir_counts_probes_not_comparisons():
    d = np.array([[0.2, 0.25, np.nan], [0.9, 0.8, 0.7]])
    assert measured_fpir(d, 0.3) == 0.5


def test_settings_round_trip_and_fixed_fallback():
    model = fit_impostors(synthetic(200, 50), bootstraps=20)
    block = "\n".join(["[biometrics.face]", "threshold = 0.33", *model_toml(model)])
    face = FaceSettings(**tomllib.loads(block)["biometrics"]["face"])
    again = model_from_settings(face)
    assert again.threshold(500, 0.003, 0.95) == pytest.approx(
        model.threshold(500, 0.003, 0.95), abs=2e-4)
    assert model_from_settings(FaceSettings(threshold=0.4)) is None
    assert GalleryThreshold.from_settings(FaceSettings(threshold=0.4)).for_size(10_000) == 0.4


def test_gallery_threshold_logs_each_change_and_respects_the_ceiling(caplog):
    model = fit_impostors(synthetic(), bootstraps=20)
    follows = GalleryThreshold(model, 0.003, 0.95, fixed=0.5, ceiling=0.55)
    with caplog.at_level(logging.INFO, "shared.biometrics.face.threshold_model"):
        small, large = follows.for_size(1), follows.for_size(5_000)
        follows.for_size(5_000)
    assert small == 0.55 and large < small
    assert sum("face threshold" in r.message for r in caplog.records) == 2
    assert follows.for_gallery([0] * 5_000) == large
    assert math.isclose(large, model.threshold(5_000, 0.003, 0.95))
