"""The next-best offer: the eligible products ordered by how likely the customer accepts.

One logistic regression per product, trained on the generated history of past offers and
their outcomes (shared.insights.offers.history: its behaviour model is ours, not a bank's
data). The features are figures of the customer's money only (`FEATURES`); the rules of
shared.insights.offers.eligibility decide first what may be offered at all, and no score
can bring back a product they refused.

Never a feature: age and language. Age is a protected characteristic (Equality Act 2010)
and the language a customer prefers stands in for race and national origin, so a model
that learnt them would treat customers differently for who they are. Age is used once, in
eligibility, where the law asks for it (18 and over for credit). The figures that go with
age (a pension is smaller than pay, an older customer rents less) still reach the model;
the fairness report (shared.insights.offers.fairness) measures what comes out by age band
and language, so such a proxy is seen rather than assumed away.

The coefficients live in `ranking_model.json` beside this module (plain JSON, never a
pickle), written by `save(train_ranking())`; a test trains afresh and compares, so the
file cannot drift from the code that made it. Nothing is loaded at import: the caller
loads the model once (`load()`) and passes it to `rank`.

Each offer carries its reasons in words: the features that raised its score most over the
average customer of the history, with the customer's own figures, rounded and written
short ("rent £1,200 a month for 3 years", "savings £31k"), and what they lack ("no
mortgage"), in the order the card reads them: the strongest reason, the lack, the next one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from shared.i18n.text import Text
from shared.insights.offers.catalogue import CATALOGUE, KEYS, PRODUCTS
from shared.insights.offers.eligibility import eligible
from shared.insights.offers.features import HOUSING_NONE, CustomerFinancials
from shared.insights.offers.history import generate_history
from shared.money.format import COMPACT, Amount, currency_exponent

MODEL_PATH = Path(__file__).with_name("ranking_model.json")
TRAINING_SEED = 20261206
TRAINING_OFFERS = 30_000
REGULARISATION_C = 1.0  # sklearn's C on standardised features: barely any shrinkage
DECIMALS = 6
MAX_MODEL_REASONS = 2
MIN_REASON_LOG_ODDS = 0.1  # a contribution below this is noise, not a reason
MAX_YEARS_RENTING = 10.0

# The model's inputs, each a figure of the customer's money; the reason it speaks for.
FEATURES: tuple[str, ...] = ("renting", "years_renting", "log_income", "log_savings",
                             "log_current", "surplus_share", "debt_to_income", "near_zero",
                             "travel_share")
REASON_OF = {"renting": "housing", "years_renting": "housing", "log_income": "income",
             "log_savings": "savings", "log_current": "current", "surplus_share": "surplus",
             "debt_to_income": "repayments", "near_zero": "lowest_balance",
             "travel_share": "travel"}


def model_inputs(f: CustomerFinancials) -> tuple[float, ...]:
    """The customer's figures as the model reads them, in the order of `FEATURES`."""
    income = max(f.monthly_income_minor, 1)
    years = min(f.months_renting / 12, MAX_YEARS_RENTING) if f.renting else 0.0
    return (
        float(f.renting),
        years,
        math.log1p(max(f.monthly_income_minor, 0) / 100_000),
        math.log1p(max(f.savings_balance_minor, 0) / 100_000),
        math.log1p(max(f.current_balance_minor, 0) / 100_000),
        max(-1.0, min(1.0, f.monthly_surplus_minor / income)),
        min(f.debt_to_income, 2.0),
        float(f.near_zero),
        f.travel_spending_share,
    )


@dataclass(frozen=True)
class ProductModel:
    """One product's logistic regression over the standardised features."""

    intercept: float
    coefficients: tuple[float, ...]


@dataclass(frozen=True)
class RankingModel:
    """The trained ranking: how to standardise the features, and each product's model."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    products: Mapping[str, ProductModel]
    seed: int
    offers: int

    def standardised(self, f: CustomerFinancials) -> tuple[float, ...]:
        return tuple((x - m) / s for x, m, s in
                     zip(model_inputs(f), self.means, self.scales, strict=True))

    def contributions(self, f: CustomerFinancials, product: str) -> dict[str, float]:
        """Each feature's log-odds for `product` against the history's average customer."""
        coefficients = self.products[product].coefficients
        return {name: w * z for name, w, z in
                zip(self.features, coefficients, self.standardised(f), strict=True)}

    def score(self, f: CustomerFinancials, product: str) -> float:
        """The probability that the customer accepts `product`, by the model."""
        logit = self.products[product].intercept + sum(self.contributions(f, product).values())
        return 1 / (1 + math.exp(-logit))

    def as_json(self) -> dict:
        return {
            "about": "Next-best offer ranking: one logistic regression per product over "
                     "standardised features, trained on the generated offer history "
                     "(shared/insights/offers/history.py). Written by "
                     "shared.insights.offers.ranking.save(train_ranking()).",
            "seed": self.seed, "offers": self.offers, "features": list(self.features),
            "means": list(self.means), "scales": list(self.scales),
            "products": {key: {"intercept": m.intercept,
                               "coefficients": dict(zip(self.features, m.coefficients,
                                                        strict=True))}
                         for key, m in self.products.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> RankingModel:
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError(f"the model's features {features} are not this code's {FEATURES}")
        products = {key: ProductModel(float(m["intercept"]),
                                      tuple(float(m["coefficients"][f]) for f in features))
                    for key, m in data["products"].items()}
        return cls(features, tuple(map(float, data["means"])), tuple(map(float, data["scales"])),
                   products, int(data["seed"]), int(data["offers"]))


def train_ranking(seed: int = TRAINING_SEED, offers: int = TRAINING_OFFERS) -> RankingModel:
    """Train the ranking on `offers` generated past offers (deterministic for a seed)."""
    import numpy as np  # training only: ranking itself needs neither
    from sklearn.linear_model import LogisticRegression

    history = generate_history(seed, offers)
    inputs = np.array([model_inputs(o.financials) for o in history])
    accepted = np.array([o.accepted for o in history], dtype=int)
    offered = np.array([o.product for o in history])
    means = inputs.mean(axis=0)
    scales = inputs.std(axis=0)
    scales[scales == 0] = 1.0
    standard = (inputs - means) / scales
    products = {}
    for key in KEYS:
        rows = offered == key
        fit = LogisticRegression(C=REGULARISATION_C, solver="newton-cholesky", tol=1e-10,
                                 max_iter=200).fit(standard[rows], accepted[rows])
        products[key] = ProductModel(round(float(fit.intercept_[0]), DECIMALS),
                                     tuple(round(float(w), DECIMALS) for w in fit.coef_[0]))
    return RankingModel(FEATURES, tuple(round(float(m), DECIMALS) for m in means),
                        tuple(round(float(s), DECIMALS) for s in scales), products, seed,
                        offers)


def save(model: RankingModel, path: Path = MODEL_PATH) -> None:
    """Write the model as JSON (the committed file: `save(train_ranking())`)."""
    path.write_text(json.dumps(model.as_json(), indent=1, ensure_ascii=False) + "\n")


def load(path: Path = MODEL_PATH) -> RankingModel:
    """Read a model written by `save`."""
    return RankingModel.from_json(json.loads(path.read_text()))


# -- reasons in words ----------------------------------------------------------------------
def about(minor: int, currency: str) -> Amount:
    """An amount to two significant figures, written compact (£1,187.40 -> £1,200).

    No minor units, and large figures the locale's short way (£31,450 -> £31k); a card's
    reason needs the size of a figure, not its pence.
    """
    unit = 10 ** currency_exponent(currency)
    major = abs(minor) / unit
    step = 1 if major < 100 else 10 ** (int(math.log10(major)) - 1)
    rounded = math.floor(major / step + 0.5) * step * unit  # half up, not to even
    return Amount(rounded if minor >= 0 else -rounded, currency, COMPACT)


def _housing(f: CustomerFinancials) -> Text:
    if f.renting:
        rent = about(f.monthly_housing_minor, f.currency)
        years, months = divmod(f.months_renting, 12)
        if years >= 2:
            return Text("rent %(amount)s a month for %(years)s years", amount=rent, years=years)
        if years == 1:
            return Text("rent %(amount)s a month for a year", amount=rent)
        if months >= 2:
            return Text("rent %(amount)s a month for %(months)s months", amount=rent,
                        months=months)
        return Text("rent %(amount)s a month", amount=rent)
    if f.housing_kind == HOUSING_NONE:
        return Text("no rent or mortgage to pay")
    return Text("mortgage %(amount)s a month", amount=about(f.monthly_housing_minor, f.currency))


def _savings(f: CustomerFinancials) -> Text:
    if f.savings_balance_minor <= 0:
        return Text("no savings")
    return Text("savings %(amount)s", amount=about(f.savings_balance_minor, f.currency))


def _surplus(f: CustomerFinancials) -> Text:
    left = f.monthly_surplus_minor
    if left >= 0:
        return Text("%(amount)s a month left after spending", amount=about(left, f.currency))
    return Text("spends %(amount)s a month more than comes in", amount=about(-left, f.currency))


def _repayments(f: CustomerFinancials) -> Text:
    if f.monthly_debt_payments_minor <= 0:
        return Text("no loan or card repayments")
    return Text("repayments %(percent)s%% of income", percent=round(100 * f.debt_to_income)
                if math.isfinite(f.debt_to_income) else 100)


def _lowest_balance(f: CustomerFinancials) -> Text:
    lowest = about(f.lowest_current_balance_minor, f.currency)
    if f.near_zero:
        return Text("current account fell to %(amount)s this month", amount=lowest)
    return Text("current account stayed above %(amount)s this month", amount=lowest)


PHRASES: dict[str, Callable[[CustomerFinancials], Text]] = {
    "housing": _housing,
    "income": lambda f: Text("income %(amount)s a month",
                             amount=about(f.monthly_income_minor, f.currency)),
    "savings": _savings,
    "current": lambda f: Text("%(amount)s in the current account",
                              amount=about(f.current_balance_minor, f.currency)),
    "surplus": _surplus,
    "repayments": _repayments,
    "lowest_balance": _lowest_balance,
    "travel": lambda f: Text("%(percent)s%% of spending on travel",
                             percent=round(100 * f.travel_spending_share)),
}


@dataclass(frozen=True)
class Offer:
    """An eligible product, its probability of acceptance, and why, in words."""

    product: str
    score: float
    # As the card reads them: the strongest reason, what they lack, the next reason.
    reasons: tuple[Text, ...]
    # Each reason's log-odds against the history's average customer, strongest first.
    contributions: tuple[tuple[str, float], ...]

    @property
    def words(self) -> str:
        """The product's words (N_), translated where shown."""
        return PRODUCTS[self.product].words


def explain(model: RankingModel, f: CustomerFinancials, product: str
            ) -> tuple[tuple[Text, ...], tuple[tuple[str, float], ...]]:
    """The card's reasons for `product`, and every reason's contribution, strongest first."""
    grouped: dict[str, float] = {}
    for feature, value in model.contributions(f, product).items():
        grouped[REASON_OF[feature]] = grouped.get(REASON_OF[feature], 0.0) + value
    ranked = tuple(sorted(grouped.items(), key=lambda item: -item[1]))
    shown = [PHRASES[reason](f) for reason, value in ranked[:MAX_MODEL_REASONS]
             if value >= MIN_REASON_LOG_ODDS]
    lacking = Text(PRODUCTS[product].lacking)
    return tuple(shown[:1] + [lacking] + shown[1:]), ranked


def rank(f: CustomerFinancials, model: RankingModel) -> list[Offer]:
    """The products the rules allow the customer, most likely accepted first."""
    offers = []
    for product in CATALOGUE:
        if not eligible(f, product.key).allowed:
            continue
        reasons, contributions = explain(model, f, product.key)
        offers.append(Offer(product.key, model.score(f, product.key), reasons, contributions))
    order = {key: i for i, key in enumerate(KEYS)}
    return sorted(offers, key=lambda o: (-o.score, order[o.product]))
