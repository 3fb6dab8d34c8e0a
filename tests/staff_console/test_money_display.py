"""The staff console writes every amount in its own currency: the money filter and pages."""

import re
from pathlib import Path

import pytest
from flask import render_template_string

from shared.models import Account, LedgerTransaction, Posting
from shared.models.enums import AccountKind, Role
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "staff_console" / "templates"


@pytest.mark.parametrize(
    ("minor", "currency", "shown"),
    [(-123456, "GBP", "-£1,234.56"), (5, "GBP", "£0.05"), (1234567, "KRW", "₩1,234,567"),
     (None, "GBP", "")],
)
def test_the_filter_formats_in_the_currency_it_is_given(app, minor, currency, shown):
    with app.test_request_context():
        assert render_template_string("{{ m | money(c) }}", m=minor, c=currency) == shown


def test_the_filter_has_no_currency_of_its_own(app):
    with app.test_request_context(), pytest.raises(TypeError, match="currency"):
        render_template_string("{{ 5 | money }}")


def test_every_template_passes_the_currency():
    uses = [(path.name, line) for path in TEMPLATES.rglob("*.html")
            for line in path.read_text().splitlines() if re.search(r"\|\s*money\b", line)]
    assert uses, "the customer page formats balances with the filter"
    assert [use for use in uses if re.search(r"\|\s*money\b(?!\()", use[1])] == []


@pytest.fixture
def won_customer(db_session):
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="money.rm")
    customer = make_customer(db_session, branch)
    account = Account(number="KRW-0001", customer_id=customer.id, kind=AccountKind.CURRENT,
                      name="Won current account", currency="KRW", balance_minor=1_234_567)
    pounds = Account(number="GBP-0002", customer_id=customer.id, kind=AccountKind.SAVINGS,
                     name="Pound savings", currency="GBP", balance_minor=1234)
    db_session.add_all([account, pounds])
    db_session.flush()
    tx = LedgerTransaction(kind="card_payment", category="shopping", counterparty="Lotte",
                           description="Lotte Mart", amount_minor=45_000, currency="KRW")
    db_session.add(tx)
    db_session.flush()
    db_session.add(Posting(transaction_id=tx.id, account_id=account.id, amount_minor=-45_000))
    db_session.commit()
    return customer


def test_the_customer_page_shows_each_account_in_its_currency(app, won_customer):
    client = app.test_client()
    sign_in(client, "money.rm")
    page = client.get(f"/staff/customers/{won_customer.id}?reason=search")
    assert page.status_code == 200
    text = page.text
    assert "₩1,234,567<" in text and "£12.34<" in text  # balances, each its own currency
    assert "-₩45,000<" in text  # the transaction, in its account's currency
    assert "₩45,000<" in text  # spent on shopping, in the customer's main currency
    assert not re.search(r"₩[\d,]+\.\d", text)  # won have no decimals


def test_money_js_and_api_js_are_on_the_desk_page(app, db_session):
    make_staff(db_session, make_branch(db_session), Role.TELLER, username="money.teller")
    db_session.commit()
    client = app.test_client()
    sign_in(client, "money.teller")
    page = client.get("/staff/desk").text
    for script in ("/static/shared/http.js", "/static/shared/money.js", "/static/staff/api.js"):
        assert f'src="{script}"' in page
    assert 'data-locale="en-GB"' in page
    assert client.get("/static/shared/money.js").status_code == 200

