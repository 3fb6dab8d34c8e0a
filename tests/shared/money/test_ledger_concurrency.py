"""Real concurrency on a database of its own: parallel debits and concurrent replays."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from shared.db.locks import begin_write
from shared.models import Account, LedgerTransaction, Posting
from shared.money import ledger
from shared.money.ledger import Leg
from tests.factories import make_branch, make_customer
from tests.money_factories import make_account, new_key

OPENING = 100_000
DEBITS = 1_000
WORKERS = 16


def _setup(database, overdraft_minor=0):
    with database.session() as session:
        begin_write(session)
        customer = make_customer(session, make_branch(session))
        source = make_account(session, customer, funded_minor=OPENING,
                              overdraft_minor=overdraft_minor)
        sink = make_account(session, customer)
        return source.id, sink.id


def _debit(database, source_id, sink_id, amount, key=None, request=None):
    with database.session() as session:
        return ledger.post(session, [Leg(source_id, -amount), Leg(sink_id, amount)],
                           idempotency_key=key or new_key(),
                           request=request or {"amount": amount}, kind="test_debit")


def test_a_thousand_parallel_overdrawing_debits_leave_no_negative_balance(fresh_database):
    source_id, sink_id = _setup(fresh_database)
    rng = random.Random(5)
    amounts = [rng.randrange(100, 1_000) for _ in range(DEBITS)]  # ~5x the opening balance
    accepted: list[int] = []
    refused = 0
    lock = threading.Lock()

    def attempt(amount):
        nonlocal refused
        try:
            _debit(fresh_database, source_id, sink_id, amount)
        except ledger.InsufficientFunds:
            with lock:
                refused += 1
        else:
            with lock:
                accepted.append(amount)

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(attempt, amounts))

    assert len(accepted) + refused == DEBITS and refused > 0
    with fresh_database.session() as session:
        source = session.get(Account, source_id)
        sink = session.get(Account, sink_id)
        assert source.balance_minor >= 0
        assert source.balance_minor == OPENING - sum(accepted)
        assert sink.balance_minor == sum(accepted)
        # Nothing slipped below the smallest refused amount's worth either.
        assert source.balance_minor < 1_000
        assert ledger.find_inconsistencies(session, [source_id, sink_id]) == []
        postings = session.scalar(
            select(func.count()).where(Posting.account_id == source_id))
        assert postings == len(accepted) + 1  # plus the opening balance


def test_concurrent_replays_post_once_and_agree(fresh_database):
    source_id, sink_id = _setup(fresh_database)
    key = new_key()
    barrier = threading.Barrier(12)

    def replay(_):
        barrier.wait()
        return _debit(fresh_database, source_id, sink_id, 700, key=key,
                      request={"amount": 700})

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(replay, range(12)))

    assert sum(not r.replayed for r in results) == 1
    assert len({r.transaction_id for r in results}) == 1
    assert all(r.response == results[0].response for r in results)
    with fresh_database.session() as session:
        assert session.get(Account, source_id).balance_minor == OPENING - 700
        assert session.scalar(select(func.count()).where(
            LedgerTransaction.idempotency_key == key)) == 1


def test_concurrent_reuse_with_other_parameters_is_refused(fresh_database):
    source_id, sink_id = _setup(fresh_database)
    key = new_key()
    barrier = threading.Barrier(8)

    def attempt(amount):
        barrier.wait()
        try:
            return _debit(fresh_database, source_id, sink_id, amount, key=key,
                          request={"amount": amount})
        except ledger.IdempotencyConflict:
            return None

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, [100 + i for i in range(8)]))

    winners = [r for r in results if r is not None]
    assert len(winners) == 1 and not winners[0].replayed
    with fresh_database.session() as session:
        assert session.get(Account, source_id).balance_minor == (
            OPENING - winners[0].response["amount_minor"])
