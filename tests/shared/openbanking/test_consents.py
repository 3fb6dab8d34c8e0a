"""Giving and revoking consent: checked, audited, and a revocation deletes every trace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared.models import AuditEntry, CategoryCorrection, ExternalAccount, ExternalTransaction
from shared.models.enums import ActorType, ConsentChannel
from shared.openbanking import consents
from shared.openbanking.errors import ConsentError, OpenBankingError
from shared.openbanking.faults import BankFault
from shared.openbanking.fetch import refresh
from tests.shared.openbanking.conftest import NOW, PROVIDER

ALL = ("transactions", "accounts", "balances")


def _grant(session, client, scene, scopes=ALL, days=None, provider=PROVIDER, staff=True):
    return consents.grant(session, client, scene["customer"].id, provider, scopes, days,
                          ConsentChannel.TABLET, scene["staff"].id if staff else None,
                          scene["branch"].id, NOW)


def _audit(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                .order_by(AuditEntry.seq)))


def test_grant_creates_and_approves_the_consent_at_the_bank_and_audits_it(
        db_session, ob_client, scene, bank):
    consent = _grant(db_session, ob_client, scene)
    assert consent.scopes == ["accounts", "balances", "transactions"]
    assert consent.expires_at == NOW + timedelta(days=90)  # the settings' consent_days
    assert consent.channel == ConsentChannel.TABLET and consent.witness_id == scene["staff"].id
    remote = bank.state.get(consent.remote_consent_id)
    assert remote.status == "Authorised" and remote.psu_id == scene["customer"].customer_number
    assert remote.expires_at == consent.expires_at
    assert set(remote.permissions) >= {"ReadAccountsDetail", "ReadBalances",
                                       "ReadTransactionsDetail"}
    entry = _audit(db_session, "openbanking.consent_given")[-1]
    assert entry.actor_type == ActorType.STAFF and entry.subject_id == scene["customer"].id
    assert entry.detail["consent_id"] == consent.id and entry.detail["provider"] == PROVIDER
    assert consents.active_consents(db_session, scene["customer"].id, NOW) == [consent]


@pytest.mark.parametrize("scopes, days, code", [
    ((), None, "bad_scopes"),
    (("accounts", "payments"), None, "bad_scopes"),
    (("transactions",), None, "accounts_needed"),
    (("accounts",), 0, "bad_days"),
    (("accounts",), 400, "bad_days"),
])
def test_grant_refuses_bad_scopes_and_periods(db_session, ob_client, scene, bank, scopes,
                                              days, code):
    with pytest.raises(ConsentError) as caught:
        _grant(db_session, ob_client, scene, scopes=scopes, days=days)
    assert caught.value.code == code
    assert bank.state.consents() == []  # the bank was not asked


def test_grant_refuses_an_unknown_provider(db_session, ob_client, scene):
    with pytest.raises(ConsentError) as caught:
        _grant(db_session, ob_client, scene, provider="elsewhere")
    assert caught.value.code == "unknown_provider"


def test_a_bank_that_refuses_leaves_no_consent_behind(db_session, ob_client, scene, bank):
    bank.faults.inject("create_consent", BankFault.SERVER_ERROR, times=3)
    with pytest.raises(OpenBankingError) as caught:
        _grant(db_session, ob_client, scene)
    assert caught.value.code == "server_error"
    assert consents.active_consents(db_session, scene["customer"].id, NOW) == []
    assert _audit(db_session, "openbanking.consent_given") == []


def test_revoke_deletes_accounts_transactions_and_their_corrections(db_session, ob_client,
                                                                     scene, bank):
    consent = _grant(db_session, ob_client, scene)
    assert refresh(db_session, ob_client, consent, NOW).ok
    customer, staff = scene["customer"], scene["staff"]
    fetched = db_session.scalars(select(ExternalTransaction).where(
        ExternalTransaction.customer_id == customer.id).limit(2)).all()
    for t in fetched:
        db_session.add(CategoryCorrection(ref=f"external:{t.id}", customer_id=customer.id,
                                          description=t.description, category="groceries",
                                          amount_minor=t.amount_minor, staff_id=staff.id))
    # A correction of one of our own ledger's transactions is not the consent's to delete.
    db_session.add(CategoryCorrection(ref="ledger:999999", customer_id=customer.id,
                                      description="x", amount_minor=-100, category="bills",
                                      staff_id=staff.id))
    db_session.flush()
    accounts = db_session.scalar(select(func.count()).select_from(ExternalAccount)
                                 .where(ExternalAccount.consent_id == consent.id))
    transactions = db_session.scalar(select(func.count()).select_from(ExternalTransaction)
                                     .where(ExternalTransaction.customer_id == customer.id))

    done = consents.revoke(db_session, consent.id, staff.id, NOW + timedelta(days=1), ob_client)
    assert (done.accounts_deleted, done.transactions_deleted, done.corrections_deleted) == (
        accounts, transactions, 2)
    assert done.remote_deleted and bank.state.get(consent.remote_consent_id) is None
    assert consent.revoked_at == NOW + timedelta(days=1) and consent.revoked_by_id == staff.id
    left = db_session.scalars(select(CategoryCorrection.ref).where(
        CategoryCorrection.customer_id == customer.id)).all()
    assert left == ["ledger:999999"]
    assert db_session.scalar(select(func.count()).select_from(ExternalTransaction).where(
        ExternalTransaction.customer_id == customer.id)) == 0
    assert db_session.scalar(select(func.count()).select_from(ExternalAccount).where(
        ExternalAccount.customer_id == customer.id)) == 0
    entry = _audit(db_session, "openbanking.consent_revoked")[-1]
    assert entry.detail["transactions_deleted"] == transactions
    assert entry.detail["remote_deleted"] is True
    assert consents.active_consents(db_session, customer.id, NOW + timedelta(days=1)) == []
    # Revoking again changes nothing and audits nothing more.
    assert consents.revoke(db_session, consent.id, staff.id, NOW, ob_client).accounts_deleted == 0
    assert len(_audit(db_session, "openbanking.consent_revoked")) == 1


def test_revoke_deletes_locally_even_when_the_bank_cannot_be_told(db_session, ob_client,
                                                                 scene, bank):
    consent = _grant(db_session, ob_client, scene, staff=False)
    assert refresh(db_session, ob_client, consent, NOW).ok
    bank.stop()
    done = consents.revoke(db_session, consent.id, None, NOW, ob_client)
    assert not done.remote_deleted and done.transactions_deleted > 0
    assert db_session.scalar(select(func.count()).select_from(ExternalAccount).where(
        ExternalAccount.consent_id == consent.id)) == 0
    entry = _audit(db_session, "openbanking.consent_revoked")[-1]
    assert entry.actor_type == ActorType.CUSTOMER and entry.detail["remote_deleted"] is False


def test_active_consents_leave_out_expired_and_revoked_ones(db_session, ob_client, scene):
    short = _grant(db_session, ob_client, scene, scopes=("accounts",), days=1)
    statement = _grant(db_session, None, scene, scopes=("accounts", "transactions"), days=30,
                       provider=consents.STATEMENT)
    customer_id = scene["customer"].id
    assert consents.active_consents(db_session, customer_id, NOW) == [short, statement]
    assert consents.active_consents(db_session, customer_id, NOW + timedelta(days=2)) == [
        statement]
    consents.revoke(db_session, statement.id, scene["staff"].id, NOW)
    assert consents.active_consents(db_session, customer_id, NOW) == [short]


def test_giving_consent_again_renews_it_and_keeps_what_was_fetched(db_session, ob_client,
                                                                  scene, bank):
    old = _grant(db_session, ob_client, scene)
    assert refresh(db_session, ob_client, old, NOW).ok
    account_ids = set(db_session.scalars(select(ExternalAccount.id).where(
        ExternalAccount.consent_id == old.id)))
    new = _grant(db_session, ob_client, scene)
    assert old.revoked_at == NOW and bank.state.get(old.remote_consent_id) is None
    assert set(db_session.scalars(select(ExternalAccount.id).where(
        ExternalAccount.consent_id == new.id))) == account_ids
    assert new.last_fetched_at == old.last_fetched_at
    assert refresh(db_session, ob_client, new, NOW).new_transactions == 0
    assert consents.active_consents(db_session, scene["customer"].id, NOW) == [new]


def test_a_narrower_consent_given_again_deletes_what_it_no_longer_allows(db_session,
                                                                         ob_client, scene):
    old = _grant(db_session, ob_client, scene)
    assert refresh(db_session, ob_client, old, NOW).ok
    new = _grant(db_session, ob_client, scene, scopes=("accounts",))
    assert db_session.scalar(select(func.count()).select_from(ExternalTransaction).where(
        ExternalTransaction.customer_id == scene["customer"].id)) == 0
    assert new.last_fetched_at is None
