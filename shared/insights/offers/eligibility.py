"""Who may be offered what: rules, kept apart from the ranking, that no score can overrule.

The ranking (shared.insights.offers.ranking) only ever orders products these rules allow.
Each product is checked in this order; the first rule that refuses gives the reason code.

1. `no_marketing_consent`: nothing is offered to a customer who has not said yes to
   marketing (their preference "marketing" is "yes"). An offer is direct marketing.
2. `held`: a product the customer already holds, here or at another bank, is not offered
   (shared.insights.offers.catalogue.held_products says what holding means).
3. `under_age`: credit and the cash ISA only from 18. A minor cannot be held to a credit
   agreement and the Consumer Credit Act 1974 (s. 50) forbids inviting one to borrow; an
   adult cash ISA opens at 18 (from 6 April 2024). The only use of age in any offer.
4. `arrears`: no credit to a customer in arrears: an account over its limit, or a
   repayment returned unpaid (CustomerFinancials.arrears).
5. `over_income_multiple` (mortgage): the loan may be at most 4.5 times yearly income
   (`MAX_LOAN_TO_INCOME`). Income is the net pay we see, which is below the gross pay a
   lender multiplies, so the rule is stricter than a lender's.
6. `no_deposit` (mortgage): savings must cover a deposit of 5 % of the price
   (`MIN_DEPOSIT_SHARE`: the loan is at most 95 % of the price).
7. `unaffordable` (credit): the debt payments the customer makes today plus the new
   product's monthly repayment must stay within 40 % of monthly income
   (`AFFORDABILITY_SHARE`); no income, no credit.

The new product's repayment, per product (the figures a conversation starts from):
- mortgage: the loan whose repayment over 25 years at a stressed 7 % a year equals the
  rent paid today (a renter's housing cost stays the same); without rent, 3 times yearly
  income. Rent is not debt, and a mortgage replaces it, so rent is never added.
- personal loan: £7,500 over 5 years at 9.9 % a year (about £159 a month).
- travel credit card: a £1,500 limit, repaid at 5 % of the limit a month (£75).
- arranged overdraft: a £500 limit, repaid at 5 % of the limit a month (£25).
Savings accounts and the ISA are not credit: only rules 1 to 3 apply to them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shared.i18n.text import N_, Text
from shared.insights.offers.catalogue import (
    CATALOGUE,
    ISA,
    MORTGAGE,
    OVERDRAFT,
    PERSONAL_LOAN,
    PRODUCTS,
    TRAVEL_CARD,
)
from shared.insights.offers.features import CustomerFinancials

ADULT_AGE = 18
AFFORDABILITY_SHARE = 0.40
MAX_LOAN_TO_INCOME = 4.5
MIN_DEPOSIT_SHARE = 0.05
MORTGAGE_TERM_MONTHS = 25 * 12
MORTGAGE_STRESS_RATE = 0.07
MORTGAGE_INCOME_MULTIPLE_WITHOUT_RENT = 3.0
LOAN_AMOUNT_MINOR = 750_000
LOAN_TERM_MONTHS = 60
LOAN_RATE = 0.099
REVOLVING_LIMITS_MINOR = {TRAVEL_CARD: 150_000, OVERDRAFT: 50_000}
REVOLVING_REPAYMENT_SHARE = 0.05

ELIGIBLE = "eligible"
NO_MARKETING_CONSENT = "no_marketing_consent"
HELD = "held"
UNDER_AGE = "under_age"
ARREARS = "arrears"
OVER_INCOME_MULTIPLE = "over_income_multiple"
NO_DEPOSIT = "no_deposit"
UNAFFORDABLE = "unaffordable"
# The words of the reasons without a figure (decision_text adds the figures of the others).
_WORDS = {ELIGIBLE: N_("may be offered"), NO_MARKETING_CONSENT: N_("no marketing consent"),
          HELD: N_("already held"), UNDER_AGE: N_("under 18"),
          ARREARS: N_("in arrears: no credit")}
# Products with an age rule (rule 3): every credit product, and the ISA.
AGE_RULED = frozenset({p.key for p in CATALOGUE if p.credit} | {ISA})


@dataclass(frozen=True)
class Decision:
    """Whether a product may be offered, and why not (a reason code; ELIGIBLE if it may)."""

    allowed: bool
    reason_code: str


def monthly_repayment(principal_minor: int, yearly_rate: float, months: int) -> int:
    """The level monthly repayment of a loan (an annuity), in minor units, rounded up."""
    rate = yearly_rate / 12
    if rate == 0:
        return math.ceil(principal_minor / months)
    return math.ceil(principal_minor * rate / (1 - (1 + rate) ** -months))


def mortgage_loan_minor(f: CustomerFinancials) -> int:
    """The mortgage a conversation starts from: today's rent as a repayment, or 3x income."""
    if f.renting and f.monthly_housing_minor > 0:
        rate = MORTGAGE_STRESS_RATE / 12
        factor = (1 - (1 + rate) ** -MORTGAGE_TERM_MONTHS) / rate
        return int(f.monthly_housing_minor * factor)
    return int(MORTGAGE_INCOME_MULTIPLE_WITHOUT_RENT * f.annual_income_minor)


def new_repayment_minor(f: CustomerFinancials, product: str) -> int:
    """The monthly repayment a credit product would add (0 for products that are not credit)."""
    if product == MORTGAGE:
        return monthly_repayment(mortgage_loan_minor(f), MORTGAGE_STRESS_RATE,
                                 MORTGAGE_TERM_MONTHS)
    if product == PERSONAL_LOAN:
        return monthly_repayment(LOAN_AMOUNT_MINOR, LOAN_RATE, LOAN_TERM_MONTHS)
    if product in REVOLVING_LIMITS_MINOR:
        return int(REVOLVING_LIMITS_MINOR[product] * REVOLVING_REPAYMENT_SHARE)
    return 0


def affordable(f: CustomerFinancials, product: str) -> bool:
    """Today's debt payments plus the new repayment within 40 % of monthly income."""
    payments = f.monthly_debt_payments_minor + new_repayment_minor(f, product)
    return f.monthly_income_minor > 0 and payments <= AFFORDABILITY_SHARE * f.monthly_income_minor


def eligible(f: CustomerFinancials, product: str) -> Decision:
    """Whether `product` may be offered to the customer, by the rules above, in their order."""
    item = PRODUCTS[product]  # KeyError: not a product of ours
    refusal = None
    if not f.marketing_consent:
        refusal = NO_MARKETING_CONSENT
    elif product in f.holdings:
        refusal = HELD
    elif product in AGE_RULED and f.age < ADULT_AGE:
        refusal = UNDER_AGE
    elif item.credit and f.arrears:
        refusal = ARREARS
    elif product == MORTGAGE and (
            mortgage_loan_minor(f) > MAX_LOAN_TO_INCOME * f.annual_income_minor):
        refusal = OVER_INCOME_MULTIPLE
    elif product == MORTGAGE and (
            f.savings_balance_minor < mortgage_loan_minor(f) * MIN_DEPOSIT_SHARE
            / (1 - MIN_DEPOSIT_SHARE)):
        refusal = NO_DEPOSIT
    elif item.credit and not affordable(f, product):
        refusal = UNAFFORDABLE
    return Decision(refusal is None, refusal or ELIGIBLE)


def decisions(f: CustomerFinancials) -> dict[str, Decision]:
    """Every product's decision, in catalogue order (the 360 shows why one is not offered)."""
    return {p.key: eligible(f, p.key) for p in CATALOGUE}


def decision_text(decision: Decision) -> Text:
    """The decision in words, with the rule's figure where it has one."""
    if decision.reason_code == OVER_INCOME_MULTIPLE:
        return Text("loan over %(multiple)s times yearly income", multiple=MAX_LOAN_TO_INCOME)
    if decision.reason_code == NO_DEPOSIT:
        return Text("savings below a %(percent)s%% deposit", percent=round(MIN_DEPOSIT_SHARE * 100))
    if decision.reason_code == UNAFFORDABLE:
        return Text("repayments would be over %(percent)s%% of income",
                    percent=round(AFFORDABILITY_SHARE * 100))
    return Text(_WORDS[decision.reason_code])
