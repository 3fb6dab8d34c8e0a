"""The client against the simulated bank's faults, over real HTTP: one clear error per
failure, retries that ride out transient ones, exact amounts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.openbanking.client import AccountInformationClient, permissions_for
from shared.openbanking.errors import MESSAGES, OpenBankingError
from shared.openbanking.faults import BankFault
from shared.openbanking.simulated_data import PsuHistory
from shared.openbanking.simulated_psu import make_psu
from tests.shared.openbanking.conftest import NOW, PROVIDER

PSU = "C00000042"


@pytest.fixture
def consent_id(ob_client) -> str:
    consent = ob_client.create_consent(["accounts", "balances", "transactions"],
                                       NOW + timedelta(days=90))
    assert consent.status == "AwaitingAuthorisation"
    ob_client.authorise(consent.consent_id, PSU)
    return consent.consent_id


def _error(call, *args, **kwargs) -> OpenBankingError:
    with pytest.raises(OpenBankingError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_scopes_ask_for_the_matching_permissions():
    assert permissions_for(["accounts", "balances", "transactions"]) == [
        "ReadAccountsDetail", "ReadBalances", "ReadTransactionsDetail",
        "ReadTransactionsCredits", "ReadTransactionsDebits"]
    with pytest.raises(ValueError):
        permissions_for(["payments"])


def test_reads_every_page_of_every_account_with_exact_amounts(ob_client, consent_id, bank):
    history = PsuHistory(make_psu(7, PSU))
    accounts = {a.kind: a for a in ob_client.accounts(consent_id)}
    assert set(accounts) == {"current", "credit_card"}
    current = accounts["current"]
    assert current.name == "Everyday Current Account" and len(current.masked_identification) == 4
    balances = ob_client.balances(consent_id, current.account_id)
    booked = next(b for b in balances if b.type == "InterimBooked")
    assert booked.amount_minor == history.balance("current", NOW)
    card_booked = next(b for b in ob_client.balances(consent_id, accounts["credit_card"].account_id)
                       if b.type == "InterimBooked")
    assert card_booked.amount_minor == history.balance("card", NOW) <= 0  # owed: a debit

    found = ob_client.transactions(consent_id, current.account_id)
    expected = history.transactions("current", NOW)
    assert len(expected) > 3 * 25  # several pages
    assert {t.transaction_id: t.amount_minor for t in found} == {
        t.transaction_id: t.amount_minor for t in expected}
    salary = [t for t in found if "SALARY" in t.description]
    assert len(salary) >= 6 and all(t.amount_minor > 0 and t.kind == "bank_transfer_in"
                                    for t in salary)
    assert any(t.kind == "direct_debit" and t.description.startswith("DD ") for t in found)
    # Card payments made but not booked by now are there, pending (the store skips them).
    assert {t.transaction_id for t in found if not t.booked} == {
        t.transaction_id for t in expected if t.booked_at > NOW}

    recent = ob_client.transactions(consent_id, current.account_id,
                                    since=NOW - timedelta(days=10))
    assert recent and all(t.booked_at >= NOW - timedelta(days=10) for t in recent)
    assert len(recent) < len(found)


def test_a_slow_bank_times_out_and_is_tried_again(ob_client, consent_id, bank, sleeps,
                                                  provider, ob_settings):
    quick = AccountInformationClient(PROVIDER, provider,
                                     ob_settings.model_copy(update={"timeout_s": 0.15}),
                                     sleep=sleeps)
    quick.authorise(consent_id)
    bank.faults.inject("accounts", BankFault.SLOW)  # transient: the second try answers
    assert len(quick.accounts(consent_id)) == 2
    assert sleeps == [0.5]

    bank.faults.inject("accounts", BankFault.SLOW, times=3)
    error = _error(quick.accounts, consent_id)
    assert error.code == "timeout"
    assert error.message == MESSAGES["timeout"] % {"bank": "Northwind Bank"}
    assert sleeps == [0.5, 0.5, 1.0]
    quick.close()


def test_rate_limits_are_waited_out_as_the_bank_asks(ob_client, consent_id, bank, sleeps):
    bank.faults.inject("accounts", BankFault.RATE_LIMITED, times=2)
    assert len(ob_client.accounts(consent_id)) == 2
    assert sleeps == [1.0, 1.0]  # Retry-After: 1

    bank.faults.inject("accounts", BankFault.RATE_LIMITED, times=3)
    error = _error(ob_client.accounts, consent_id)
    assert error.code == "rate_limited" and "Northwind Bank" in error.message


def test_a_retry_after_beyond_the_cap_ends_the_fetch_at_once(ob_client, consent_id, bank,
                                                              sleeps):
    bank.faults.retry_after_s = 600  # the cap is 5 s
    bank.faults.inject("accounts", BankFault.RATE_LIMITED, times=3)
    assert _error(ob_client.accounts, consent_id).code == "rate_limited"
    assert sleeps == []
    assert len(bank.faults.history) == 1


def test_server_errors_are_tried_again_page_by_page(ob_client, consent_id, bank, sleeps):
    account_id = ob_client.accounts(consent_id)[0].account_id
    everything = ob_client.transactions(consent_id, account_id)
    # The third page fails twice, then answers: nothing is lost or repeated.
    bank.faults.inject("transactions", BankFault.SERVER_ERROR, times=2, after=2)
    again = ob_client.transactions(consent_id, account_id)
    assert [t.transaction_id for t in again] == [t.transaction_id for t in everything]
    assert sleeps == [0.5, 1.0]

    bank.faults.inject("transactions", BankFault.SERVER_ERROR, times=3)
    assert _error(ob_client.transactions, consent_id, account_id).code == "server_error"


@pytest.mark.parametrize("fault", [BankFault.MALFORMED_JSON, BankFault.MISSING_FIELDS])
def test_a_malformed_page_is_refused_not_retried(ob_client, consent_id, bank, sleeps, fault):
    account_id = ob_client.accounts(consent_id)[0].account_id
    bank.faults.inject("transactions", fault, after=1)  # the second page
    error = _error(ob_client.transactions, consent_id, account_id)
    assert error.code == "malformed"
    assert error.message == MESSAGES["malformed"] % {"bank": "Northwind Bank"}
    assert sleeps == []


def test_an_expired_or_deleted_consent_is_said_so(ob_client, consent_id, bank, clock, sleeps):
    bank.faults.inject("accounts", BankFault.CONSENT_EXPIRED)
    assert _error(ob_client.accounts, consent_id).code == "consent_expired"
    assert sleeps == []  # no point asking again

    ob_client.delete_consent(consent_id)
    assert bank.state.get(consent_id) is None
    error = _error(ob_client.accounts, consent_id)  # a fresh token is refused too
    assert error.code in ("consent_expired", "rejected")


def test_a_consent_past_its_expiry_is_refused_by_the_bank(ob_client, bank, clock):
    consent = ob_client.create_consent(["accounts"], NOW + timedelta(minutes=30))
    ob_client.authorise(consent.consent_id, PSU)
    clock.advance(minutes=31)
    assert _error(ob_client.accounts, consent.consent_id).code == "consent_expired"


def test_an_expired_access_token_is_renewed_at_a_simulated_bank(ob_client, consent_id, clock):
    clock.advance(hours=2)  # the token lived an hour; the consent lives 90 days
    assert len(ob_client.accounts(consent_id)) == 2


def test_a_scope_not_consented_to_is_refused(ob_client, bank):
    consent = ob_client.create_consent(["accounts"], NOW + timedelta(days=1))
    ob_client.authorise(consent.consent_id, PSU)
    account_id = ob_client.accounts(consent.consent_id)[0].account_id
    assert _error(ob_client.balances, consent.consent_id, account_id).code == "rejected"


def test_an_unreachable_bank_is_said_so(ob_client, consent_id, bank, sleeps):
    bank.stop()
    error = _error(ob_client.accounts, consent_id)
    assert error.code == "unreachable" and "could not be reached" in error.message
    assert len(sleeps) == 2


def test_authorising_is_only_for_a_simulated_bank(provider, ob_settings):
    real = provider.model_copy(update={"simulated": False})
    client = AccountInformationClient(PROVIDER, real, ob_settings)
    assert _error(client.authorise, "aac-1", PSU).code == "not_simulated"
    assert _error(client.accounts, "aac-1").code == "unauthorised"  # no token, no way to get one
    client.close()


def test_a_next_link_to_another_host_is_not_followed(ob_client):
    body = {"Links": {"Next": "https://elsewhere.example/steal?page=2"}}
    with pytest.raises(OpenBankingError) as caught:
        ob_client._next_page(body)
    assert caught.value.code == "malformed"
    assert ob_client._next_page({"Links": {"Self": "x"}}) is None


def test_a_missing_financial_id_is_refused(ob_client, provider, ob_settings):
    anonymous = provider.model_copy(update={"financial_id": ""})
    client = AccountInformationClient(PROVIDER, anonymous, ob_settings)
    assert _error(client.create_consent, ["accounts"], NOW + timedelta(days=1)).code == \
        "rejected"
    client.close()
