"""Kiosk leases: one holder at a time, a token that grows with each change of hands, and a
fence that refuses a stale holder's cash step in the step's own transaction."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from shared.db.base import utcnow
from shared.devices import leases
from shared.devices.leases import StaleLease
from shared.models import CashSession
from shared.models.money import CashSessionState
from shared.money.cash import withdrawal
from tests.factories import make_branch, make_kiosk
from tests.money_factories import make_cash_kiosk, make_customer_with_account, new_key

TTL = 10.0


def _kiosk(database) -> int:
    with database.session() as s:
        return make_kiosk(s, make_branch(s)).id


def _acquire(database, device_id, holder, now=None, ttl=TTL):
    with database.session() as s:
        return leases.acquire(s, device_id, holder, ttl, now=now)


def _renew(database, lease, now=None, ttl=TTL):
    with database.session() as s:
        return leases.renew(s, lease, ttl, now=now)


def _check(database, device_id, token, now=None):
    with database.session() as s:
        leases.check_fence(s, device_id, token, now=now)


def test_the_first_holder_gets_token_one_and_a_second_waits(database):
    kiosk, t0 = _kiosk(database), utcnow()
    first = _acquire(database, kiosk, "edge-a:1:aa", t0)
    assert first == leases.Lease(kiosk, "edge-a:1:aa", 1, t0 + timedelta(seconds=TTL))
    assert _acquire(database, kiosk, "edge-b:2:bb", t0 + timedelta(seconds=9)) is None
    # Ours and running: the same tenure, extended.
    again = _acquire(database, kiosk, "edge-a:1:aa", t0 + timedelta(seconds=5))
    assert (again.token, again.expires_at) == (1, t0 + timedelta(seconds=15))
    assert _acquire(database, kiosk, "edge-b:2:bb", t0 + timedelta(seconds=14)) is None


def test_an_expired_lease_goes_to_the_next_holder_under_the_next_token(database):
    kiosk, t0 = _kiosk(database), utcnow()
    a = _acquire(database, kiosk, "a", t0)
    b = _acquire(database, kiosk, "b", t0 + timedelta(seconds=TTL))  # exactly at expiry
    assert (b.holder, b.token) == ("b", 2)
    assert _renew(database, a, t0 + timedelta(seconds=11)) is None  # a lost it
    assert _acquire(database, kiosk, "a", t0 + timedelta(seconds=12)) is None
    c = _acquire(database, kiosk, "a", t0 + timedelta(seconds=21))
    assert (c.holder, c.token) == ("a", 3)
    with database.session() as s:
        assert leases.current(s, kiosk) == c


def test_renewal_extends_a_held_lease_and_refuses_a_lapsed_one(database):
    kiosk, t0 = _kiosk(database), utcnow()
    lease = _acquire(database, kiosk, "a", t0)
    renewed = _renew(database, lease, t0 + timedelta(seconds=6))
    assert (renewed.token, renewed.expires_at) == (1, t0 + timedelta(seconds=16))
    assert _renew(database, renewed, t0 + timedelta(seconds=16)) is None
    # Even the same holder starts a new tenure once its lease lapsed: a token a stale
    # thread of the old tenure may still hold must not pass the new tenure's fence.
    back = _acquire(database, kiosk, "a", t0 + timedelta(seconds=17))
    assert back.token == 2
    with pytest.raises(StaleLease):
        _check(database, kiosk, 1, t0 + timedelta(seconds=17))


def test_release_frees_the_lease_at_once_and_keeps_the_token_counter(database):
    kiosk = _kiosk(database)
    a = _acquire(database, kiosk, "a")
    with database.session() as s:
        leases.release(s, leases.Lease(kiosk, "somebody-else", 1, a.expires_at))  # not theirs
    assert _acquire(database, kiosk, "b") is None
    with database.session() as s:
        leases.release(s, a)
    b = _acquire(database, kiosk, "b")
    assert (b.holder, b.token) == ("b", 2)
    with database.session() as s:
        leases.release(s, a)  # a second release of a lost lease changes nothing
    assert _renew(database, b).token == 2


def test_the_fence_passes_only_the_current_unexpired_token(database):
    kiosk, t0 = _kiosk(database), utcnow()
    with pytest.raises(StaleLease, match="no lease"):
        _check(database, kiosk, 1, t0)
    _acquire(database, kiosk, "a", t0)
    _check(database, kiosk, 1, t0 + timedelta(seconds=9))
    with pytest.raises(StaleLease, match="expired"):
        _check(database, kiosk, 1, t0 + timedelta(seconds=TTL))
    _acquire(database, kiosk, "b", t0 + timedelta(seconds=11))
    with pytest.raises(StaleLease, match=r"token 1 refused: the lease changed hands \(token 2"):
        _check(database, kiosk, 1, t0 + timedelta(seconds=12))
    _check(database, kiosk, 2, t0 + timedelta(seconds=12))


def test_a_stale_token_cannot_move_a_withdrawal(database):
    with database.session() as s:
        kiosk = make_cash_kiosk(s)
        _customer, account = make_customer_with_account(s, funded_minor=50_000)
        kiosk_id, account_id = kiosk.id, account.id
    stale = _acquire(database, kiosk_id, "dead-agent")
    with database.session() as s:
        stale.fence.check(s)
        cash_id = withdrawal.authorise(s, account_id=account_id, device_id=kiosk_id,
                                       amount_minor=10_000,
                                       idempotency_key=new_key()).cash_session_id
    with database.session() as s:
        leases.release(s, stale)  # as if it had expired: the standby takes over
    standby = _acquire(database, kiosk_id, "standby")
    assert standby.token == stale.token + 1
    with pytest.raises(StaleLease, match="changed hands"):
        with database.session() as s:
            stale.fence.check(s)
            withdrawal.begin_dispense(s, cash_id)
    with database.session() as s:
        assert s.get(CashSession, cash_id).state is CashSessionState.AUTHORISED
        standby.fence.check(s)
        withdrawal.begin_dispense(s, cash_id)  # the current holder's step goes through
    with database.session() as s:
        assert s.get(CashSession, cash_id).state is CashSessionState.DISPENSING


def test_two_holders_racing_for_a_new_kiosk_and_for_an_expired_one(fresh_database):
    kiosk = _kiosk(fresh_database)
    racers = 6

    def race(tag: str) -> list:
        barrier, won, errors = threading.Barrier(racers), [], []

        def run(n: int) -> None:
            try:
                barrier.wait(10)
                won.append(_acquire(fresh_database, kiosk, f"{tag}-{n}"))
            except Exception as exc:  # noqa: BLE001 - collected, asserted below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        return [lease for lease in won if lease is not None]

    first = race("new")
    assert len(first) == 1 and first[0].token == 1
    with fresh_database.session() as s:
        leases.release(s, first[0])
    second = race("expired")
    assert len(second) == 1 and second[0].token == 2
    with fresh_database.session() as s:
        assert leases.current(s, kiosk) == second[0]


def test_a_takeover_waits_for_the_fenced_step_in_flight(fresh_database):
    kiosk, t0 = _kiosk(fresh_database), utcnow()
    lease = _acquire(fresh_database, kiosk, "driver", t0, ttl=1.0)
    step_open, step_done, took = threading.Event(), threading.Event(), []

    def fenced_step() -> None:
        with fresh_database.session() as s:
            leases.check_fence(s, kiosk, lease.token, now=t0)  # passes, and holds the lock
            step_open.set()
            step_done.wait(10)

    def takeover() -> None:
        took.append(_acquire(fresh_database, kiosk, "standby", t0 + timedelta(seconds=5)))

    step = threading.Thread(target=fenced_step)
    step.start()
    assert step_open.wait(10)
    thief = threading.Thread(target=takeover)
    thief.start()
    thief.join(0.7)
    assert thief.is_alive() and took == []  # it waits for the step's commit
    step_done.set()
    step.join(10)
    thief.join(30)
    assert took[0].token == lease.token + 1
