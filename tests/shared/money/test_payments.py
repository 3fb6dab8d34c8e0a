"""Transfers (own accounts, another customer) and bill payments."""

import pytest

from shared.models import LedgerTransaction
from shared.money import ledger, payments
from tests.factories import make_branch, make_customer
from tests.money_factories import clearing_account, make_account, new_key


@pytest.fixture
def alice(db_session):
    customer = make_customer(db_session, make_branch(db_session))
    return customer, make_account(db_session, customer, funded_minor=20_000), make_account(
        db_session, customer)


@pytest.fixture
def bob(db_session):
    customer = make_customer(db_session, make_branch(db_session))
    return customer, make_account(db_session, customer)


def test_transfer_between_own_accounts(db_session, alice):
    customer, current, savings = alice
    result = payments.transfer(db_session, customer_id=customer.id, from_account_id=current.id,
                                to_account_id=savings.id, amount_minor=5_000,
                                idempotency_key=new_key())
    assert (current.balance_minor, savings.balance_minor) == (15_000, 5_000)
    tx = db_session.get(LedgerTransaction, result.transaction_id)
    assert tx.category == "transfer_own"


def test_transfer_to_another_customer_by_number(db_session, alice, bob):
    customer, current, _ = alice
    _bob, bobs = bob
    key = new_key()
    args = dict(customer_id=customer.id, from_account_id=current.id,
                to_account_number=bobs.number, amount_minor=7_000, idempotency_key=key,
                reference="rent")
    first = payments.transfer(db_session, **args)
    again = payments.transfer(db_session, **args)
    assert again.replayed and again.response == first.response
    assert (current.balance_minor, bobs.balance_minor) == (13_000, 7_000)


def test_cannot_move_money_out_of_someone_elses_account(db_session, alice, bob):
    customer, current, _ = alice
    _bob, bobs = bob
    with pytest.raises(ledger.AccountUnavailable):
        payments.transfer(db_session, customer_id=customer.id, from_account_id=bobs.id,
                           to_account_id=current.id, amount_minor=1, idempotency_key=new_key())
    with pytest.raises(ledger.AccountUnavailable):  # "own" transfer to a stranger's account
        payments.transfer(db_session, customer_id=customer.id, from_account_id=current.id,
                           to_account_id=bobs.id, amount_minor=1, idempotency_key=new_key())


def test_transfer_refusals(db_session, alice):
    customer, current, savings = alice
    base = dict(customer_id=customer.id, from_account_id=current.id)
    with pytest.raises(ledger.InsufficientFunds):
        payments.transfer(db_session, **base, to_account_id=savings.id, amount_minor=20_001,
                           idempotency_key=new_key())
    with pytest.raises(ledger.InvalidRequest):
        payments.transfer(db_session, **base, to_account_id=current.id, amount_minor=1,
                           idempotency_key=new_key())
    with pytest.raises(ledger.AccountUnavailable):
        payments.transfer(db_session, **base, to_account_number="NOPE", amount_minor=1,
                           idempotency_key=new_key())
    with pytest.raises(ledger.InvalidRequest):
        payments.transfer(db_session, **base, to_account_id=savings.id, amount_minor=-5,
                           idempotency_key=new_key())
    assert current.balance_minor == 20_000


def test_billers_are_seeded_and_a_bill_is_paid_through_clearing(db_session, alice):
    customer, current, _ = alice
    codes = {b.code for b in payments.list_billers(db_session)}
    assert {"BRITISH-GAS", "THAMES-WATER", "TV-LICENSING"} <= codes
    clearing = clearing_account(db_session)
    before = clearing.balance_minor
    result = payments.pay_bill(db_session, customer_id=customer.id, from_account_id=current.id,
                            biller_code="TV-LICENSING", reference="1234567890",
                            amount_minor=15_950, idempotency_key=new_key())
    assert result.response["biller"] == "TV-LICENSING"
    assert current.balance_minor == 4_050 and clearing.balance_minor == before + 15_950


@pytest.mark.parametrize("biller, reference", [("TV-LICENSING", "12"), ("NOBODY", "12345678")])
def test_bad_bill_payments_are_refused(db_session, alice, biller, reference):
    customer, current, _ = alice
    clearing_account(db_session)
    with pytest.raises(ledger.InvalidRequest):
        payments.pay_bill(db_session, customer_id=customer.id, from_account_id=current.id,
                       biller_code=biller, reference=reference, amount_minor=100,
                       idempotency_key=new_key())
    assert current.balance_minor == 20_000
