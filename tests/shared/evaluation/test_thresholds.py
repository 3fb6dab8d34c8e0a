import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.evaluation.thresholds import (
    apply_margin,
    fnir_at,
    fnir_at_fpir,
    fpir_at,
    fpir_for_gallery,
    threshold_for_fpir,
)


@given(
    st.lists(st.floats(0.05, 1.5), min_size=1, max_size=400),
    st.sampled_from([0.001, 0.003, 0.01, 0.1, 0.5]),
)
def test_threshold_never_exceeds_target_fpir(scores, target):
    nonmated = np.array(scores)
    assert fpir_at(nonmated, threshold_for_fpir(nonmated, target)) <= target + 1e-12


def test_threshold_sits_between_allowed_and_refused_scores():
    nonmated = np.linspace(0.30, 1.29, 100)  # 0.30, 0.31, ...
    t = threshold_for_fpir(nonmated, 0.02)  # two false matches allowed
    assert 0.31 < t < 0.32
    assert fpir_at(nonmated, t) == 0.02


def test_infinite_scores_count_as_refusals():
    nonmated = np.array([0.2, np.inf, np.inf, np.inf])
    assert fpir_at(nonmated, 10) == 0.25
    assert fnir_at(np.array([0.1, np.inf]), 1.0) == 0.5


def test_fnir_at_fpir_reports_each_rate():
    rng = np.random.default_rng(1)
    mated = rng.normal(0.35, 0.05, 1000)
    nonmated = rng.normal(0.6, 0.05, 3000)
    out = fnir_at_fpir(mated, nonmated, (0.001, 0.01))
    assert set(out) == {"0.001", "0.01"}
    assert out["0.001"]["fnir"] >= out["0.01"]["fnir"]
    assert out["0.01"]["fpir"] <= 0.01


def test_fpir_scales_with_gallery_size():
    assert fpir_for_gallery(0.003, 100, 100) == pytest.approx(0.003)
    assert fpir_for_gallery(0.003, 50, 100) == pytest.approx(0.0015, rel=0.01)


def test_margin_refuses_close_seconds():
    out = apply_margin(np.array([0.3, 0.3]), np.array([0.32, 0.5]), 0.05)
    assert np.isinf(out[0]) and out[1] == 0.3
