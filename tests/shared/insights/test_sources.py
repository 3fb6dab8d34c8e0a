"""What the insight engine reads: own transfers are neither income nor spending, a mortgage
payment counts once as housing, other banks' data only under an active consent."""

from datetime import UTC, datetime, timedelta

from shared.insights.sources import customer_data
from shared.models import (
    Account,
    DataSharingConsent,
    ExternalAccount,
    ExternalTransaction,
    LedgerTransaction,
    Posting,
)
from shared.models.enums import AccountKind, ConsentChannel
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _account(session, customer, kind, number):
    account = Account(number=number, customer_id=customer.id, kind=kind, name=str(kind))
    session.add(account)
    session.flush()
    return account


def _move(session, legs, days_ago, description, counterparty="", kind="transfer"):
    tx = LedgerTransaction(kind=kind, description=description, counterparty=counterparty,
                           amount_minor=abs(legs[0][1]), created_at=NOW - timedelta(days=days_ago))
    session.add(tx)
    session.flush()
    for account, amount in legs:
        session.add(Posting(transaction_id=tx.id, account_id=account.id, amount_minor=amount))
    session.flush()
    return tx


def test_own_transfers_and_a_mortgage_payment_count_once(db_session):
    customer = make_customer(db_session, make_branch(db_session))
    current = _account(db_session, customer, AccountKind.CURRENT, "C-1")
    card = _account(db_session, customer, AccountKind.CREDIT_CARD, "CC-1")
    mortgage = _account(db_session, customer, AccountKind.MORTGAGE, "M-1")
    outside = Account(number="CLEARING", kind=AccountKind.INTERNAL, name="clearing",
                      allow_negative=True)
    db_session.add(outside)
    db_session.flush()
    salary = _move(db_session, [(outside, -250_000), (current, 250_000)], 20, "Salary",
                   "Acme Ltd", "bank_transfer_in")
    repay = _move(db_session, [(current, -30_000), (card, 30_000)], 10, "Credit card repayment")
    housing = _move(db_session, [(current, -95_000), (mortgage, 95_000)], 5, "Mortgage payment",
                    "SmartBranch Mortgages", "direct_debit")

    data = customer_data(db_session, customer.id, NOW)

    leg = {(m.account, m.ref): m for m in data.movements}
    paid = leg[(f"ours:{current.id}", f"ledger:{salary.id}")]
    assert (paid.description, paid.category) == ("Salary Acme Ltd", "")  # the model decides
    assert leg[(f"ours:{current.id}", f"ledger:{repay.id}")].category == "own_transfer"
    assert leg[(f"ours:{card.id}", f"ledger:{repay.id}")].category == "own_transfer"
    assert leg[(f"ours:{current.id}", f"ledger:{housing.id}")].category == "housing"
    assert leg[(f"ours:{mortgage.id}", f"ledger:{housing.id}")].category == "own_transfer"
    assert [m.at for m in data.movements] == sorted(m.at for m in data.movements)
    assert {a.key for a in data.accounts} == {f"ours:{a.id}" for a in (current, card, mortgage)}


def test_other_banks_data_only_while_the_consent_is_active(db_session):
    customer = make_customer(db_session, make_branch(db_session))
    consent = DataSharingConsent(customer_id=customer.id, provider="northfield",
                                 scopes=["accounts", "transactions"], text_version="ais-1",
                                 channel=ConsentChannel.TABLET, given_at=NOW - timedelta(days=3),
                                 expires_at=NOW + timedelta(days=87))
    db_session.add(consent)
    db_session.flush()
    account = ExternalAccount(consent_id=consent.id, customer_id=customer.id, remote_id="A1",
                              name="Everyday", kind="currentaccount",
                              masked_identification="****1234", balance_minor=12_345)
    db_session.add(account)
    db_session.flush()
    db_session.add(ExternalTransaction(account_id=account.id, customer_id=customer.id,
                                       remote_id="T1", booked_at=NOW - timedelta(days=2),
                                       amount_minor=-450, description="PRET A MANGER 123"))
    db_session.flush()

    data = customer_data(db_session, customer.id, NOW)
    assert [(m.description, m.amount_minor, m.ref[:9]) for m in data.movements] == [
        ("PRET A MANGER 123", -450, "external:")]
    assert data.accounts[0].last4 == "1234" and not data.accounts[0].ours

    consent.expires_at = NOW - timedelta(seconds=1)
    db_session.flush()
    assert customer_data(db_session, customer.id, NOW).movements == ()
