"""A generated history of past offers and their outcomes, to train and judge the ranking on.

No bank data: the demo bank has no past of its own, so we draw one, seeded. Customers are
drawn as the demo draws its customers (shared/demo/people.py and spending.py: the tiers'
weights, ages, salaries and pensions, rent as a share of pay, the odds of holding savings,
a card, a mortgage, an overdraft; the languages of the demo's name groups); a test holds
these copies to the demo's figures. What the demo does not draw is ours, stated below:
loans, ISAs, outright owners and young people living with family, arrears, consent,
travel spending.

Each past offer is one eligible product chosen at random (weighted as the demo's floor
history offers them, savings most), not chosen by a ranking: so the model sees every
product offered to every kind of customer. Whether it was accepted is drawn from the
behaviour model in `acceptance_probability`. **That behaviour model is ours, an assumption
written down, not measured from any bank's customers.** In words:

- mortgage: renters accept far more, the longer they have rented the more (up to 6 years),
  more with savings for a deposit and higher pay, less with debts; rarely from 60 and less
  before 25 (life stage: the model never sees age, only what goes with it).
- savings account: those with money left at the end of the month, and a larger current
  balance; less when the current account runs near zero.
- travel credit card: those who spend on travel, more with higher pay, less with debts.
- personal loan: those whose account runs near zero or who spend more than comes in, with
  little savings; less with debts; more before 40.
- cash ISA: those with savings and money left each month; more from 55.
- arranged overdraft: those whose account runs near zero, with a small current balance.

Each product's base rate is set so that about 35 % of offers are accepted overall, as in the
demo's floor history (shared/demo/history/day.py: 35 % accepted, the rest declined or
still thinking, which counts as not accepted here).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from shared.insights.offers.catalogue import (
    ISA,
    MORTGAGE,
    OVERDRAFT,
    PERSONAL_LOAN,
    SAVINGS,
    TRAVEL_CARD,
)
from shared.insights.offers.eligibility import eligible
from shared.insights.offers.features import (
    HOUSING_MORTGAGE,
    HOUSING_NONE,
    HOUSING_RENT,
    NEAR_ZERO_MINOR,
    CustomerFinancials,
)

# -- copied from the demo (a test keeps them equal) ---------------------------------------
TIER_WEIGHTS = (("standard", 80), ("premier", 16), ("private", 4))
SALARY_RANGE = {"standard": (1_550_00, 3_300_00), "premier": (4_000_00, 7_500_00),
                "private": (9_000_00, 21_000_00)}
PENSION_RANGE = {"standard": (1_000_00, 2_200_00), "premier": (2_500_00, 4_800_00),
                 "private": (6_000_00, 15_000_00)}
RETIREMENT_AGE = 67
OVERDRAFTS = {"standard": (0, 0, 25_000, 50_000, 100_000), "premier": (150_000, 250_000),
              "private": (500_000,)}
CREDIT_LIMITS = {"standard": (100_000, 500_000), "premier": (500_000, 1_500_000),
                 "private": (2_000_000, 5_000_000)}
MORTGAGES = {"standard": (9_000_000, 26_000_000), "premier": (25_000_000, 70_000_000),
             "private": (60_000_000, 200_000_000)}
PRODUCT_ODDS = {"standard": (0.55, 0.35, 0.2), "premier": (0.85, 0.6, 0.45),
                "private": (0.95, 0.7, 0.5)}  # savings, credit card, mortgage
HOUSING_SHARE = (0.25, 0.38)  # rent as a share of pay
# The demo's languages: each name group's weight shared among its languages (per 10,000).
LANGUAGES = {"en": 8567, "pl": 291, "zh": 243, "cy": 194, "ur": 194, "ko": 146, "bn": 121,
             "hi": 78, "it": 55, "pt": 55, "es": 55}
TRAVEL_INTEREST = 0.1875  # the demo draws 0 to 3 of 8 interests; one is travel

# -- ours (the demo does not draw these) --------------------------------------------------
LOAN_ODDS = {"standard": 0.08, "premier": 0.05, "private": 0.03}
ISA_ODDS = {"standard": 0.15, "premier": 0.35, "private": 0.45}
OWNS_OUTRIGHT_FROM_60 = 0.5  # of those aged 60 and over without a mortgage
WITH_FAMILY_UNDER_25 = 0.3  # of those under 25 without a mortgage
ARREARS_ODDS = {"standard": 0.04, "premier": 0.015, "private": 0.005}
ARREARS_WHEN_NEAR_ZERO = 3.0  # times as likely when the account ran near zero
MARKETING_CONSENT = 0.7
# How often each product was offered in the past, when eligible (the demo's floor history:
# savings 35, credit card 20, mortgage 15, travel card 15; loans, ISA, overdraft ours).
OFFER_WEIGHTS = {SAVINGS: 30, TRAVEL_CARD: 20, MORTGAGE: 15, PERSONAL_LOAN: 10, ISA: 15,
                 OVERDRAFT: 10}


@dataclass(frozen=True)
class PastOffer:
    """One offer in the generated history, and whether the customer accepted it."""

    financials: CustomerFinancials
    product: str
    accepted: bool


def _weighted(rng: random.Random, weights: dict[str, int] | tuple[tuple[str, int], ...]):
    pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
    values, counts = zip(*pairs, strict=True)
    return rng.choices(values, weights=counts)[0]


def draw_customer(rng: random.Random) -> CustomerFinancials:
    """One customer drawn as the demo draws them (plus what is ours, see above)."""
    tier = _weighted(rng, TIER_WEIGHTS)
    age = rng.randint(35, 82) if tier == "private" else rng.randint(19, 88)
    language = _weighted(rng, LANGUAGES)
    savings_odds, card_odds, mortgage_odds = PRODUCT_ODDS[tier]
    holdings = set()
    if rng.random() < savings_odds:
        holdings.add(SAVINGS)
    if rng.random() < card_odds:
        holdings.add(TRAVEL_CARD)
    if age >= 25 and rng.random() < mortgage_odds:
        holdings.add(MORTGAGE)
    overdraft_limit = rng.choice(OVERDRAFTS[tier])
    if overdraft_limit:
        holdings.add(OVERDRAFT)
    if rng.random() < LOAN_ODDS[tier]:
        holdings.add(PERSONAL_LOAN)
    if rng.random() < ISA_ODDS[tier]:
        holdings.add(ISA)

    low, high = (PENSION_RANGE if age >= RETIREMENT_AGE else SALARY_RANGE)[tier]
    income = rng.randrange(low, high, 100)
    debt = 0
    months_renting = 0
    if MORTGAGE in holdings:
        housing_kind = HOUSING_MORTGAGE
        housing = max(45_000, rng.randrange(*MORTGAGES[tier], 100_000) // 240 // 100 * 100)
        debt += housing
    elif (age >= 60 and rng.random() < OWNS_OUTRIGHT_FROM_60) or (
            age < 25 and rng.random() < WITH_FAMILY_UNDER_25):
        housing_kind, housing = HOUSING_NONE, 0
    else:
        housing_kind = HOUSING_RENT
        housing = int(income * rng.uniform(*HOUSING_SHARE)) // 100 * 100
        months_renting = rng.randint(1, min(180, (age - 18) * 12))
    if TRAVEL_CARD in holdings:
        card_balance = rng.randrange(0, rng.randrange(*CREDIT_LIMITS[tier], 50_000) // 3 + 1)
        debt += max(2_500, card_balance * 3 // 100) if card_balance else 0
    if PERSONAL_LOAN in holdings:
        debt += rng.randrange(10_000, 40_000, 100)

    salary_high = SALARY_RANGE[tier][1]
    savings = rng.randrange(50_000, salary_high * 6, 100) if SAVINGS in holdings else 0
    if ISA in holdings:
        savings += rng.randrange(100_000, 2_000_000, 100)
    current = rng.randrange(SALARY_RANGE[tier][0] // 4, salary_high, 100)
    # Spending includes housing and loan repayments (money that left the customer).
    spending = max(int(income * rng.uniform(0.6, 1.02)), housing + debt)
    lowest = max(-overdraft_limit, current - int(rng.uniform(0.1, 0.9) * spending))
    near_zero = lowest < NEAR_ZERO_MINOR
    arrears_odds = ARREARS_ODDS[tier] * (ARREARS_WHEN_NEAR_ZERO if near_zero else 1.0)
    travel = (rng.uniform(0.06, 0.25) if rng.random() < TRAVEL_INTEREST
              else rng.uniform(0.0, 0.06))
    return CustomerFinancials(
        age=age, language=language, tier=tier, holdings=frozenset(holdings),
        marketing_consent=rng.random() < MARKETING_CONSENT,
        monthly_income_minor=income, monthly_spending_minor=spending,
        housing_kind=housing_kind, monthly_housing_minor=housing,
        months_renting=months_renting, monthly_debt_payments_minor=debt,
        savings_balance_minor=savings, current_balance_minor=current,
        lowest_current_balance_minor=lowest, arrears=rng.random() < arrears_odds,
        travel_spending_share=round(travel, 4))


def population(seed: int, customers: int) -> list[CustomerFinancials]:
    """`customers` customers drawn from `seed` (the same seed, the same people)."""
    rng = random.Random(f"offers:population:{seed}")
    return [draw_customer(rng) for _ in range(customers)]


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def acceptance_logit(f: CustomerFinancials, product: str) -> float:
    """The behaviour model's log-odds that the customer accepts `product` (ours, see above)."""
    income_k = math.log1p(f.monthly_income_minor / 100_000)
    savings_k = math.log1p(max(f.savings_balance_minor, 0) / 100_000)
    current_k = math.log1p(max(f.current_balance_minor, 0) / 100_000)
    years = min(f.months_renting / 12, 6.0) if f.renting else 0.0
    income = max(f.monthly_income_minor, 1)
    surplus = max(-1.0, min(1.0, f.monthly_surplus_minor / income))
    dti = min(f.debt_to_income, 2.0)
    near_zero = float(f.near_zero)
    if product == MORTGAGE:
        return (-5.5 + 2.0 * f.renting + 0.4 * years + 0.6 * savings_k + 0.5 * income_k
                - 2.0 * dti - 1.6 * (f.age >= 60) - 0.8 * (f.age < 25))
    if product == SAVINGS:
        return -1.0 + 3.0 * surplus + 0.4 * current_k - 0.8 * near_zero
    if product == TRAVEL_CARD:
        return -2.1 + 14.0 * f.travel_spending_share + 0.4 * income_k - 1.5 * dti
    if product == PERSONAL_LOAN:
        return (-0.6 + 1.3 * near_zero + 2.0 * max(0.0, -surplus) - 0.4 * savings_k
                - 1.5 * dti + 0.5 * (f.age < 40))
    if product == ISA:
        return -2.4 + 0.7 * savings_k + 2.0 * surplus + 0.6 * (f.age >= 55)
    if product == OVERDRAFT:
        return -0.7 + 1.8 * near_zero - 0.5 * current_k - 1.0 * surplus
    raise KeyError(product)


def acceptance_probability(f: CustomerFinancials, product: str) -> float:
    """The behaviour model's probability that the customer accepts `product`."""
    return _sigmoid(acceptance_logit(f, product))


def generate_history(seed: int, offers: int) -> list[PastOffer]:
    """`offers` past offers, each an eligible product offered at random and its outcome."""
    rng = random.Random(f"offers:history:{seed}")
    history: list[PastOffer] = []
    while len(history) < offers:
        customer = draw_customer(rng)
        allowed = {p: w for p, w in OFFER_WEIGHTS.items() if eligible(customer, p).allowed}
        if not allowed:
            continue
        product = _weighted(rng, allowed)
        accepted = rng.random() < acceptance_probability(customer, product)
        history.append(PastOffer(customer, product, accepted))
    return history
