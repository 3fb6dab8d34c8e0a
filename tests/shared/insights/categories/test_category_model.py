"""The model beats the keyword rules on unseen merchants, saves without pickle, and learns
from corrections."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from shared.insights.categories.baseline import baseline_categories
from shared.insights.categories.evaluate import LabelledRow, read_labelled, scores
from shared.insights.categories.generator import generate
from shared.insights.categories.model import (
    CategoryModel,
    ModelFileError,
    code_fingerprint,
    train,
)
from shared.insights.taxonomy import KEYS

REALISTIC = Path(__file__).parent / "data" / "realistic_narratives.csv"


def _score(model, rows):
    descriptions = [r.description for r in rows]
    amounts = [r.amount_minor for r in rows]
    truth = [r.category for r in rows]
    predicted = [p.category for p in model.predict(descriptions, amounts)]
    return scores(truth, predicted), scores(truth, baseline_categories(descriptions, amounts))


def test_it_beats_the_baseline_on_merchants_and_styles_it_never_saw(small_model):
    model, baseline = _score(small_model, generate(3_000, seed=50, part="heldout"))
    assert model["accuracy"] > baseline["accuracy"] + 0.2
    assert model["macro_f1"] > baseline["macro_f1"] + 0.2
    seen, _ = _score(small_model, generate(3_000, seed=51, part="train"))
    # A fifth of the shipped model's rows: the bench holds the full model to 92 % / 0.85.
    assert seen["accuracy"] >= 0.88 and seen["macro_f1"] >= 0.85


def test_it_beats_the_baseline_on_hand_written_statements(small_model):
    rows = read_labelled(REALISTIC)
    model, baseline = _score(small_model, rows)
    assert model["accuracy"] >= 0.8 and model["accuracy"] > baseline["accuracy"]


def test_confidence_is_a_probability_and_lower_when_wrong(small_model):
    rows = generate(2_000, seed=52, part="heldout")
    predictions = small_model.predict([r.description for r in rows],
                                      [r.amount_minor for r in rows])
    confidence = np.array([p.confidence for p in predictions])
    right = np.array([p.category == r.category for p, r in zip(predictions, rows, strict=True)])
    assert ((confidence > 1 / len(KEYS) - 1e-6) & (confidence <= 1)).all()
    assert confidence[right].mean() > confidence[~right].mean() + 0.2


def test_save_and_load_give_identical_predictions(small_model, tmp_path):
    rows = generate(500, seed=53)
    texts, amounts = [r.description for r in rows], [r.amount_minor for r in rows]
    small_model.save(tmp_path)
    loaded = CategoryModel.load(tmp_path)
    assert loaded.predict(texts, amounts) == small_model.predict(texts, amounts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["categories-v1.json",
                                                          "categories-v1.npz"]
    with np.load(tmp_path / "categories-v1.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_a_missing_or_foreign_model_file_is_refused(small_model, tmp_path):
    with pytest.raises(ModelFileError):
        CategoryModel.load(tmp_path)
    small_model.save(tmp_path)
    meta = json.loads((tmp_path / "categories-v1.json").read_text())
    (tmp_path / "categories-v1.json").write_text(json.dumps({**meta, "version": 99}))
    with pytest.raises(ModelFileError):
        CategoryModel.load(tmp_path)


def test_training_is_deterministic(small_params):
    params = replace(small_params, rows=3_000, calibration_rows=0)
    first, second = train((), params), train((), params)
    assert np.array_equal(first.coef, second.coef)


def test_a_correction_changes_the_next_trainings_answer(small_model, small_params):
    text, amount = "KINGSWAY HOLDINGS 4471 REF 88213", -4_500
    before = small_model.predict([text], [amount])[0]
    assert before.category != "insurance"
    corrected = train([LabelledRow("KINGSWAY HOLDINGS 4471 REF 77120", amount, "insurance")],
                      small_params, part="train")
    assert corrected.report.corrections == 1
    after = corrected.predict([text], [amount])[0]
    assert after.category == "insurance" and after.confidence > before.confidence
    other = corrected.predict(["TESCO STORES 2211"], [-2_345])[0]
    assert other.category == "groceries"  # one correction does not move the rest


def test_a_model_trained_by_other_code_or_parameters_is_refused(small_model, small_params,
                                                                 tmp_path):
    small_model.save(tmp_path)
    assert CategoryModel.load(tmp_path, small_params).report.code == code_fingerprint()
    with pytest.raises(ModelFileError, match="other parameters"):
        CategoryModel.load(tmp_path, replace(small_params, c=small_params.c * 2))
    meta = json.loads((tmp_path / "categories-v1.json").read_text())
    meta["trained_from"]["code"] = "0123456789abcdef"
    (tmp_path / "categories-v1.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="trained by other code"):
        CategoryModel.load(tmp_path)
    del meta["trained_from"]  # a file from before fingerprints
    (tmp_path / "categories-v1.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="trained by other code"):
        CategoryModel.load(tmp_path)
