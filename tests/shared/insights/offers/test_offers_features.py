"""What the figures say: products held, balances, over a limit, consent, age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from shared.insights.offers.catalogue import held_products, product_of
from shared.insights.offers.features import account_figures, age_on, has_marketing_consent


@dataclass
class View:
    kind: str
    name: str = ""
    balance_minor: int | None = 0
    limit_minor: int = 0


def test_holdings_from_our_accounts_and_another_banks():
    accounts = [View("current", limit_minor=50_000), View("savings", "Easy access saver"),
                View("savings", "Cash ISA"), View("creditcard"), View("mortgage"),
                View("loan")]
    assert held_products(accounts) == {"overdraft", "savings", "isa", "travel_card",
                                       "mortgage", "personal_loan"}
    assert product_of("current", limit_minor=0) is None
    assert product_of("savings", "VISAGE saver") == "savings"  # ISA as a word only
    assert product_of("currentaccount", limit_minor=1) == "overdraft"


def test_balances_add_savings_and_isa_and_skip_unknown_balances():
    got = account_figures([View("current", balance_minor=12_000, limit_minor=10_000),
                           View("savings", balance_minor=500_000),
                           View("savings", "Cash ISA", balance_minor=200_000),
                           View("savings", "Other bank", balance_minor=None)])
    assert (got.savings_balance_minor, got.current_balance_minor) == (700_000, 12_000)
    assert got.holdings == {"overdraft", "savings", "isa"}
    assert not got.over_limit


@pytest.mark.parametrize(("view", "over"), [
    (View("current", balance_minor=-10_001, limit_minor=10_000), True),
    (View("current", balance_minor=-10_000, limit_minor=10_000), False),
    (View("current", balance_minor=-1), True),  # no overdraft at all
    (View("credit_card", balance_minor=-500_001, limit_minor=500_000), True),
    (View("creditcard", balance_minor=-900_000, limit_minor=0), False),  # limit unknown
    (View("mortgage", balance_minor=-20_000_000), False),
])
def test_over_limit(view, over):
    assert account_figures([view]).over_limit is over


def test_marketing_consent_is_a_yes_and_nothing_else():
    assert has_marketing_consent({"marketing": "yes"})
    assert has_marketing_consent({"marketing": " Yes "})
    assert not has_marketing_consent({"marketing": "no"})
    assert not has_marketing_consent({})


def test_age_counts_whole_years():
    assert age_on(date(2008, 6, 15), date(2026, 6, 14)) == 17
    assert age_on(date(2008, 6, 15), date(2026, 6, 15)) == 18


def test_financials_refuse_what_is_not_a_figure(renter):
    with pytest.raises(ValueError):
        renter(housing_kind="houseboat")
    with pytest.raises(ValueError):
        renter(holdings=frozenset({"insurance"}))
    with pytest.raises(ValueError):
        renter(travel_spending_share=1.5)
    assert renter(monthly_income_minor=0, monthly_debt_payments_minor=1).debt_to_income \
        == float("inf")
    assert renter().monthly_surplus_minor == 100_000
