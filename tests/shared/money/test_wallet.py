"""Digital-wallet binding: consent, one-time code (hash only), token, revoke, list."""

from datetime import timedelta

import pytest

from shared.db.base import utcnow
from shared.models.enums import Role
from shared.models.money import WalletTokenStatus
from shared.money import ledger, wallet
from tests.factories import make_branch, make_customer, make_staff
from tests.money_factories import make_account


@pytest.fixture
def holder(db_session):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    return customer, make_account(db_session, customer), make_staff(db_session, branch,
                                                                    Role.TELLER)


def _start(db_session, customer, account, **kw):
    return wallet.start_binding(db_session, customer_id=customer.id, account_id=account.id,
                                provider=kw.pop("provider", "apple_pay"),
                                consent_given=kw.pop("consent_given", True),
                                consent_text_version="wallet-v1",
                                card_reference="**** 4242", **kw)


def test_bind_with_the_right_code_and_revoke(db_session, holder):
    customer, account, teller = holder
    token, code = _start(db_session, customer, account)
    assert len(code) == 6 and code not in token.code_hash
    result = wallet.confirm_binding(db_session, token.id, code=code,
                                    token_reference="DPAN-000111222")
    assert result.activated and token.status == WalletTokenStatus.ACTIVE
    assert wallet.list_tokens(db_session, customer.id) == [token]
    wallet.revoke(db_session, token.id, staff_id=teller.id, reason="lost phone")
    assert token.status == WalletTokenStatus.REVOKED and token.revoked_at is not None
    with pytest.raises(wallet.WalletError, match="already revoked"):
        wallet.revoke(db_session, token.id, staff_id=teller.id, reason="again")


def test_no_binding_without_consent(db_session, holder):
    customer, account, _ = holder
    with pytest.raises(ledger.InvalidRequest, match="consented"):
        _start(db_session, customer, account, consent_given=False)
    with pytest.raises(ledger.InvalidRequest, match="provider"):
        _start(db_session, customer, account, provider="paypal")


def test_wrong_codes_are_counted_and_expire_the_binding(db_session, holder):
    customer, account, _ = holder
    token, code = _start(db_session, customer, account)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(3):
        result = wallet.confirm_binding(db_session, token.id, code=wrong,
                                        token_reference="DPAN-000111222")
        assert not result.activated
    assert token.status == WalletTokenStatus.EXPIRED and token.failed_attempts == 3
    with pytest.raises(wallet.WalletError):
        wallet.confirm_binding(db_session, token.id, code=code, token_reference="DPAN-0001112")


def test_a_late_code_is_refused(db_session, holder):
    customer, account, _ = holder
    token, code = _start(db_session, customer, account)
    result = wallet.confirm_binding(db_session, token.id, code=code,
                                    token_reference="DPAN-000111222",
                                    now=utcnow() + timedelta(minutes=10))
    assert not result.activated and token.status == WalletTokenStatus.EXPIRED
