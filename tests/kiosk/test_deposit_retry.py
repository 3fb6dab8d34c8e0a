"""A deposit confirm retried after the kiosk restarted: the new notes always go back.

The agent answers a replayed action key from memory, so only a restarted agent sends the
same confirm to the ledger again (the crash lab, tests/kiosk/test_agent_kills.py, found
this). Whether the ledger replays the first answer or refuses the key (other notes under
it), nothing is recorded for the notes now in escrow: they must not stay there.
"""

from __future__ import annotations

from hardware.cash import Notes
from kiosk.agent_pool import KioskAgentPool
from shared.events import InProcessBus
from shared.models import Account
from tests.kiosk.conftest import build_world

CONFIRM_KEY = "deposit-confirm-retried"


def _deposit(world, notes: list[int]):
    agent = world.agent
    world.sign_in()
    agent.submit({"action": "deposit", "idempotency_key": f"start-{len(notes)}"})
    agent.wait_for(lambda s: s["screen"] == "insert_notes")
    assert agent.devices.cash_acceptor.insert_notes(notes)
    agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
    record = world.act("deposit_confirm", idempotency_key=CONFIRM_KEY)
    agent.wait_for(lambda s: s["screen"] == "menu")
    world.act("finish")
    return record


def _restart(world, database, settings) -> None:
    world.agents.stop_all()
    world.agents = KioskAgentPool(settings, database, InProcessBus(), auto_take=True)
    world.agent = world.agents.get(world.kiosk_code)
    world.agent.wait_for(lambda s: s["screen"] == "idle")


def _balance(world, database) -> int:
    with database.session() as s:
        return s.get(Account, world.account_id).balance_minor


def _acceptor_gave_back(world, inserted: Notes) -> None:
    acceptor = world.agent.devices.cash_acceptor
    places = acceptor.inventory()
    assert not acceptor.status().cash_in_active
    assert places["escrow"] == places["transport"] == Notes()
    assert places["customer"] == inserted
    assert sum((n.total_minor for p, n in places.items() if p.startswith("DEP")), 0) == 0


def test_a_replayed_confirm_gives_the_new_notes_back(fresh_database, kiosk_settings):
    world = build_world(fresh_database, kiosk_settings, auto_take=True)
    try:
        assert _deposit(world, [2000, 2000]).status == "done"
        assert _balance(world, fresh_database) == 300_000 + 4000
        _restart(world, fresh_database, kiosk_settings)
        retry = _deposit(world, [2000, 2000])
        assert retry.outcome["message"] == "This deposit was already handled."
        _acceptor_gave_back(world, Notes({2000: 2}))
        assert _balance(world, fresh_database) == 300_000 + 4000  # credited once
    finally:
        world.agents.stop_all()


def test_a_refused_confirm_gives_the_notes_back(fresh_database, kiosk_settings):
    world = build_world(fresh_database, kiosk_settings, auto_take=True)
    try:
        _deposit(world, [2000, 2000])
        _restart(world, fresh_database, kiosk_settings)
        retry = _deposit(world, [1000])  # other notes under the same key: refused
        assert retry.status == "refused" and retry.outcome["code"] == "idempotency_conflict"
        _acceptor_gave_back(world, Notes({1000: 1}))
        assert _balance(world, fresh_database) == 300_000 + 4000
    finally:
        world.agents.stop_all()
