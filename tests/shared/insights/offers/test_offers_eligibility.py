"""The eligibility rules, each on its own, apart from any ranking."""

from __future__ import annotations

import pytest

from shared.insights.offers import eligibility as rules
from shared.insights.offers.catalogue import CATALOGUE, KEYS
from shared.insights.offers.eligibility import Decision, decision_text, decisions, eligible

CREDIT = [p.key for p in CATALOGUE if p.credit]
NOT_CREDIT = [p.key for p in CATALOGUE if not p.credit]


def test_the_renter_may_be_offered_everything(renter):
    assert all(d.allowed for d in decisions(renter()).values())
    assert list(decisions(renter())) == list(KEYS)


def test_arrears_bar_every_credit_product_and_nothing_else(renter):
    got = decisions(renter(arrears=True))
    assert {k for k, d in got.items() if not d.allowed} == set(CREDIT)
    assert {got[k].reason_code for k in CREDIT} == {rules.ARREARS}
    assert all(got[k].allowed for k in NOT_CREDIT)


def test_without_marketing_consent_nothing_is_offered(renter):
    got = decisions(renter(marketing_consent=False, holdings=frozenset({"savings"})))
    assert set(got.values()) == {Decision(False, rules.NO_MARKETING_CONSENT)}


@pytest.mark.parametrize("product", KEYS)
def test_a_product_held_is_not_offered(renter, product):
    got = decisions(renter(holdings=frozenset({product})))
    assert got[product] == Decision(False, rules.HELD)
    assert all(d.allowed for k, d in got.items() if k != product)


def test_under_18_no_credit_and_no_isa_but_a_savings_account(renter):
    got = decisions(renter(age=17))
    assert {k for k, d in got.items() if not d.allowed} == set(CREDIT) | {"isa"}
    assert got["savings"].allowed and got["mortgage"].reason_code == rules.UNDER_AGE
    assert all(d.allowed for d in decisions(renter(age=18)).values())


def test_affordability_counts_todays_repayments_plus_the_new_one_up_to_40_percent(renter):
    loan = rules.new_repayment_minor(renter(), "personal_loan")
    assert loan == 15_899  # £7,500 over 5 years at 9.9 %
    limit = 160_000  # 40 % of £4,000
    assert eligible(renter(monthly_debt_payments_minor=limit - loan), "personal_loan").allowed
    refused = eligible(renter(monthly_debt_payments_minor=limit - loan + 1), "personal_loan")
    assert refused == Decision(False, rules.UNAFFORDABLE)
    # A card adds only £75 a month: still affordable with the same debts.
    assert eligible(renter(monthly_debt_payments_minor=limit - loan + 1), "travel_card").allowed


def test_no_income_no_credit(renter):
    got = decisions(renter(monthly_income_minor=0))
    assert got["personal_loan"].reason_code == rules.UNAFFORDABLE
    assert got["travel_card"].reason_code == rules.UNAFFORDABLE
    assert got["savings"].allowed


def test_a_mortgage_is_sized_on_the_rent_and_kept_within_4_5_times_income(renter):
    loan = rules.mortgage_loan_minor(renter())
    assert rules.monthly_repayment(loan, 0.07, 300) == pytest.approx(120_000, abs=2)
    # £1,000 rent on £2,000 a month: a loan of about £141,000 against 4.5 x £24,000.
    got = eligible(renter(monthly_income_minor=200_000, monthly_housing_minor=100_000),
                   "mortgage")
    assert got == Decision(False, rules.OVER_INCOME_MULTIPLE)
    # Not renting: three times yearly income, always within the multiple.
    assert rules.mortgage_loan_minor(renter(housing_kind="none", monthly_housing_minor=0)) \
        == 3 * 12 * 400_000


def test_a_mortgage_needs_savings_for_a_5_percent_deposit(renter):
    loan = rules.mortgage_loan_minor(renter())
    enough = -(-loan * 5 // 95)
    assert eligible(renter(savings_balance_minor=enough), "mortgage").allowed
    assert eligible(renter(savings_balance_minor=enough - 1), "mortgage") == Decision(
        False, rules.NO_DEPOSIT)


def test_the_rules_refuse_in_their_stated_order(renter):
    everything_wrong = renter(marketing_consent=False, arrears=True, age=17,
                              holdings=frozenset({"mortgage"}))
    assert eligible(everything_wrong, "mortgage").reason_code == rules.NO_MARKETING_CONSENT
    assert eligible(renter(arrears=True, age=17, holdings=frozenset({"mortgage"})),
                    "mortgage").reason_code == rules.HELD
    assert eligible(renter(arrears=True, age=17), "mortgage").reason_code == rules.UNDER_AGE


def test_every_decision_has_words_with_the_rules_figures():
    codes = [rules.ELIGIBLE, rules.NO_MARKETING_CONSENT, rules.HELD, rules.UNDER_AGE,
             rules.ARREARS, rules.OVER_INCOME_MULTIPLE, rules.NO_DEPOSIT, rules.UNAFFORDABLE]
    words = {c: str(decision_text(Decision(c == rules.ELIGIBLE, c))) for c in codes}
    assert words[rules.UNAFFORDABLE] == "repayments would be over 40% of income"
    assert words[rules.OVER_INCOME_MULTIPLE] == "loan over 4.5 times yearly income"
    assert words[rules.NO_DEPOSIT] == "savings below a 5% deposit"
    assert len(set(words.values())) == len(codes)


def test_an_unknown_product_is_an_error(renter):
    with pytest.raises(KeyError):
        eligible(renter(), "insurance")
