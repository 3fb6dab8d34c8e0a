"""Amounts in the kiosk's own currency: a KRW kiosk shows and reads back no decimals, GBP two."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import select

from kiosk.agent_pool import EXTENSION
from kiosk.money_text import spoken_amount, withdrawal_example
from kiosk.voice.dialogue import ask_for_command, confirm_question
from kiosk.voice.listener import Heard
from shared.devices import tokens as kiosk_tokens
from shared.models import Branch, Device, QueueTicket
from shared.models.enums import Role
from shared.settings import CassetteSettings, KioskSettings
from shared.speech.audio import Audio
from shared.speech.commands import Intent, IntentKind
from tests.factories import make_staff
from tests.kiosk.conftest import build_world
from tests.web_helpers import sign_in

# Won notes (KRW has no minor unit: 1 minor unit = 1 won).
KRW_CASSETTES = tuple(
    CassetteSettings(unit_id=unit, denomination_minor=note, count=count)
    for unit, note, count in (("CST1", 50_000, 40), ("CST2", 10_000, 200),
                              ("CST3", 5_000, 200), ("CST4", 1_000, 500)))
KRW_DEPOSIT = tuple(
    CassetteSettings(unit_id=f"DEP{note}", denomination_minor=note, count=0)
    for note in (50_000, 10_000, 5_000, 1_000))


@pytest.fixture
def krw_world(fresh_database, kiosk_settings):
    kiosk = kiosk_settings.kiosk.model_copy(update={
        "currency": "KRW", "cassettes": KRW_CASSETTES, "deposit_cassettes": KRW_DEPOSIT,
        "max_withdrawal_minor": 1_000_000, "max_deposit_minor": 2_000_000})
    ledger = kiosk_settings.ledger.model_copy(update={
        "max_withdrawal_minor": 1_000_000, "max_deposit_minor": 2_000_000,
        "max_transaction_minor": 10_000_000})
    settings = kiosk_settings.model_copy(update={"kiosk": kiosk, "ledger": ledger})
    world = build_world(fresh_database, settings, funded_minor=3_000_000)
    yield world
    world.agents.stop_all()


@pytest.fixture
def krw_app(krw_world):
    """The web app over the KRW kiosk's agent (the simulator page's and the desk's API)."""
    from smartbranch.app import create_app

    app = create_app(krw_world.agent.settings, database=krw_world.agent.database,
                     bus=krw_world.agents.bus)
    app.extensions[EXTENSION] = krw_world.agents
    return app


def _paired(world, app):
    """A browser paired with the kiosk: its cookie opens the kiosk's pages and APIs."""
    with world.agent.database.session() as s:
        token = kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id)).token
    client = app.test_client()
    assert client.get(f"/kiosk/{world.kiosk_code}/pair?token={token}").status_code == 302
    return client


def _withdraw_with_receipt(world, amount_minor: int) -> list[str]:
    record = world.agent.submit({"action": "withdraw", "amount_minor": amount_minor,
                                 "idempotency_key": f"cash-{world.kiosk_code}-{amount_minor}",
                                 "receipt": True})
    state = world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    assert state["amount_minor"] == amount_minor
    assert world.agent.devices.cash_dispenser.take_cash().total_minor == amount_minor
    assert record.done.wait(5) and record.outcome["receipt"] == "printed", record.outcome
    return list(world.agent.devices.receipt_printer.receipts[-1])


def test_a_read_back_says_the_amount_in_its_currencys_words():
    assert spoken_amount(5_000, "GBP") == "50 pounds"
    assert spoken_amount(50_000, "KRW") == "50,000 won"
    assert confirm_question(Intent(IntentKind.WITHDRAW, amount_minor=50_000), "KRW") == (
        "Withdraw 50,000 won? Say yes or no.")


class HeardInTurn:
    """A listener that hears these commands one after the other (no microphone, no model)."""

    stt = SimpleNamespace(language="en")

    def __init__(self, *kinds: IntentKind):
        silence = Audio(np.zeros(0, np.float32))
        self.heard = [Heard(str(kind), Intent(kind), silence) for kind in kinds]

    def listen(self, grammar=None, max_seconds=None, stop=None) -> Heard:
        return self.heard.pop(0)


def test_help_gives_a_withdrawal_in_the_kiosks_currency():
    krw = KioskSettings(currency="KRW", cassettes=KRW_CASSETTES, deposit_cassettes=KRW_DEPOSIT)
    assert withdrawal_example(KioskSettings()) == "withdraw 50 pounds"
    assert withdrawal_example(krw) == "withdraw 50,000 won"
    prompts: list[str] = []
    ask_for_command(HeardInTurn(IntentKind.HELP, IntentKind.CANCEL), prompts.append,
                    currency="KRW", example=withdrawal_example(krw))
    assert "such as withdraw 50,000 won;" in prompts[1]


def test_the_touch_hint_gives_a_withdrawal_in_won(krw_world, krw_app):
    page = _paired(krw_world, krw_app).get(f"/kiosk/{krw_world.kiosk_code}/touch").text
    assert 'data-voice-example="withdraw 50,000 won"' in page


def test_a_krw_kiosk_withdraws_won_and_shows_no_decimals(krw_world):
    world = krw_world
    world.sign_in()
    balance = world.act("balance")
    assert balance.outcome["message"] == "Balance ₩3,000,000"
    receipt = _withdraw_with_receipt(world, 70_000)
    assert "Cash withdrawal ₩70,000" in receipt
    assert not any(".00" in line for line in receipt)
    assert world.balance() == 3_000_000 - 70_000
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.act("balance").outcome["message"] == "Balance ₩2,930,000"


def test_a_krw_kiosk_reads_a_held_request_back_in_won(krw_world):
    world = krw_world
    world.agent.station.visitor.hold_request({
        "action": "withdraw", "amount_minor": 50_000, "via": "voice",
        "idempotency_key": f"held-{world.kiosk_code}:voice", "heard": "출금 오만 원; 네"})
    assert world.agent.devices.card_reader.insert_card(world.card())
    pin = world.agent.wait_for(lambda s: s["screen"] == "pin")
    assert "You asked: Withdraw 50,000 won;" in pin["message"]
    world.agent.devices.pin_pad.type_pin(world.pin)
    asked = world.agent.wait_for(lambda s: s["screen"] == "confirm_request")
    assert asked["request"]["question"].startswith("Withdraw ₩50,000 from Current ")
    world.act("cancel_request")
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance() == 3_000_000


def test_a_gbp_kiosk_shows_two_decimals(world):
    world.sign_in()
    assert world.act("balance").outcome["message"] == "Balance £3,000.00"
    receipt = _withdraw_with_receipt(world, 7_000)
    assert "Cash withdrawal £70.00" in receipt


def test_a_krw_kiosk_fallback_ticket_shows_won_at_the_teller_desk(krw_world, krw_app):
    world = krw_world
    world.sign_in()
    world.act("withdraw", amount_minor=1_100_000)  # over the kiosk's limit: the counter
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    with world.agent.database.session() as s:
        ticket = s.scalars(select(QueueTicket).where(QueueTicket.device_id == world.kiosk_id)
                           ).one()
        assert (ticket.reason, ticket.context["currency"]) == ("over_limit", "KRW")
        make_staff(s, s.get(Branch, world.branch_id), Role.TELLER, username="won.teller")
    client = krw_app.test_client()
    sign_in(client, "won.teller")
    [waiting] = client.get("/api/staff/desk/queue").json["waiting"]
    context = {row["label"]: row["value"] for row in waiting["context"]}
    assert context["Amount"] == "₩1,100,000" and context["Limit"] == "₩1,000,000"


def test_the_devices_page_inserts_the_notes_a_krw_kiosk_takes(krw_world, krw_app):
    world = krw_world
    client = _paired(world, krw_app)
    notes_url = f"/api/kiosks/{world.kiosk_code}/devices/notes"
    devices_page = client.get(f"/kiosk/{world.kiosk_code}/devices").text
    assert [f'data-note-minor="{note}"' in devices_page for note in (50_000, 1_000, 2000)] == [
        True, True, False]
    world.sign_in()
    world.agent.submit({"action": "deposit", "idempotency_key": "won-deposit-1"})
    world.agent.wait_for(lambda s: s["screen"] == "insert_notes")
    pounds = client.post(notes_url, json={"notes": {"2000": 1}})
    assert pounds.status_code == 422 and "₩50,000, ₩10,000" in pounds.json["message"]
    won = client.post(notes_url, json={"notes": {"50000": 2, "10000": 1}})
    assert won.status_code == 200 and won.json["ok"] is True
    state = world.agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
    assert state["escrow_minor"] == 110_000
    world.act("deposit_cancel")
