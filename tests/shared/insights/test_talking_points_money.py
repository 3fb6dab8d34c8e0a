"""Talking points and the profile's spending speak in the customer's own currency."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.customers.profile import customer_360
from shared.i18n.text import localise
from shared.insights.currency import main_currency
from shared.insights.talking_points import talking_points
from shared.models import Account, LedgerTransaction, Posting
from shared.models.enums import AccountKind
from tests.factories import make_branch, make_customer

# Mid-month, so the three monthly payments below fall in three calendar months.
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _account(session, customer, currency, kind=AccountKind.CURRENT, number=None):
    account = Account(number=number or f"ACC-{currency}-{kind}-{customer.id}",
                      customer_id=customer.id, kind=kind, name=f"{currency} {kind}",
                      currency=currency)
    session.add(account)
    session.flush()
    return account


def _pay(session, account, days_ago, amount, category, kind, counterparty):
    tx = LedgerTransaction(kind=kind, category=category, counterparty=counterparty,
                           amount_minor=abs(amount), currency=account.currency,
                           created_at=NOW - timedelta(days=days_ago))
    session.add(tx)
    session.flush()
    session.add(Posting(transaction_id=tx.id, account_id=account.id, amount_minor=amount))


def _salary_and_rent(session, account, salary, rent):
    for month in range(3):
        _pay(session, account, 5 + 30 * month, salary, "income", "bank_transfer_in", "Acme")
        _pay(session, account, 10 + 30 * month, -rent, "housing", "standing_order", "Foxtons")


@pytest.fixture
def customer(db_session):
    return make_customer(db_session, make_branch(db_session))


@pytest.mark.parametrize(
    ("currency", "salary", "rent", "salary_text", "rent_text"),
    [("GBP", 300_000, 120_000, "£3,000.00", "£1,200.00"),
     ("KRW", 3_500_000, 1_200_000, "₩3,500,000", "₩1,200,000")],
)
def test_points_are_written_in_the_accounts_currency(
    db_session, customer, currency, salary, rent, salary_text, rent_text
):
    _salary_and_rent(db_session, _account(db_session, customer, currency), salary, rent)
    points = {p.code: p.text for p in talking_points(db_session, customer.id, NOW)}
    assert f"about {salary_text} a month" in points["salary_day"]
    assert f"Pays Foxtons about {rent_text} a month" in points["large_recurring"]
    assert f"Rents at about {rent_text} a month" in points["product_mortgage"]
    if currency == "KRW":
        assert "£" not in repr(points) and ".00" not in repr(points)


def test_only_the_main_currency_is_added_up(db_session, customer):
    """A won account's payments never join pounds in a sum."""
    pounds = _account(db_session, customer, "GBP")
    _account(db_session, customer, "GBP", AccountKind.SAVINGS, number="ACC-GBP-SAVE")
    won = _account(db_session, customer, "KRW")
    _salary_and_rent(db_session, pounds, 300_000, 120_000)
    _pay(db_session, won, 3, 5_000_000, "income", "bank_transfer_in", "Acme")
    _pay(db_session, won, 4, -2_000_000, "shopping", "card_payment", "Lotte")

    points = {p.code: p for p in talking_points(db_session, customer.id, NOW)}
    assert points["salary_day"].detail["monthly_minor"] == 300_000
    assert "₩" not in repr(points)

    profile = customer_360(db_session, customer.id, NOW)
    assert profile["currency"] == "GBP"
    assert "shopping" not in profile["spending_by_category"]
    assert profile["spending_by_category"]["income"]["in"] == 900_000
    assert {(t["counterparty"], t["currency"]) for t in profile["recent_transactions"]} == {
        ("Acme", "GBP"), ("Foxtons", "GBP"), ("Acme", "KRW"), ("Lotte", "KRW")}


@pytest.mark.parametrize(
    ("currencies", "main"),
    [([], None), (["KRW"], "KRW"), (["GBP", "KRW", "KRW"], "KRW"), (["KRW", "GBP"], "KRW"),
     (["GBP", "KRW"], "GBP")],
)
def test_the_main_currency_is_most_accounts_then_the_first(currencies, main):
    assert main_currency(currencies) == main


def test_points_are_said_in_the_readers_language(db_session, customer):
    _salary_and_rent(db_session, _account(db_session, customer, "GBP"), 300_000, 120_000)
    points = {p.code: p.text for p in talking_points(db_session, customer.id, NOW)}
    day = next(p.detail["day"] for p in talking_points(db_session, customer.id, NOW)
               if p.code == "salary_day")
    chinese = localise(points["salary_day"], "zh")
    assert f"每月 {day} 日到账" in chinese and "£3,000.00" in chinese
    assert localise(points["large_recurring"], "it") == (
        "Paga a Foxtons circa 1.200,00\xa0£ al mese (casa).")
