"""Withdrawal and deposit state machines: happy paths, refusals, faults, reconciliation."""

import pytest

from shared.models import Account, Branch, Device, Hold, LedgerTransaction
from shared.models.enums import DeviceStatus, Role, TransactionState
from shared.models.money import CashSession, CashSessionState
from shared.money import ledger
from shared.money.cash import deposit, withdrawal
from shared.money.cash.sessions import CashSessionError, KioskOutOfService
from tests.factories import make_staff
from tests.money_factories import make_cash_kiosk, make_customer_with_account, new_key

S = CashSessionState


@pytest.fixture
def kiosk(db_session):
    return make_cash_kiosk(db_session)


@pytest.fixture
def account(db_session, kiosk):
    return make_customer_with_account(db_session, funded_minor=50_000)[1]


def _cash_account(db_session, kiosk):
    return ledger.account_by_number(db_session, f"INT-CASH-{kiosk.code}")


def _authorise(db_session, account, kiosk, amount=10_000, key=None):
    return withdrawal.authorise(db_session, account_id=account.id, device_id=kiosk.id,
                                amount_minor=amount, idempotency_key=key or new_key(),
                                notes={"2000": amount // 2000})


def test_withdrawal_taken_posts_customer_minus_and_kiosk_cash_plus(db_session, account, kiosk):
    cash_before = _cash_account(db_session, kiosk).balance_minor
    auth = _authorise(db_session, account, kiosk)
    assert account.held_minor == 10_000 and account.balance_minor == 50_000
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    withdrawal.presented(db_session, auth.cash_session_id, notes={"2000": 5})
    cash = withdrawal.taken(db_session, auth.cash_session_id)
    db_session.refresh(account)
    assert (account.balance_minor, account.held_minor) == (40_000, 0)
    assert _cash_account(db_session, kiosk).balance_minor == cash_before + 10_000
    assert cash.state == S.TAKEN and cash.presented_at and cash.finished_at
    assert ledger.find_inconsistencies(db_session) == []


def test_withdrawal_retracted_releases_the_hold(db_session, account, kiosk):
    auth = _authorise(db_session, account, kiosk)
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    withdrawal.presented(db_session, auth.cash_session_id)
    withdrawal.retracted(db_session, auth.cash_session_id, context={"completion": "retracted"})
    db_session.refresh(account)
    assert (account.balance_minor, account.held_minor) == (50_000, 0)


def test_withdrawal_replay_returns_the_same_session_and_holds_once(db_session, account, kiosk):
    key = new_key()
    first = _authorise(db_session, account, kiosk, key=key)
    again = _authorise(db_session, account, kiosk, key=key)
    assert again.replayed and again.cash_session_id == first.cash_session_id
    assert account.held_minor == 10_000
    with pytest.raises(ledger.IdempotencyConflict):
        _authorise(db_session, account, kiosk, amount=12_000, key=key)


@pytest.mark.parametrize("amount", [0, -2_000, 60_000])
def test_withdrawal_amounts_outside_limits_are_refused(db_session, account, kiosk, amount):
    with pytest.raises(ledger.InvalidRequest):
        withdrawal.authorise(db_session, account_id=account.id, device_id=kiosk.id,
                             amount_minor=amount, idempotency_key=new_key())


def test_withdrawal_beyond_the_balance_is_refused(db_session, kiosk):
    _customer, poor = make_customer_with_account(db_session, funded_minor=5_000)
    with pytest.raises(ledger.InsufficientFunds):
        _authorise(db_session, poor, kiosk, amount=6_000)


def test_note_mix_must_add_up(db_session, account, kiosk):
    with pytest.raises(CashSessionError, match="add up"):
        withdrawal.authorise(db_session, account_id=account.id, device_id=kiosk.id,
                             amount_minor=10_000, idempotency_key=new_key(),
                             notes={"2000": 4})


def test_states_cannot_be_skipped_or_repeated(db_session, account, kiosk):
    auth = _authorise(db_session, account, kiosk)
    with pytest.raises(CashSessionError, match="expected dispensing"):
        withdrawal.presented(db_session, auth.cash_session_id)
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    with pytest.raises(CashSessionError, match="expected authorised"):
        withdrawal.begin_dispense(db_session, auth.cash_session_id)  # never dispense twice


def test_cancel_before_dispense_releases(db_session, account, kiosk):
    auth = _authorise(db_session, account, kiosk)
    cash = withdrawal.cancel(db_session, auth.cash_session_id, "customer cancelled")
    assert cash.state == S.RELEASED and account.held_minor == 0


def test_dispense_fault_with_notes_unknown_is_suspect_until_reconciled(db_session, account,
                                                                       kiosk):
    teller = make_staff(db_session, db_session.get(Branch, kiosk.branch_id), Role.TELLER)
    auth = _authorise(db_session, account, kiosk)
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    cash = withdrawal.dispense_failed(db_session, auth.cash_session_id, nothing_dispensed=False,
                                      reason="jam", context={"completion": "jammed"})
    assert cash.state == S.SUSPECT
    assert db_session.get(Device, kiosk.id).status == DeviceStatus.OUT_OF_SERVICE
    with pytest.raises(KioskOutOfService):
        _authorise(db_session, account, kiosk)
    withdrawal.WITHDRAWAL.reconcile(db_session, cash.id, outcome="taken", amount_minor=4_000,
                         counts={"2000": 3}, staff_id=teller.id)
    db_session.refresh(account)
    assert (account.balance_minor, account.held_minor) == (46_000, 0)
    assert cash.state == S.RECONCILED and cash.reconciliation["posted_minor"] == 4_000
    assert db_session.get(Device, kiosk.id).status == DeviceStatus.OK
    with pytest.raises(CashSessionError, match="not suspect"):
        withdrawal.WITHDRAWAL.reconcile(db_session, cash.id, outcome="taken", counts={},
                             staff_id=teller.id)


def test_dispense_fault_with_nothing_dispensed_releases(db_session, account, kiosk):
    auth = _authorise(db_session, account, kiosk)
    withdrawal.begin_dispense(db_session, auth.cash_session_id)
    cash = withdrawal.dispense_failed(db_session, auth.cash_session_id, nothing_dispensed=True,
                                      reason="cassette empty")
    assert cash.state == S.RELEASED and account.held_minor == 0
    assert db_session.get(Hold, cash.hold_id).state == "released"


def test_deposit_accepted_posts_customer_plus_and_kiosk_cash_minus(db_session, account, kiosk):
    cash_before = _cash_account(db_session, kiosk).balance_minor
    esc = deposit.escrow(db_session, account_id=account.id, device_id=kiosk.id,
                         notes={"1000": 3, "500": 2}, idempotency_key=new_key())
    assert esc.response["amount_minor"] == 4_000 and account.balance_minor == 50_000
    deposit.begin_accept(db_session, esc.cash_session_id)
    cash = deposit.accepted(db_session, esc.cash_session_id)
    db_session.refresh(account)
    assert account.balance_minor == 54_000
    assert _cash_account(db_session, kiosk).balance_minor == cash_before - 4_000
    assert cash.state == S.ACCEPTED
    tx = db_session.get(LedgerTransaction, cash.transaction_id)
    assert tx.state == TransactionState.POSTED


def test_deposit_rolled_back_posts_nothing(db_session, account, kiosk):
    esc = deposit.escrow(db_session, account_id=account.id, device_id=kiosk.id,
                         notes={"2000": 1}, idempotency_key=new_key())
    cash = deposit.rolled_back(db_session, esc.cash_session_id, reason="customer cancelled")
    assert cash.state == S.ROLLED_BACK and account.balance_minor == 50_000
    with pytest.raises(CashSessionError):
        deposit.begin_accept(db_session, esc.cash_session_id)


@pytest.mark.parametrize("notes", [{}, {"1000": -1}, {"abc": 1}, {"5000": 200}])
def test_bad_deposits_are_refused(db_session, account, kiosk, notes):
    with pytest.raises(ledger.LedgerError):
        deposit.escrow(db_session, account_id=account.id, device_id=kiosk.id, notes=notes,
                       idempotency_key=new_key())


def test_internal_accounts_cannot_use_the_kiosk(db_session, kiosk):
    internal = _cash_account(db_session, kiosk)
    with pytest.raises(ledger.AccountUnavailable):
        withdrawal.authorise(db_session, account_id=internal.id, device_id=kiosk.id,
                             amount_minor=2_000, idempotency_key=new_key())
    assert isinstance(internal, Account)


def test_an_account_in_another_currency_than_the_kiosks_notes_is_refused(db_session, account,
                                                                         kiosk):
    _cash_account(db_session, kiosk).currency = "KRW"
    for open_session in (_authorise, lambda s, a, k: deposit.escrow(
            s, account_id=a.id, device_id=k.id, notes={"1000": 1}, idempotency_key=new_key())):
        with pytest.raises(ledger.AccountUnavailable, match="not KRW"):
            open_session(db_session, account, kiosk)
    assert account.held_minor == 0


def test_a_deposit_left_in_escrow_by_a_restart_goes_to_the_teller(db_session, account, kiosk):
    """The acceptor's reset keeps escrowed notes in its retract bin: not returned to anyone,
    so not "rolled back" but counted by the teller (returned or credited)."""
    esc = deposit.escrow(db_session, account_id=account.id, device_id=kiosk.id,
                         notes={"2000": 2}, idempotency_key=new_key())
    report = deposit.DEPOSIT.recover(db_session, device_id=kiosk.id)
    assert report.suspects == [esc.cash_session_id] and S.ROLLED_BACK not in report.closed
    assert db_session.get(Device, kiosk.id).status == DeviceStatus.OUT_OF_SERVICE
    assert account.balance_minor == 50_000


def test_escrow_for_accept_records_both_steps_once(db_session, account, kiosk):
    key = new_key()
    first = deposit.escrow_for_accept(db_session, account_id=account.id, device_id=kiosk.id,
                                      notes={"2000": 2}, idempotency_key=key,
                                      context={"acceptor_before": {"cassettes": {},
                                                                   "bin_items": 0}})
    cash = db_session.get(CashSession, first.cash_session_id)
    assert cash.state == S.ACCEPTING and cash.device_context["acceptor_before"]
    again = deposit.escrow_for_accept(db_session, account_id=account.id, device_id=kiosk.id,
                                      notes={"2000": 2}, idempotency_key=key)
    assert again.replayed and again.cash_session_id == first.cash_session_id
    assert cash.state == S.ACCEPTING
