"""The database going away in the middle of a kiosk's cash step: the step waits for it."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from shared.models.money import CashSession, CashSessionState


@contextmanager
def database_outage(engine):
    """While the yielded event is set, every statement fails as on a server going away."""
    away = threading.Event()

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if away.is_set():
            raise OperationalError(statement, parameters,
                                   Exception("server closed the connection unexpectedly"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield away
    finally:
        away.clear()
        event.remove(engine, "before_cursor_execute", refuse)


def test_notes_stored_as_the_database_goes_away_are_posted_when_it_returns(world):
    """The acceptor has stored the notes when the database goes (a PostgreSQL restart in the
    soak): the deposit is recorded once it is back, not left `accepting` and unposted."""
    world.sign_in()
    acceptor = world.agent.devices.cash_acceptor
    store = acceptor.cash_in_end
    with database_outage(world.agent.database.engine) as away:
        def store_then_lose_the_database():
            stored = store()
            away.set()
            threading.Timer(1.5, away.clear).start()
            return stored

        acceptor.cash_in_end = store_then_lose_the_database
        world.agent.submit({"action": "deposit", "idempotency_key": "deposit-db-away"})
        world.agent.wait_for(lambda s: s["screen"] == "insert_notes")
        assert acceptor.insert_notes([2000, 2000, 1000])
        world.agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
        record = world.act("deposit_confirm", timeout=20)
    assert record.status == "done" and record.outcome["amount_minor"] == 5000, record.outcome
    assert world.balance(world.account_id) == 300_000 + 5000
    assert world.balance(world.cash_account_id) == -2_000_000 - 5000
    with world.agent.database.session() as s:
        sessions = s.scalars(select(CashSession).where(
            CashSession.device_id == world.kiosk_id)).all()
    assert [c.state for c in sessions] == [CashSessionState.ACCEPTED]


def test_a_database_away_longer_than_the_retry_window_fails_the_step(world):
    """Past kiosk_agent.database_retry_s the step fails as before (the next tenure's
    recovery or the teller settles it); the station does not wait for ever."""
    station = world.agent.station
    window = station.timeouts.database_retry_s
    station.timeouts = station.timeouts.model_copy(update={"database_retry_s": 0.5})
    try:
        with database_outage(world.agent.database.engine) as away:
            away.set()
            with pytest.raises(OperationalError):
                station.unit_of_work(lambda session: session.execute(select(1)).scalar())
    finally:
        station.timeouts = station.timeouts.model_copy(update={"database_retry_s": window})
