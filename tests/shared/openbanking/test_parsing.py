"""Reading the API's JSON: strict on what the spec requires, forgiving on what it leaves out."""

from __future__ import annotations

import pytest

from shared.openbanking import parsing


def _transaction(**overrides) -> dict:
    item = {"AccountId": "A1", "CreditDebitIndicator": "Debit", "Status": "Booked",
            "BookingDateTime": "2025-05-02T10:00:00Z",
            "Amount": {"Amount": "3.10", "Currency": "GBP"},
            "TransactionInformation": "PRET A MANGER"}
    item.update(overrides)
    return {k: v for k, v in item.items() if v is not None}


def test_a_transaction_without_an_id_gets_a_stable_one_per_occurrence():
    body = {"Data": {"Transaction": [_transaction(), _transaction(), _transaction(
        CreditDebitIndicator="Credit")]}}
    first = parsing.fill_missing_ids(parsing.transactions(body))
    again = parsing.fill_missing_ids(parsing.transactions(body))
    assert [t.transaction_id for t in first] == [t.transaction_id for t in again]
    assert len({t.transaction_id for t in first}) == 3
    assert [t.amount_minor for t in first] == [-310, -310, 310]


def test_how_it_moved_comes_from_the_banks_code_or_the_iso_family():
    body = {"Data": {"Transaction": [
        _transaction(ProprietaryBankTransactionCode={"Code": "dd"}),
        _transaction(BankTransactionCode={"Code": "ReceivedCreditTransfer",
                                          "SubCode": "DomesticCreditTransfer"}),
        _transaction(TransactionInformation=None, MerchantDetails={"MerchantName": "TESCO"}),
    ]}}
    found = parsing.transactions(body)
    assert [t.kind for t in found] == ["direct_debit", "bank_transfer_in", ""]
    assert found[2].description == found[2].counterparty == "TESCO"  # a Basic read


@pytest.mark.parametrize("broken", [
    {"Amount": None}, {"CreditDebitIndicator": "Both"}, {"BookingDateTime": "yesterday"},
    {"Amount": {"Amount": "3.105", "Currency": "GBP"}}, {"Amount": {"Amount": 3.1,
                                                                    "Currency": "GBP"}},
    {"AccountId": ""},
])
def test_what_the_spec_requires_must_be_there_and_exact(broken):
    with pytest.raises(ValueError):
        parsing.transactions({"Data": {"Transaction": [_transaction(**broken)]}})


def test_accounts_and_the_balance_to_show():
    accounts = parsing.accounts({"Data": {"Account": [
        {"AccountId": "A1", "Currency": "GBP", "AccountSubType": "ChargeCard",
         "Account": [{"SchemeName": "UK.OBIE.PAN", "Identification": "xxxx xxxx xxxx 9876"}]},
        {"AccountId": "A2", "Currency": "GBP", "AccountSubType": "Savings",
         "Description": "Easy Saver"}]}})
    assert [(a.kind, a.name, a.masked_identification) for a in accounts] == [
        ("charge_card", "ChargeCard", "9876"), ("savings", "Easy Saver", "")]
    with pytest.raises(ValueError):
        parsing.accounts({"Data": {"Account": [{"AccountId": "A1"}]}})  # no currency
    balances = parsing.balances({"Data": {"Balance": [
        {"AccountId": "A1", "CreditDebitIndicator": "Credit", "Type": "ClosingAvailable",
         "DateTime": "2025-05-02T00:00:00+01:00", "Amount": {"Amount": "5", "Currency": "GBP"}},
        {"AccountId": "A1", "CreditDebitIndicator": "Debit", "Type": "InterimBooked",
         "DateTime": "2025-05-02", "Amount": {"Amount": "1.00", "Currency": "GBP"}}]}})
    chosen = parsing.preferred_balance(balances)
    assert (chosen.type, chosen.amount_minor) == ("InterimBooked", -100)
    assert balances[0].at.hour == 23  # kept in UTC
    assert parsing.preferred_balance([]) is None
