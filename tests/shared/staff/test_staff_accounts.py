from datetime import timedelta

import pytest

from shared.db.base import utcnow
from shared.events import Event, EventKind, InProcessBus, StaffSignedOut
from shared.models import AuditEntry
from shared.settings import AuthSettings
from shared.staff.accounts import SignInError, end_sessions, load_identity, sign_in
from tests.factories import PASSWORD, make_branch, make_staff

AUTH = AuthSettings(max_failed_signins=3, lockout_minutes=15)


@pytest.fixture
def staff(db_session):
    return make_staff(db_session, make_branch(db_session), username="ada.rm")


def test_right_password_signs_in_case_insensitively(db_session, staff):
    identity = sign_in(db_session, "ADA.RM", PASSWORD, AUTH)
    assert identity.id == staff.id
    assert identity.branch_code == staff.branch.code


def test_wrong_password_and_unknown_user_give_the_same_message(db_session, staff):
    with pytest.raises(SignInError) as wrong:
        sign_in(db_session, "ada.rm", "nope", AUTH)
    with pytest.raises(SignInError) as unknown:
        sign_in(db_session, "nobody", "nope", AUTH)
    assert str(wrong.value) == str(unknown.value)


def test_lockout_after_repeated_failures_refuses_even_the_right_password(db_session, staff):
    now = utcnow()
    with pytest.raises(SignInError) as unknown:
        sign_in(db_session, "nobody", "bad", AUTH, now=now)
    said = str(unknown.value)
    assert "wrong password" in said and "locked for 15 minutes" in said
    for _ in range(AUTH.max_failed_signins):
        with pytest.raises(SignInError) as wrong:
            sign_in(db_session, "ada.rm", "bad", AUTH, now=now)
        assert str(wrong.value) == said
    with pytest.raises(SignInError) as locked:  # the right password, while locked
        sign_in(db_session, "ada.rm", PASSWORD, AUTH, now=now + timedelta(minutes=5))
    # A locked account answers as an unknown one: the message tells no one it exists.
    assert str(locked.value) == said
    assert sign_in(db_session, "ada.rm", PASSWORD, AUTH, now=now + timedelta(minutes=16))
    actions = [e.action for e in db_session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert "staff.locked" in actions and actions[-1] == "staff.signed_in"


def test_ending_sessions_invalidates_the_old_version(db_session, staff):
    identity = sign_in(db_session, "ada.rm", PASSWORD, AUTH)
    assert load_identity(db_session, staff.id, identity.session_version)
    end_sessions(db_session, InProcessBus(), staff.id)
    assert load_identity(db_session, staff.id, identity.session_version) is None
    assert load_identity(db_session, staff.id, identity.session_version + 1)


def test_ending_sessions_announces_the_sign_out_only_once_committed(db_session, staff):
    bus = InProcessBus()
    received: list[Event] = []
    bus.subscribe(received.append)
    end_sessions(db_session, bus, staff.id)
    assert received == []  # a rolled-back sign-out must not close anybody's sockets
    db_session.commit()
    assert [e.kind for e in received] == [EventKind.STAFF_SIGNED_OUT]
    assert received[0].payload == StaffSignedOut(staff.id)
    assert received[0].branch_id == staff.branch_id


def test_ending_sessions_rolled_back_announces_nothing(db_session, staff):
    bus = InProcessBus()
    received: list[Event] = []
    bus.subscribe(received.append)
    end_sessions(db_session, bus, staff.id)
    db_session.rollback()
    db_session.commit()
    assert received == []


def test_failures_at_once_are_all_counted(fresh_database):
    """Guesses sent in parallel must not undercount the failures (and so dodge the lockout):
    each reads the count, hashes for a while, then writes; the account's row is locked
    (the database's write lock on SQLite) from the read to the commit."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from shared.models import Staff

    with fresh_database.session() as s:
        staff_id = make_staff(s, make_branch(s), username="guessed.rm").id
    auth = AuthSettings(max_failed_signins=50, lockout_minutes=15)
    start = threading.Barrier(4)

    def guess(_n: int) -> bool:
        start.wait(10)
        with fresh_database.session() as session:
            try:
                sign_in(session, "guessed.rm", "not it", auth)
            except SignInError:
                return True  # committed: the count is kept, as the page keeps it
        return False

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(guess, range(4))) == [True] * 4
    with fresh_database.session() as s:
        assert s.get(Staff, staff_id).failed_signins == 4
