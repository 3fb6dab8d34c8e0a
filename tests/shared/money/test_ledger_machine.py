"""A Hypothesis state machine over the ledger: money is conserved and every rule holds."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from shared.models import Account, Posting
from shared.money import ledger
from shared.money.ledger import Leg
from tests.factories import make_branch, make_customer
from tests.money_factories import clearing_account, make_account, new_key

amounts = st.integers(min_value=1, max_value=50_000)


class LedgerMachine(RuleBasedStateMachine):
    """Random transfers, holds, releases, captures and replays against a few accounts."""

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.savepoint = session.begin_nested()
        customer = make_customer(session, make_branch(session))
        self.clearing = clearing_account(session)
        self.accounts = [
            make_account(session, customer),
            make_account(session, customer),
            make_account(session, customer, overdraft_minor=20_000),
        ]
        self.ids = [self.clearing.id] + [a.id for a in self.accounts]
        self.holds = []
        self.keys = []  # (key, legs, request) of accepted posts

    @initialize(opening=st.lists(amounts, min_size=3, max_size=3))
    def open_accounts(self, opening):
        for account, amount in zip(self.accounts, opening, strict=True):
            self._post([Leg(self.clearing.id, -amount), Leg(account.id, amount)])

    def _post(self, legs):
        request = {"legs": [(g.account_id, g.amount_minor) for g in legs]}
        key = new_key()
        try:
            result = ledger.post(self.session, legs, idempotency_key=key, request=request,
                                 kind="test")
        except ledger.InsufficientFunds:
            return None
        self.keys.append((key, legs, request, result.response))
        return result

    @rule(src=st.integers(0, 3), dst=st.integers(0, 3), amount=amounts)
    def transfer(self, src, dst, amount):
        if src == dst:
            return
        self._post([Leg(self.ids[src], -amount), Leg(self.ids[dst], amount)])

    @rule(src=st.integers(1, 3), amount=amounts, split=st.integers(1, 99))
    def three_legged(self, src, amount, split):
        part = max(1, amount * split // 100)
        if part >= amount:
            return
        others = [i for i in range(1, 4) if i != src]
        self._post([Leg(self.ids[src], -amount), Leg(self.ids[others[0]], part),
                    Leg(self.ids[others[1]], amount - part)])

    @rule(who=st.integers(1, 3), amount=amounts)
    def hold(self, who, amount):
        tx = ledger.claim(self.session, idempotency_key=new_key(), kind="hold",
                          request={}).transaction
        try:
            with self.session.begin_nested():
                self.holds.append(ledger.place_hold(self.session, tx, self.ids[who], amount))
        except ledger.InsufficientFunds:
            pass

    @precondition(lambda self: self.holds)
    @rule(index=st.integers(0, 100))
    def release(self, index):
        ledger.release_hold(self.session, self.holds.pop(index % len(self.holds)))

    @precondition(lambda self: self.holds)
    @rule(index=st.integers(0, 100))
    def capture_to_clearing(self, index):
        hold = self.holds.pop(index % len(self.holds))
        ledger.capture_hold(self.session, hold, [Leg(hold.account_id, -hold.amount_minor),
                                                 Leg(self.clearing.id, hold.amount_minor)])

    @precondition(lambda self: self.keys)
    @rule(index=st.integers(0, 100))
    def replay(self, index):
        key, legs, request, response = self.keys[index % len(self.keys)]
        count = self._posting_count()
        again = ledger.post(self.session, legs, idempotency_key=key, request=request,
                            kind="test")
        assert again.replayed and again.response == response
        assert self._posting_count() == count

    def _posting_count(self):
        return self.session.scalar(
            select(func.count()).where(Posting.account_id.in_(self.ids)))

    @invariant()
    def ledger_is_consistent(self):
        self.session.flush()
        accounts = self.session.scalars(
            select(Account).where(Account.id.in_(self.ids))
            .execution_options(populate_existing=True)).all()
        assert sum(a.balance_minor for a in accounts) == 0  # total conserved
        for account in accounts:
            available = ledger.available_minor(account)
            assert available is None or available >= 0
            if not account.allow_negative:
                assert account.balance_minor >= -account.overdraft_limit_minor
        assert ledger.find_inconsistencies(self.session, self.ids) == []

    def teardown(self):
        self.savepoint.rollback()


def test_ledger_state_machine(db_session):
    run_state_machine_as_test(
        lambda: LedgerMachine(db_session),
        settings=settings(max_examples=25, stateful_step_count=20, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )


def test_the_invariant_check_catches_a_corrupted_balance(db_session):
    machine = LedgerMachine(db_session)
    machine.open_accounts([100, 200, 300])
    machine.accounts[0].balance_minor += 1  # money from nowhere
    with pytest.raises(AssertionError):
        machine.ledger_is_consistent()
    machine.teardown()
