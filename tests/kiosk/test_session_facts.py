"""Every customer's turn at a kiosk ends in one kiosk.session fact with its outcome."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from hardware.faults import Fault
from shared.analytics.facts import Fact, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind as K
from shared.db.base import utcnow
from shared.events import KioskSessionEnded
from shared.models.analytics import AnalyticsFact


def _sessions(world) -> list[AnalyticsFact]:
    with world.agent.database.session() as s:
        return list(s.scalars(select(AnalyticsFact).where(
            AnalyticsFact.kind == K.KIOSK_SESSION.value,
            AnalyticsFact.key.like(f"kiosk:{world.kiosk_code}:%")).order_by(AnalyticsFact.id)))


def _ended(world, count: int = 1, timeout: float = 8.0) -> list[AnalyticsFact]:
    """Wait for the kiosk's `count`-th session fact (the turn ends after the card is back)."""
    deadline = time.monotonic() + timeout
    while len(found := _sessions(world)) < count:
        assert time.monotonic() < deadline, f"no session fact: {world.agent.snapshot()}"
        time.sleep(0.05)
    return found


def _take_card(world) -> None:
    reader = world.agent.devices.card_reader
    world.agent.wait_for(lambda s: reader.card_location() == "throat")
    assert reader.take_card() is not None


def _customer_facts(world, kind: K) -> list[tuple]:
    with world.agent.database.session() as s:
        return s.execute(select(AnalyticsFact.key, AnalyticsFact.dim).where(
            AnalyticsFact.kind == kind.value,
            AnalyticsFact.customer_id == world.customer_id)).all()


def test_a_withdrawal_finished_with_the_card_taken_is_completed(world):
    announced = []
    world.agents.bus.subscribe(lambda e: announced.append(e.payload))
    world.sign_in()
    world.agent.submit({"action": "withdraw", "amount_minor": 2000,
                        "idempotency_key": "facts-withdraw-1"})
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    world.agent.devices.cash_dispenser.take_cash()
    world.agent.wait_for(lambda s: s["screen"] == "menu" and s.get("result"))
    world.act("finish")
    _take_card(world)
    [fact] = _ended(world)
    assert (fact.dim, fact.detail, fact.customer_id) == ("completed", "", world.customer_id)
    assert 0 < fact.duration_ms < 30_000
    assert fact.key.startswith(f"kiosk:{world.kiosk_code}:")
    ended = [p for p in announced if isinstance(p, KioskSessionEnded)]
    assert [(p.device_code, p.outcome, p.reason) for p in ended] == [
        (world.kiosk_code, "completed", "")]
    # The card holder is counted once that day (no face consent in this world).
    [(key, dim)] = _customer_facts(world, K.CUSTOMER_SEEN)
    assert key.startswith(f"seen:{world.branch_id}:{world.customer_id}:")
    assert dim == "not_consented"


def test_over_the_limit_falls_back_to_the_counter_with_its_reason(world):
    world.sign_in()
    world.act("withdraw", amount_minor=world.agent.settings.kiosk.max_withdrawal_minor + 1000)
    _take_card(world)
    [fact] = _ended(world)
    assert (fact.dim, fact.detail, fact.customer_id) == (
        "fallback", "over_limit", world.customer_id)


def test_wrong_pins_fall_back_without_naming_the_card_holder(world):
    world.agent.devices.card_reader.insert_card(world.card())
    for attempt in range(3):
        world.agent.wait_for(lambda s: s["screen"] == "pin")
        world.agent.devices.pin_pad.type_pin("0000")
        if attempt < 2:
            world.agent.wait_for(lambda s, a=attempt: f"{2 - a} tries left" in s["message"])
    [fact] = _ended(world)
    assert (fact.dim, fact.detail, fact.customer_id) == ("fallback", "card_retained", None)
    assert _customer_facts(world, K.CUSTOMER_SEEN) == []


def test_a_menu_left_to_time_out_is_abandoned(world):
    world.sign_in()
    world.agent.wait_for(lambda s: s["screen"] == "take_card", timeout=8)
    _take_card(world)
    [fact] = _ended(world)
    assert (fact.dim, fact.detail) == ("abandoned", "")
    assert fact.duration_ms >= 3000  # the kiosk's inactivity timeout in these tests


def test_a_card_left_behind_is_abandoned(world):
    world.sign_in()
    world.act("finish")
    [fact] = _ended(world)
    assert fact.dim == "abandoned"


def test_a_dispenser_jam_is_a_device_fault_of_the_dispenser(world):
    world.sign_in()
    world.agent.devices.faults["cash_dispenser"].inject("dispense", Fault.JAM)
    world.act("withdraw", amount_minor=6000)
    _take_card(world)
    [fact] = _ended(world)
    assert (fact.dim, fact.detail) == ("device_fault", "cash_dispenser")


def test_a_ticket_asked_for_at_idle_is_a_turn_without_a_customer(world):
    world.act("talk", service="cash")
    world.agent.wait_for(lambda s: s["screen"] == "ticket")
    [fact] = _ended(world)
    assert (fact.dim, fact.detail, fact.customer_id) == ("fallback", "customer_request", None)
    world.act("no_card")
    second = _ended(world, 2)[1]
    assert (second.dim, second.detail) == ("fallback", "identity_unconfirmed")


def test_a_completed_turn_after_a_door_arrival_serves_the_visit(world):
    with world.agent.database.session() as s:
        record(s, Fact(K.ARRIVAL, arrival_key(9_000_000 + world.kiosk_id), world.branch_id,
                       utcnow() - timedelta(minutes=2), "door_camera",
                       customer_id=world.customer_id))
    world.sign_in()
    world.act("balance")
    world.act("finish")
    _take_card(world)
    assert _ended(world)[0].dim == "completed"
    assert _customer_facts(world, K.VISIT_SERVED) == [
        (f"visit:{9_000_000 + world.kiosk_id}:served", "kiosk")]


def test_a_failure_to_record_never_breaks_the_customers_visit(world, monkeypatch, caplog):
    import kiosk.flows.turn_end as turn_end

    def broken(*args, **kwargs):
        raise RuntimeError("analytics down")

    monkeypatch.setattr(turn_end, "record_kiosk_session", broken)
    world.sign_in()
    world.act("finish")
    _take_card(world)
    world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert "could not record the end of a session" in caplog.text
    monkeypatch.undo()
    world.sign_in()  # the next customer is served as usual
    world.act("finish")
    _take_card(world)
    assert [f.dim for f in _ended(world)] == ["completed"]
