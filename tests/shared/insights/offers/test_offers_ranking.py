"""The ranking: only eligible products, best first, reasons in words with the figures, and a
committed model that a fresh training reproduces."""

from __future__ import annotations

import json

import pytest

from shared.i18n.text import Text, localise
from shared.insights.offers import ranking
from shared.insights.offers.catalogue import KEYS
from shared.insights.offers.eligibility import eligible
from shared.insights.offers.history import population
from shared.insights.offers.ranking import FEATURES, about, load, rank, train_ranking
from shared.insights.text_codec import decode_text, encode_text


@pytest.fixture(scope="module")
def model():
    return load()


def test_the_committed_model_is_what_training_makes_today(model):
    fresh = train_ranking(model.seed, model.offers)
    assert (fresh.features, fresh.seed, set(fresh.products)) == (
        model.features, ranking.TRAINING_SEED, set(KEYS))
    assert fresh.means == pytest.approx(model.means, abs=1e-6)
    assert fresh.scales == pytest.approx(model.scales, abs=1e-6)
    for key, trained in fresh.products.items():
        assert trained.intercept == pytest.approx(model.products[key].intercept, abs=1e-4)
        assert trained.coefficients == pytest.approx(model.products[key].coefficients,
                                                     abs=1e-4), key


def test_the_model_file_is_plain_json_that_round_trips(model, tmp_path):
    data = json.loads(ranking.MODEL_PATH.read_text())
    assert set(data["products"]) == set(KEYS)
    ranking.save(model, tmp_path / "model.json")
    assert load(tmp_path / "model.json") == model


def test_age_and_language_are_never_features(model, renter):
    assert not {"age", "language", "age_band"} & set(FEATURES)
    young, old = renter(age=30, language="en"), renter(age=64, language="zh")
    assert [(o.product, o.score) for o in rank(young, model)] == [
        (o.product, o.score) for o in rank(old, model)]


def test_rank_returns_exactly_the_eligible_products_best_first(model):
    for customer in population(seed=5, customers=1500):
        offers = rank(customer, model)
        allowed = {k for k in KEYS if eligible(customer, k).allowed}
        assert {o.product for o in offers} == allowed
        assert [o.score for o in offers] == sorted((o.score for o in offers), reverse=True)
        assert all(0 < o.score < 1 for o in offers)


def test_nothing_is_ranked_without_marketing_consent_or_credit_in_arrears(model, renter):
    assert rank(renter(marketing_consent=False), model) == []
    assert {o.product for o in rank(renter(arrears=True), model)} == {"savings", "isa"}


def test_the_mortgage_reasons_are_words_with_the_customers_figures(model, renter):
    offer = next(o for o in rank(renter(), model) if o.product == "mortgage")
    first, lack, *rest = offer.reasons
    assert first.msgid == "rent %(amount)s a month for %(years)s years"
    assert (first.params["amount"].minor, first.params["years"]) == (120_000, 3)
    assert str(lack) == "no mortgage"
    assert "savings £31k" in rest
    assert str(first) == "rent £1,200 a month for 3 years"
    assert offer.contributions[0][0] == "housing" and offer.words == "mortgage"


def test_reasons_round_their_figures_and_keep_short_rentals_in_months(model, renter):
    offer = next(o for o in rank(renter(monthly_housing_minor=118_740, months_renting=7),
                                 model) if o.product == "mortgage")
    assert str(offer.reasons[0]) == "rent £1,200 a month for 7 months"
    assert about(3_145_000, "GBP").minor == 3_100_000
    assert about(8_740, "GBP").minor == 8_700
    assert about(-24_560, "GBP").minor == -25_000
    assert about(125_000, "KRW").minor == 130_000
    assert (str(about(3_145_000, "GBP")), str(about(118_740, "GBP"))) == ("£31k", "£1,200")


def test_reasons_survive_storage_and_translation(model, renter):
    for offer in rank(renter(), model):
        for reason in offer.reasons:
            assert isinstance(reason, Text)
            assert str(decode_text(encode_text(reason))) == str(reason)
            assert localise(decode_text(encode_text(reason)), "zh") == localise(reason, "zh")
            assert localise(reason, "zh")  # said in Chinese where translated, else English
