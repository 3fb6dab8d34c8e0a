"""The kiosk's language: the customer's button, a card holder's own, and back afterwards."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import update

from shared.models import Customer


def _card_holder_speaks(world, code: str) -> None:
    with world.agent.database.session() as s:
        s.execute(update(Customer).where(Customer.id == world.customer_id).values(language=code))

def _withdraw_with_a_receipt(world, amount_minor: int, key: str) -> dict:
    """Card and PIN, a withdrawal with a receipt, the cash taken: the screen that follows."""
    world.sign_in()
    world.agent.submit({"action": "withdraw", "amount_minor": amount_minor, "receipt": True,
                        "idempotency_key": key})
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    world.agent.devices.cash_dispenser.take_cash()
    return world.agent.wait_for(lambda s: (s.get("result") or {}).get("receipt"))


def test_the_pressed_language_holds_for_the_turn_and_then_goes_back(world):
    assert world.agent.snapshot()["language"] == {"code": "en", "tag": "en-GB", "dir": "ltr"}
    assert world.agent.choose_language("fa") == "fa"
    idle = world.agent.snapshot()
    assert idle["language"]["dir"] == "rtl"
    assert idle["message"] == "برای شروع کارت خود را وارد کنید."
    menu = world.sign_in()
    assert menu["language"]["code"] == "fa"  # a pressed language beats the card holder's own
    world.agent.submit({"action": "withdraw", "amount_minor": 2000,
                        "idempotency_key": "language-withdraw-1"})
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    assert world.agent.snapshot()["message"] == "لطفاً پول نقد خود را بردارید."
    world.agent.devices.cash_dispenser.take_cash()
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    world.agent.submit({"action": "finish", "idempotency_key": "language-finish-1"})
    world.agent.wait_for(lambda s: s["screen"] == "take_card")
    world.agent.devices.card_reader.take_card()
    idle = world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert idle["language"]["code"] == "en" and idle["message"] == (
        "Thank you. Insert your card to start.")


def test_a_card_holder_is_served_in_their_own_shipped_language(world):
    _card_holder_speaks(world, "ko")
    menu = world.sign_in()
    assert menu["language"]["code"] == "ko"
    assert menu["message"].endswith("무엇을 하시겠습니까?")
    world.act("balance")
    shown = world.agent.wait_for(lambda s: (s.get("result") or {}).get("kind") == "balance")
    assert shown["result"]["message"].startswith("잔액 ")


def test_a_language_we_do_not_ship_leaves_the_kiosk_as_it_is(world):
    _card_holder_speaks(world, "cy")
    assert world.sign_in()["language"]["code"] == "en"


def test_the_speak_button_goes_where_the_kiosk_cannot_hear_the_language(world):
    assert world.agent.snapshot()["voice_available"] is True  # English: PocketSphinx hears it
    world.agent.choose_language("zh")
    assert world.agent.snapshot()["voice_available"] is False
    refused = world.act("voice")
    assert refused.status == "refused" and "does not listen" in refused.outcome["error"]


def test_the_receipt_and_the_ticket_are_printed_in_the_screens_language(world):
    world.agent.choose_language("it")
    shown = _withdraw_with_a_receipt(world, 2000, "language-receipt-1")
    assert shown["result"]["receipt"] == "stampata"
    receipt = world.agent.devices.receipt_printer.receipts[-1]
    assert "Prelievo contanti 20,00\xa0£" in receipt and any(
        line.startswith("Carta ****") for line in receipt)
    # The time in the branch's zone, the date as Italian writes it: "6 dic 2026, 09:05".
    today = format_date(datetime.now(ZoneInfo("Europe/London")), "medium", locale="it_IT")
    assert any(re.fullmatch(re.escape(today) + r", \d\d:\d\d", line) for line in receipt)
    world.act("talk")
    ticket = world.agent.devices.receipt_printer.receipts[-1]
    assert "IL TUO BIGLIETTO" in ticket and "Servizio: Altro" in ticket
    assert any(re.fullmatch(f"Emesso: {re.escape(today)}, \\d\\d:\\d\\d", line)
               for line in ticket), ticket


def test_a_korean_kiosk_prompts_reads_back_and_prints_in_korean_in_won(fresh_database,
                                                                         kiosk_settings):
    from kiosk.money_text import withdrawal_example
    from kiosk.voice.dialogue import PROMPT, confirm_question, help_prompt
    from shared.i18n.text import localise
    from shared.speech.commands import Intent, IntentKind
    from tests.kiosk.conftest import build_world
    from tests.kiosk.test_kiosk_currency import KRW_CASSETTES, KRW_DEPOSIT

    kiosk = kiosk_settings.kiosk.model_copy(update={
        "currency": "KRW", "language": "ko", "cassettes": KRW_CASSETTES,
        "deposit_cassettes": KRW_DEPOSIT, "max_withdrawal_minor": 1_000_000})
    ledger = kiosk_settings.ledger.model_copy(update={
        "max_withdrawal_minor": 1_000_000, "max_transaction_minor": 10_000_000})
    world = build_world(fresh_database, kiosk_settings.model_copy(
        update={"kiosk": kiosk, "ledger": ledger}), funded_minor=3_000_000)
    _card_holder_speaks(world, "")  # has not said which language: the kiosk's Korean
    try:
        idle = world.agent.wait_for(lambda s: s["screen"] == "idle")
        assert idle["message"] == "시작하려면 카드를 넣으세요." and idle["language"]["code"] == "ko"
        shown = _withdraw_with_a_receipt(world, 70_000, "korean-withdraw-1")
        assert shown["message"] == "현금을 가져가세요." and shown["result"]["receipt"] == "인쇄됨"
        assert "현금 인출 ₩70,000" in world.agent.devices.receipt_printer.receipts[-1]
    finally:
        world.agents.stop_all()
    # What the voice turn says and reads back, in Korean, the amount in won.
    assert localise(confirm_question(Intent(IntentKind.WITHDRAW, amount_minor=50_000), "KRW"),
                    "ko") == "₩50,000 출금할까요? 예 또는 아니요라고 말씀하세요."
    assert "잔액, 출금과 금액, 입금, 이체 또는 상담원" in localise(PROMPT, "ko")
    # Help names a withdrawal to say in the kiosk's language too (English: "withdraw 50 pounds").
    assert "(예: ₩50,000 출금)" in localise(help_prompt(withdrawal_example(kiosk)), "ko")
