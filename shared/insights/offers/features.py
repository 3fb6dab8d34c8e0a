"""What an offer decision knows of a customer: one frozen record of plain figures.

The insight engine fills it from the customer's categorised movements (about six months,
shared.insights.sources), their recurring streams and their open accounts, ours and other
banks'. Everything is per month on average, in integer minor units of the customer's main
currency (shared.insights.currency), as seen from the customer: money out is spending.

- income: movements that count as income (shared.insights.taxonomy.is_income).
- spending: movements that count as spending (taxonomy.is_spending), housing included.
- housing: the rent or mortgage payment ("housing" movements). `housing_kind` says which:
  rent, mortgage, or none (nothing paid for a home: owns outright, lives with family).
  `months_renting` is how long the same rent has been paid as far as we can see (the
  engine may know more than its window: a standing order's first payment).
- debt payments: mortgage, loan ("repayments") and credit card repayments: what an
  affordability rule counts (shared.insights.offers.eligibility). Rent is not debt.
- savings: the balances of savings accounts and ISAs; current: of current accounts, and the
  lowest a current account fell to in the last month (negative when overdrawn).
- arrears: an account over its limit (overdrawn past its arranged overdraft, a card over
  its limit) or a scheduled repayment returned unpaid in the last three months.
- travel: the share of spending on travel (fares, flights, hotels) and spent abroad.
- marketing consent: the customer's preference "marketing" is "yes" (the same preference
  the outbox reads before any marketing message); no preference is no consent.

Age and language are here for the legal age rule and the fairness report only: the ranking
model never reads them (shared.insights.offers.ranking says why).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from shared.insights.offers.catalogue import KEYS, held_products
from shared.insights.outbox import MARKETING, preferences_from

HOUSING_RENT, HOUSING_MORTGAGE, HOUSING_NONE = "rent", "mortgage", "none"
HOUSING_KINDS = (HOUSING_RENT, HOUSING_MORTGAGE, HOUSING_NONE)
MARKETING_PREFERENCE = MARKETING
NEAR_ZERO_MINOR = 10_000  # a current account that fell under this (£100) ran near zero
_SAVINGS_KINDS = {"savings"}
_CURRENT_KINDS = {"current", "currentaccount"}
_CREDIT_KINDS = {"current", "currentaccount", "credit_card", "creditcard", "chargecard"}


@dataclass(frozen=True)
class CustomerFinancials:
    """The figures behind one customer's offers (money: monthly averages, minor units)."""

    age: int
    language: str
    tier: str  # shown on the 360; neither a rule nor the model reads it
    holdings: frozenset[str]  # product keys held (catalogue.held_products)
    marketing_consent: bool
    monthly_income_minor: int
    monthly_spending_minor: int
    housing_kind: str  # HOUSING_RENT, HOUSING_MORTGAGE or HOUSING_NONE
    monthly_housing_minor: int
    months_renting: int
    monthly_debt_payments_minor: int
    savings_balance_minor: int
    current_balance_minor: int
    lowest_current_balance_minor: int
    arrears: bool
    travel_spending_share: float  # 0..1
    currency: str = "GBP"

    def __post_init__(self) -> None:
        if self.housing_kind not in HOUSING_KINDS:
            raise ValueError(f"housing_kind must be one of {HOUSING_KINDS}")
        if not 0.0 <= self.travel_spending_share <= 1.0:
            raise ValueError("travel_spending_share is a share of spending, 0 to 1")
        unknown = set(self.holdings) - set(KEYS)
        if unknown:
            raise ValueError(f"unknown products held: {sorted(unknown)}")

    @property
    def annual_income_minor(self) -> int:
        return 12 * self.monthly_income_minor

    @property
    def monthly_surplus_minor(self) -> int:
        """What is left of a month's income after spending (negative: spends more)."""
        return self.monthly_income_minor - self.monthly_spending_minor

    @property
    def renting(self) -> bool:
        return self.housing_kind == HOUSING_RENT

    @property
    def near_zero(self) -> bool:
        """The current account fell near zero (or below) in the last month."""
        return self.lowest_current_balance_minor < NEAR_ZERO_MINOR

    @property
    def debt_to_income(self) -> float:
        """Debt payments as a share of income (infinite with payments and no income)."""
        if self.monthly_income_minor <= 0:
            return float("inf") if self.monthly_debt_payments_minor > 0 else 0.0
        return self.monthly_debt_payments_minor / self.monthly_income_minor


class BalanceAccount(Protocol):
    """What the balance figures need of an open account (AccountView has it)."""

    kind: str
    name: str
    balance_minor: int | None  # None: another bank did not say
    limit_minor: int


@dataclass(frozen=True)
class AccountFigures:
    """What a customer's open accounts say: products held, balances, any over its limit."""

    holdings: frozenset[str]
    savings_balance_minor: int
    current_balance_minor: int
    over_limit: bool


def account_figures(accounts: Iterable[BalanceAccount]) -> AccountFigures:
    """Holdings, savings and current balances, and whether an account is over its limit.

    Pass the accounts in the customer's main currency; an account whose balance another
    bank did not give counts as held but adds nothing.
    """
    accounts = list(accounts)
    savings = current = 0
    over = False
    for a in accounts:
        kind, balance = str(a.kind).lower(), a.balance_minor
        if balance is None:
            continue
        if kind in _SAVINGS_KINDS:
            savings += balance
        elif kind in _CURRENT_KINDS:
            current += balance
        # A card's or current account's limit is how far under zero it may go; a limit
        # of 0 on another bank's card means unknown, so only ours can be judged there.
        if kind in _CREDIT_KINDS and (a.limit_minor > 0 or kind in _CURRENT_KINDS):
            over = over or balance < -a.limit_minor
    return AccountFigures(held_products(accounts), savings, current, over)


def has_marketing_consent(preferences: Mapping[str, str]) -> bool:
    """The customer said yes to marketing (their preference "marketing" is "yes")."""
    return preferences_from(preferences).marketing


def age_on(date_of_birth: date, today: date) -> int:
    """Whole years of age on `today`."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday
