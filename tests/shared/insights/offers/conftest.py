"""A customer every product may be offered to, changed one figure at a time by each test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shared.insights.offers.features import CustomerFinancials


def _renter(**changes) -> CustomerFinancials:
    """35, renting at £1,200 a month for 3 years 4 months, £4,000 a month in, £31,000 saved."""
    base = CustomerFinancials(
        age=35, language="en", tier="standard", holdings=frozenset(), marketing_consent=True,
        monthly_income_minor=400_000, monthly_spending_minor=300_000, housing_kind="rent",
        monthly_housing_minor=120_000, months_renting=40, monthly_debt_payments_minor=0,
        savings_balance_minor=3_100_000, current_balance_minor=250_000,
        lowest_current_balance_minor=80_000, arrears=False, travel_spending_share=0.03)
    return replace(base, **changes)


@pytest.fixture
def renter():
    """Build the renter, with any figure changed: renter(arrears=True)."""
    return _renter
