"""Per-visit scoring: a person's frames decided together, and searched without them."""

import numpy as np
import pytest

from shared.evaluation.face_visits import score_visits, visit_distances, visits


def unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


TEMPLATES = np.stack([unit([1, 0, 0, 0]), unit([0, 1, 0, 0]), unit([0, 0, 1, 0])])
OWNERS = np.array([10, 20, 30])


def test_visits_are_disjoint_groups_in_order():
    frames = [np.full(4, i, dtype=np.float32) for i in range(7)]
    groups = visits(frames, 3)
    assert [g[:, 0].tolist() for g in groups] == [[0, 1, 2], [3, 4, 5]]


def test_rules_differ_as_documented():
    frames = np.stack([unit([1, 0.2, 0, 0]), unit([1, -0.2, 0, 0]), unit([0.2, 1, 0, 0])])
    mean_enc = visit_distances(frames, TEMPLATES, "mean_encoding")
    nearest = visit_distances(frames, TEMPLATES, "min_distance")
    average = visit_distances(frames, TEMPLATES, "mean_distance")
    assert np.argmin(mean_enc) == 0 and np.argmin(nearest) == 0
    assert np.all(nearest <= average + 1e-6)
    assert nearest[1] == pytest.approx(np.linalg.norm(frames[2] - TEMPLATES[1]), abs=1e-5)


def test_mated_and_leave_one_out_scores():
    frames = np.stack([unit([1, 0.1, 0, 0]), unit([1, 0, 0.1, 0]), unit([1, 0.05, 0.05, 0])])
    r = score_visits(TEMPLATES, OWNERS, [(10, frames)], "mean_encoding")
    assert r["owner"][0] == 10 and r["best"][0] < 0.15
    # Without customer 10, the best is someone else, far away: a non-mated search.
    assert r["nm_best"][0] > 1.0 and np.isnan(r["impostor"][0, 0])
    assert r["impostor"][0, 1] == pytest.approx(r["nm_best"][0], abs=1e-6)
