"""The ledger: balanced postings, funds checks, idempotency, holds, append-only entries."""

import sqlite3

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from shared.db.locks import WriteLockError, begin_write
from shared.models import Account, LedgerTransaction, Posting
from shared.money import ledger
from shared.money.ledger import Leg
from tests.factories import make_branch, make_customer
from tests.money_factories import clearing_account, make_account, new_key


@pytest.fixture
def customer(db_session):
    return make_customer(db_session, make_branch(db_session))


def _post(session, legs, key=None, **request):
    return ledger.post(session, legs, idempotency_key=key or new_key(),
                       request=request or {"legs": [(g.account_id, g.amount_minor) for g in legs]},
                       kind="test")


def _postings(session, tx_id):
    return session.scalar(select(func.count()).where(Posting.transaction_id == tx_id))


def test_post_moves_balances_and_records_balanced_postings(db_session, customer):
    a = make_account(db_session, customer, funded_minor=10_000)
    b = make_account(db_session, customer)
    result = _post(db_session, [Leg(a.id, -2_500), Leg(b.id, 2_500)])
    assert (a.balance_minor, b.balance_minor) == (7_500, 2_500)
    assert result.response["amount_minor"] == 2_500 and not result.replayed
    assert _postings(db_session, result.transaction_id) == 2
    assert ledger.find_inconsistencies(db_session, [a.id, b.id]) == []


@pytest.mark.parametrize(
    "amounts, message",
    [
        ((-100, 90), "sum to zero"),
        ((-100,), "at least two"),
        ((0, 0), "non-zero"),
        ((-1.5, 1.5), "integer"),
        ((-10**9, 10**9), "over the limit"),
    ],
)
def test_bad_postings_are_refused_and_write_nothing(db_session, customer, amounts, message):
    a = make_account(db_session, customer, funded_minor=10_000)
    b = make_account(db_session, customer)
    before = db_session.scalar(select(func.count()).select_from(LedgerTransaction))
    legs = [Leg(acc.id, amt) for acc, amt in zip((a, b), amounts, strict=False)]
    with pytest.raises(ledger.InvalidRequest, match=message):
        _post(db_session, legs)
    assert db_session.scalar(select(func.count()).select_from(LedgerTransaction)) == before


def test_no_negative_balance_without_overdraft(db_session, customer):
    a = make_account(db_session, customer, funded_minor=1_000)
    b = make_account(db_session, customer)
    with pytest.raises(ledger.InsufficientFunds):
        _post(db_session, [Leg(a.id, -1_001), Leg(b.id, 1_001)])
    db_session.refresh(a)
    assert a.balance_minor == 1_000


def test_overdraft_allows_down_to_its_limit(db_session, customer):
    a = make_account(db_session, customer, funded_minor=1_000, overdraft_minor=500)
    b = make_account(db_session, customer)
    _post(db_session, [Leg(a.id, -1_500), Leg(b.id, 1_500)])
    assert a.balance_minor == -500
    with pytest.raises(ledger.InsufficientFunds):
        _post(db_session, [Leg(a.id, -1), Leg(b.id, 1)])


def test_internal_account_may_run_negative(db_session, customer):
    clearing = clearing_account(db_session)
    b = make_account(db_session, customer)
    _post(db_session, [Leg(clearing.id, -10**6), Leg(b.id, 10**6)])
    assert b.balance_minor == 10**6


def test_replay_returns_the_first_answer_and_posts_once(db_session, customer):
    a = make_account(db_session, customer, funded_minor=10_000)
    b = make_account(db_session, customer)
    key = new_key()
    first = _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)], key, amount=300)
    again = _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)], key, amount=300)
    assert again.replayed and again.response == first.response
    assert again.transaction_id == first.transaction_id
    db_session.refresh(a)
    assert a.balance_minor == 9_700
    assert _postings(db_session, first.transaction_id) == 2


def test_same_key_with_other_parameters_is_refused(db_session, customer):
    a = make_account(db_session, customer, funded_minor=10_000)
    b = make_account(db_session, customer)
    key = new_key()
    _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)], key, amount=300)
    with pytest.raises(ledger.IdempotencyConflict, match="different request"):
        _post(db_session, [Leg(a.id, -400), Leg(b.id, 400)], key, amount=400)
    db_session.refresh(a)
    assert a.balance_minor == 9_700


def test_holds_reduce_what_can_be_spent_until_released(db_session, customer):
    a = make_account(db_session, customer, funded_minor=1_000)
    b = make_account(db_session, customer)
    tx = ledger.claim(db_session, idempotency_key=new_key(), kind="hold", request={}).transaction
    hold = ledger.place_hold(db_session, tx, a.id, 800)
    assert ledger.available_minor(a) == 200
    with pytest.raises(ledger.InsufficientFunds):
        _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)])
    ledger.release_hold(db_session, hold)
    _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)])
    with pytest.raises(ledger.LedgerError, match="already released"):
        ledger.release_hold(db_session, hold)


def test_capture_posts_against_the_hold(db_session, customer):
    a = make_account(db_session, customer, funded_minor=1_000)
    b = make_account(db_session, customer)
    tx = ledger.claim(db_session, idempotency_key=new_key(), kind="hold", request={}).transaction
    hold = ledger.place_hold(db_session, tx, a.id, 1_000)
    ledger.capture_hold(db_session, hold, [Leg(a.id, -1_000), Leg(b.id, 1_000)])
    assert (a.balance_minor, a.held_minor, hold.state) == (0, 0, "captured")
    assert ledger.find_inconsistencies(db_session, [a.id, b.id]) == []


@pytest.mark.parametrize("statement", ["UPDATE posting SET amount_minor = 0",
                                       "DELETE FROM posting"])
def test_database_refuses_to_edit_postings(db_session, customer, statement):
    make_account(db_session, customer, funded_minor=1_000)
    with pytest.raises(DBAPIError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(text(statement))


def test_mini_statement_lists_latest_postings(db_session, customer):
    a = make_account(db_session, customer, funded_minor=1_000)
    b = make_account(db_session, customer)
    _post(db_session, [Leg(a.id, -300), Leg(b.id, 300)])
    lines = ledger.mini_statement(db_session, a.id)
    assert [line["amount_minor"] for line in lines] == [-300, 1_000]


def test_sqlite_unit_of_work_really_holds_the_write_lock(fresh_database):
    if fresh_database.engine.dialect.name != "sqlite":
        pytest.skip("SQLite write-lock behaviour")
    path = fresh_database.engine.url.database
    with fresh_database.session() as session:
        begin_write(session)
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_begin_write_after_a_read_is_a_clear_error(fresh_database):
    if fresh_database.engine.dialect.name != "sqlite":
        pytest.skip("SQLite write-lock behaviour")
    with pytest.raises(WriteLockError, match="begin_write"):
        with fresh_database.session() as session:
            session.scalar(select(func.count()).select_from(Account))
            begin_write(session)
