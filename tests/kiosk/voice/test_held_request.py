"""A request spoken before the card, held for the next card: only the card holder's Confirm
after the PIN runs it (the spoken dialogue itself is tested with the real recogniser in
test_kiosk_voice.py; here the held request is placed as the dialogue places it).
"""

from __future__ import annotations

import time
import uuid

from sqlalchemy import func, select

from hardware.card_reader import CardData
from shared.models import Account
from shared.models.money import CashSession
from shared.money import cards, ledger
from shared.money.card_keys import CardKeys
from tests.kiosk.conftest import new_pan
from tests.money_factories import clearing_account


def _hold(world, action: str = "withdraw", **fields) -> None:
    """Hold a request as a spoken "yes" before the card does (kiosk/flows/idle.py)."""
    world.agent.station.visitor.hold_request({
        "action": action, **fields, "via": "voice",
        "idempotency_key": f"{uuid.uuid4().hex}:voice", "heard": "withdraw fifty pounds; yes"})


def _cash_sessions(world) -> int:
    with world.agent.database.session() as s:
        return s.scalar(select(func.count()).select_from(CashSession)
                        .where(CashSession.device_id == world.kiosk_id))


def _account_number(world, account_id) -> str:
    with world.agent.database.session() as s:
        return s.get(Account, account_id).number


def _pin_then_question(world, card: CardData, pin: str) -> dict:
    assert world.agent.devices.card_reader.insert_card(card)
    state = world.agent.wait_for(lambda s: s["screen"] == "pin")
    assert "You asked: Withdraw 50 pounds" in state["message"]
    world.agent.devices.pin_pad.type_pin(pin)
    return world.agent.wait_for(lambda s: s["screen"] in ("confirm_request", "take_cash",
                                                          "menu"))


def _other_customers_card(world) -> tuple[CardData, str, int]:
    """Give the world's second customer a funded account's card: the next person in line."""
    keys = CardKeys.from_settings(world.agent.settings)
    pan = new_pan(int(uuid.uuid4().int % 900000) + 100)
    with world.agent.database.session() as s:
        account = s.scalar(select(Account).where(Account.number == world.other_number))
        cards.issue_card(s, keys, account=account, pan=pan, pin="8642", expiry="3012")
        account_id, clearing = account.id, clearing_account(s).id
    with world.agent.database.session() as s:
        ledger.post(s, [ledger.Leg(account_id, 100_000), ledger.Leg(clearing, -100_000)],
                    idempotency_key=uuid.uuid4().hex, request={"setup": account_id},
                    kind="opening_balance")
    return CardData(pan, "3012"), "8642", account_id


def test_a_held_withdrawal_is_asked_about_and_cancel_moves_nothing(world):
    _hold(world, amount_minor=5000)
    asked = _pin_then_question(world, world.card(), world.pin)
    assert asked["screen"] == "confirm_request", asked
    assert asked["request"]["question"] == (
        f"Withdraw £50.00 from Current {_account_number(world, world.account_id)}?")
    time.sleep(0.5)  # waiting is not consent
    assert world.agent.snapshot()["screen"] == "confirm_request"
    assert world.balance(world.account_id) == 300_000 and _cash_sessions(world) == 0

    world.act("cancel_request")
    state = world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert "Cancelled: nothing was done" in state["message"]
    # The request is gone: a late Confirm has nothing to run.
    late = world.act("confirm_request")
    assert late.status == "refused"
    assert world.balance(world.account_id) == 300_000 and _cash_sessions(world) == 0
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0


def test_confirm_after_the_pin_dispenses_exactly_the_held_amount(world):
    _hold(world, amount_minor=5000)
    assert _pin_then_question(world, world.card(), world.pin)["screen"] == "confirm_request"
    world.act("confirm_request")
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    assert world.agent.devices.cash_dispenser.take_cash().total_minor == 5000
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance(world.account_id) == 300_000 - 5000 and _cash_sessions(world) == 1


def test_the_next_person_sees_their_own_account_and_nothing_moves_unless_they_confirm(world):
    card, pin, their_account = _other_customers_card(world)
    _hold(world, amount_minor=5000)  # said by the first customer, who then walked away
    asked = _pin_then_question(world, card, pin)
    assert asked["screen"] == "confirm_request", asked
    assert asked["request"]["account"]["id"] == their_account
    assert world.balance(their_account) == 100_000
    world.act("cancel_request")
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance(their_account) == 100_000
    assert world.balance(world.account_id) == 300_000 and _cash_sessions(world) == 0


def test_another_press_on_the_question_drops_the_held_request(world):
    _hold(world, amount_minor=5000)
    assert _pin_then_question(world, world.card(), world.pin)["screen"] == "confirm_request"
    world.act("balance")
    state = world.agent.wait_for(lambda s: (s.get("result") or {}).get("kind") == "balance")
    assert state["screen"] == "menu" and state["result"]["balance_minor"] == 300_000
    assert _cash_sessions(world) == 0


def test_a_held_request_lapses_if_no_card_comes_in_time(world):
    world.agent.station.visitor.hold_request(
        {"action": "withdraw", "amount_minor": 5000, "idempotency_key": "lapsed-request:voice"},
        seconds=0.3)
    time.sleep(0.5)
    assert world.agent.station.visitor.held_request() is None
    world.sign_in_with_no_held_request()
    assert _cash_sessions(world) == 0


def test_a_held_withdrawal_without_an_amount_opens_the_touch_panel(world):
    _hold(world)
    assert world.agent.devices.card_reader.insert_card(world.card())
    world.agent.wait_for(lambda s: s["screen"] == "pin")
    world.agent.devices.pin_pad.type_pin(world.pin)
    state = world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert state.get("open_panel") == "withdraw" and _cash_sessions(world) == 0
