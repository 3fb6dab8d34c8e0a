"""Refreshing a consent stores all of a fetch or none of it, and never a row twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared.models import ExternalAccount, ExternalTransaction
from shared.models.enums import ConsentChannel
from shared.openbanking import consents
from shared.openbanking.errors import MESSAGES, ConsentError
from shared.openbanking.faults import BankFault
from shared.openbanking.fetch import refresh
from shared.openbanking.simulated_data import PsuHistory
from shared.openbanking.simulated_psu import make_psu
from tests.shared.openbanking.conftest import NOW, PROVIDER


def _grant(session, client, scene, scopes=("accounts", "balances", "transactions"), days=90):
    return consents.grant(session, client, scene["customer"].id, PROVIDER, scopes, days,
                          ConsentChannel.TABLET, scene["staff"].id, scene["branch"].id, NOW)


def _stored(session, consent_id: int) -> tuple[int, int]:
    accounts = session.scalar(select(func.count()).select_from(ExternalAccount)
                              .where(ExternalAccount.consent_id == consent_id))
    transactions = session.scalar(
        select(func.count()).select_from(ExternalTransaction)
        .join(ExternalAccount, ExternalAccount.id == ExternalTransaction.account_id)
        .where(ExternalAccount.consent_id == consent_id))
    return accounts, transactions


def test_a_refresh_stores_accounts_balances_and_booked_transactions_once(
        db_session, ob_client, scene):
    consent = _grant(db_session, ob_client, scene)
    first = refresh(db_session, ob_client, consent, NOW)
    assert first.ok and first.accounts == 2 and first.new_accounts == 2
    history = PsuHistory(make_psu(7, scene["customer"].customer_number))
    booked = [t for account in ("current", "card") for t in history.transactions(account, NOW)
              if t.booked_at <= NOW]
    assert first.new_transactions == len(booked)
    assert _stored(db_session, consent.id) == (2, len(booked))
    rows = {a.kind: a for a in db_session.scalars(
        select(ExternalAccount).where(ExternalAccount.consent_id == consent.id))}
    assert rows["current"].balance_minor == history.balance("current", NOW)
    assert rows["credit_card"].balance_minor == history.balance("card", NOW)
    assert rows["current"].customer_id == scene["customer"].id
    assert consent.last_fetched_at == NOW and consent.last_error == ""

    again = refresh(db_session, ob_client, consent, NOW + timedelta(hours=1))
    assert again.ok and again.new_accounts == 0 and again.new_transactions == 0
    assert _stored(db_session, consent.id) == (2, len(booked))


def test_a_failed_refresh_keeps_what_was_fetched_before(db_session, ob_client, scene, bank,
                                                         clock):
    consent = _grant(db_session, ob_client, scene)
    assert refresh(db_session, ob_client, consent, NOW).ok
    before = _stored(db_session, consent.id)
    clock.advance(days=5)  # five more days of transactions at the bank
    later = NOW + timedelta(days=5)
    # The second page asked for fails past every retry, after the first was fetched.
    bank.faults.inject("transactions", BankFault.SERVER_ERROR, times=3, after=1)
    failed = refresh(db_session, ob_client, consent, later)
    assert not failed.ok and failed.error.code == "server_error"
    assert consent.last_error == MESSAGES["server_error"] % {"bank": "Northwind Bank"}
    assert consent.last_fetched_at == NOW
    assert _stored(db_session, consent.id) == before  # nothing of the failed fetch

    bank.faults.clear()
    recovered = refresh(db_session, ob_client, consent, later)
    assert recovered.ok and recovered.new_transactions > 0
    assert consent.last_error == "" and consent.last_fetched_at == later
    assert _stored(db_session, consent.id)[1] == before[1] + recovered.new_transactions


def test_a_malformed_answer_stores_nothing(db_session, ob_client, scene, bank):
    consent = _grant(db_session, ob_client, scene)
    bank.faults.inject("balances", BankFault.MISSING_FIELDS, after=1)
    result = refresh(db_session, ob_client, consent, NOW)
    assert result.error.code == "malformed"
    assert _stored(db_session, consent.id) == (0, 0)
    assert consent.last_error.startswith("Northwind Bank sent data we could not read")


def test_only_the_consented_scopes_are_fetched(db_session, ob_client, scene):
    consent = _grant(db_session, ob_client, scene, scopes=("accounts",))
    assert refresh(db_session, ob_client, consent, NOW).ok
    assert _stored(db_session, consent.id) == (2, 0)
    assert all(a.balance_minor is None for a in db_session.scalars(
        select(ExternalAccount).where(ExternalAccount.consent_id == consent.id)))


def test_an_expired_revoked_or_statement_consent_is_not_fetched(db_session, ob_client, scene):
    consent = _grant(db_session, ob_client, scene, days=1)
    with pytest.raises(ConsentError) as caught:
        refresh(db_session, ob_client, consent, NOW + timedelta(days=1))
    assert caught.value.code == "consent_inactive"
    consents.revoke(db_session, consent.id, scene["staff"].id, NOW)
    with pytest.raises(ConsentError):
        refresh(db_session, ob_client, consent, NOW)
    statement = consents.grant(db_session, None, scene["customer"].id, consents.STATEMENT,
                               ["accounts", "transactions"], 30, ConsentChannel.COUNTER,
                               None, None, NOW)
    with pytest.raises(ConsentError) as caught:
        refresh(db_session, ob_client, statement, NOW)
    assert caught.value.code == "not_a_bank_consent"


def test_a_consent_the_bank_ended_is_reported_and_kept_locally(db_session, ob_client, scene,
                                                                bank):
    consent = _grant(db_session, ob_client, scene)
    assert refresh(db_session, ob_client, consent, NOW).ok
    bank.state.revoke(consent.remote_consent_id)  # the customer revoked it in their app
    result = refresh(db_session, ob_client, consent, NOW + timedelta(hours=1))
    assert result.error.code == "consent_expired"
    assert "give it again" in consent.last_error
    assert _stored(db_session, consent.id)[0] == 2
