"""A small categorisation model, trained once per test session (a few seconds)."""

from __future__ import annotations

import pytest

from shared.insights.categories.model import TrainingParams, train

SMALL = TrainingParams(rows=12_000, calibration_rows=2_000)


@pytest.fixture(scope="session")
def small_params() -> TrainingParams:
    return SMALL


@pytest.fixture(scope="session")
def small_model():
    """Trained on the generator's train part only, so its held-out part is unseen."""
    return train((), SMALL, part="train")


@pytest.fixture(scope="session")
def saved_model_dir(small_model, tmp_path_factory):
    directory = tmp_path_factory.mktemp("models")
    small_model.save(directory)
    return directory
