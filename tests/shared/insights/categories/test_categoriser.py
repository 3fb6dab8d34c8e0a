"""The app's categoriser: loads lazily, trains once when the file is missing, caches."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from shared.insights.categories.categoriser import Categoriser, model_dir_for
from shared.insights.categories.model import CategoryModel
from shared.insights.movements import Movement
from shared.insights.taxonomy import KEYS
from shared.settings import load_settings


def test_repeats_come_from_the_cache_and_equal_the_model(small_model):
    categoriser = Categoriser(Path("unused"), model=small_model, review_below=0.6)
    texts = ["TESCO STORES 3297 ON 14/03", "TESCO STORES 1111 ON 15/03", "NETFLIX.COM"] * 3
    amounts = [-2345, -2345, -1099] * 3
    first = categoriser.categorise(texts, amounts)
    assert first == [replace(p, review=p.confidence < 0.6)
                     for p in small_model.predict(texts, amounts)]
    assert len(categoriser._by_clean) == 2  # both Tesco lines clean to the same text
    assert categoriser.categorise(texts, amounts) == first
    assert [p.category for p in first[:3]] == ["groceries", "groceries", "subscriptions"]


def test_low_confidence_is_marked_for_review(small_model):
    strict = Categoriser(Path("unused"), model=small_model, review_below=0.999)
    lenient = Categoriser(Path("unused"), model=small_model, review_below=0.01)
    texts, amounts = ["XQZ 123 LTD"], [-4_000]
    assert strict.categorise(texts, amounts)[0].review
    assert not lenient.categorise(texts, amounts)[0].review


def test_a_missing_model_is_trained_once_saved_and_logged(tmp_path, caplog, small_params):
    params = replace(small_params, rows=3_000, calibration_rows=1_000)
    categoriser = Categoriser(tmp_path, params=params)
    with caplog.at_level(logging.WARNING):
        prediction = categoriser.categorise_movements([_movement("PRET A MANGER", -420)])[0]
    assert categoriser.trained_now and (tmp_path / "categories-v1.npz").exists()
    assert "trained the categorisation model" in caplog.text
    assert prediction.category in KEYS
    again = Categoriser(tmp_path)
    assert again.categorise(["PRET A MANGER"], [-420])[0] == prediction
    assert not again.trained_now
    assert isinstance(again.model, CategoryModel)


def test_the_model_lives_where_the_settings_say(tmp_path):
    settings = load_settings("testing", environ={}, overrides={"app": {"data_dir": str(tmp_path)}})
    assert model_dir_for(settings) == tmp_path / "models"
    moved = load_settings("testing", environ={},
                          overrides={"insights": {"model_dir": str(tmp_path / "m")}})
    assert model_dir_for(moved) == tmp_path / "m"


def _movement(description, amount):
    from datetime import UTC, datetime

    return Movement(datetime(2026, 1, 5, tzinfo=UTC), amount, "GBP", description)


def test_staff_corrections_are_read_as_training_rows(db_session):
    from shared.insights.categories.categoriser import read_corrections
    from shared.insights.categories.evaluate import LabelledRow
    from shared.models.insights import CategoryCorrection
    from tests.factories import make_branch, make_customer, make_staff

    branch = make_branch(db_session)
    customer, staff = make_customer(db_session, branch), make_staff(db_session, branch)
    db_session.add(CategoryCorrection(ref="ledger:991", customer_id=customer.id,
                                      description="KINGSWAY HOLDINGS 4471", amount_minor=-4_500,
                                      category="insurance", staff_id=staff.id))
    db_session.flush()
    assert read_corrections(db_session) == [
        LabelledRow("KINGSWAY HOLDINGS 4471", -4_500, "insurance")]


def test_a_model_trained_by_other_code_is_trained_again_once(tmp_path, caplog, small_params):
    import json

    params = replace(small_params, rows=3_000, calibration_rows=0)
    Categoriser(tmp_path, params=params).model  # noqa: B018 - trains and saves
    info = tmp_path / "categories-v1.json"
    meta = json.loads(info.read_text())
    info.write_text(json.dumps({**meta, "trained_from": {"code": "older", "params": "x"}}))
    stale = Categoriser(tmp_path, params=params)
    with caplog.at_level(logging.WARNING):
        stale.categorise(["PRET A MANGER"], [-420])
    assert stale.trained_now and "trained by other code" in caplog.text
    again = Categoriser(tmp_path, params=params)
    again.categorise(["PRET A MANGER"], [-420])
    assert not again.trained_now
