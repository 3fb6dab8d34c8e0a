"""The kiosk agent end to end on simulated devices: every transaction and every fallback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hardware.faults import Fault
from shared.models import Card, CardStatus, WalletToken
from shared.models.money import CashSession, CashSessionState


def test_withdrawal_happy_path_posts_and_moves_notes(world):
    world.sign_in()
    record = world.agent.submit({"action": "withdraw", "amount_minor": 7000,
                                 "idempotency_key": "withdraw-happy-1", "receipt": True})
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    taken = world.agent.devices.cash_dispenser.take_cash()
    assert record.done.wait(5) and record.status == "done"
    assert taken.total_minor == 7000
    assert world.balance(world.account_id) == 300_000 - 7000
    assert world.balance(world.cash_account_id) == -2_000_000 + 7000
    assert record.outcome["receipt"] == "printed"
    receipt = world.agent.devices.receipt_printer.receipts[-1]
    assert not any(world.pan in line for line in receipt)


def test_deposit_through_escrow_credits_exactly_what_was_stored(world):
    world.sign_in()
    world.agent.submit({"action": "deposit", "idempotency_key": "deposit-start-1"})
    world.agent.wait_for(lambda s: s["screen"] == "insert_notes")
    assert world.agent.devices.cash_acceptor.insert_notes([2000] * 3 + [1000, 0])
    state = world.agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
    assert state["escrow_minor"] == 7000  # the unrecognised item is handed back
    world.act("deposit_confirm")
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.balance(world.account_id) == 300_000 + 7000
    assert world.balance(world.cash_account_id) == -2_000_000 - 7000


def test_deposit_cancel_returns_the_notes_and_posts_nothing(world):
    world.sign_in()
    world.agent.submit({"action": "deposit", "idempotency_key": "deposit-start-2"})
    world.agent.wait_for(lambda s: s["screen"] == "insert_notes")
    world.agent.devices.cash_acceptor.insert_notes([5000, 5000])
    world.agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
    world.act("deposit_cancel")
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    assert world.agent.devices.cash_acceptor.take_returned().total_minor == 10_000
    assert world.balance(world.account_id) == 300_000


def test_transfer_own_and_to_another_customer_and_bill(world):
    world.sign_in()
    own = world.act("transfer", from_account_id=world.account_id,
                    to_account_id=world.savings_id, amount_minor=1500)
    other = world.act("transfer", from_account_id=world.account_id,
                      to_account_number=world.other_number, amount_minor=2500, reference="rent")
    bill = world.act("bill", from_account_id=world.account_id, biller_code="BT",
                     reference="AB12345678", amount_minor=3000)
    assert [r.status for r in (own, other, bill)] == ["done"] * 3, bill.outcome
    assert world.balance(world.account_id) == 300_000 - 1500 - 2500 - 3000
    assert world.balance(world.savings_id) == 1500


def test_wallet_binding_shows_a_code_and_records_a_pending_token(world):
    world.sign_in()
    record = world.act("wallet", provider="apple_pay", consent=True)
    state = world.agent.wait_for(lambda s: s["screen"] == "wallet_code")
    code = state["wallet"]["code"]
    assert len(code) == 6 and "code" not in record.outcome
    with world.agent.database.session() as s:
        token = s.get(WalletToken, record.outcome["binding_id"])
        assert token.status == "pending" and code not in token.code_hash
        assert token.card_reference.endswith(world.pan[-4:]) and world.pan not in (
            token.card_reference)
    world.act("done")
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    refused = world.act("wallet", provider="google_pay", consent=False)
    assert refused.status == "refused" and "consented" in refused.outcome["error"]


def test_wrong_pins_are_limited_and_the_card_retained(world):
    world.agent.devices.card_reader.insert_card(world.card())
    for attempt in range(3):
        world.agent.wait_for(lambda s: s["screen"] == "pin")
        world.agent.devices.pin_pad.type_pin("0000")
        if attempt < 2:
            world.agent.wait_for(lambda s, a=attempt: f"{2 - a} tries left" in s["message"])
    state = world.agent.wait_for(lambda s: s["screen"] == "ticket")
    assert "kept" in state["message"]
    assert len(world.agent.devices.card_reader.retained_cards) == 1
    with world.agent.database.session() as s:
        card = s.scalar(select(Card).where(Card.customer_id == world.customer_id))
        assert card.status is CardStatus.RETAINED
    assert world.tickets()[-1].reason == "card_retained"


def test_inactivity_returns_the_card_and_resets(world):
    world.sign_in()
    world.agent.wait_for(lambda s: s["screen"] == "take_card", timeout=8)
    world.agent.devices.card_reader.take_card()
    world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert world.agent.devices.card_reader.card_location() == "none"
    assert not world.agent.devices.card_reader.retained_cards


def test_card_not_taken_is_retained(world):
    world.sign_in()
    world.act("finish")
    world.agent.wait_for(lambda s: s["screen"] == "ticket" or "kept" in s["message"])
    assert len(world.agent.devices.card_reader.retained_cards) == 1


def test_over_the_kiosk_limit_goes_to_the_counter_with_context(world):
    world.sign_in()
    world.act("withdraw", amount_minor=world.agent.settings.kiosk.max_withdrawal_minor + 1000)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert ticket.reason == "over_limit" and ticket.service == "cash"
    assert ticket.context["step"] == "withdrawal" and ticket.context["amount_minor"] > 50_000
    assert ticket.customer_id == world.customer_id
    assert world.balance(world.account_id) == 300_000


def test_a_jam_the_counters_account_for_is_released_and_the_kiosk_stays_in_service(world):
    """Half the notes jam in the transport; the reset bins them, and the dispenser's counters
    show every note picked in a bin: nothing taken, no suspect, a ticket for the cash."""
    world.sign_in()
    world.agent.devices.faults["cash_dispenser"].inject("dispense", Fault.JAM)
    world.act("withdraw", amount_minor=6000)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert ticket.reason == "device_fault" and "suspect" not in ticket.context
    with world.agent.database.session() as s:
        cash = s.get(CashSession, ticket.context["cash_session_id"])
        assert cash.state == CashSessionState.RETRACTED
        assert cash.device_context["settled_by_counters"]["before"]
    assert world.balance(world.account_id) == 300_000
    world.agent.devices.card_reader.take_card()
    world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert world.agent.refresh_service_state()


def test_notes_grabbed_from_a_partial_present_make_a_suspect_and_take_the_kiosk_out(world):
    """Some notes reach the exit and the customer takes them before the reset: the counters
    no longer close (some out, some back), so the teller counts."""
    dispenser = world.agent.devices.cash_dispenser
    dispenser.add_listener(lambda event: event.name == "cash.presented" and dispenser.take_cash())
    world.sign_in()
    world.agent.devices.faults["cash_dispenser"].inject("present", Fault.PARTIAL_PRESENT)
    world.act("withdraw", amount_minor=6000)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert ticket.reason == "unknown_outcome" and ticket.context["suspect"] is True
    with world.agent.database.session() as s:
        cash = s.get(CashSession, ticket.context["cash_session_id"])
        assert cash.state == CashSessionState.SUSPECT
    world.agent.devices.card_reader.take_card()
    world.agent.wait_for(lambda s: s["screen"] == "out_of_service")


def test_talk_to_someone_gives_a_ticket_from_the_menu(world):
    world.sign_in()
    world.act("talk", service="advice")
    ticket = world.tickets()[-1]
    assert (ticket.reason, ticket.service, ticket.context["step"]) == (
        "customer_request", "advice", "menu")


def test_unknown_card_is_an_identity_the_kiosk_cannot_confirm(world):
    from hardware.card_reader import CardData
    from tests.kiosk.conftest import new_pan

    world.agent.devices.card_reader.insert_card(CardData(new_pan(999999), "3012"))
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    assert world.tickets()[-1].reason == "identity_unconfirmed"


def test_a_face_match_alone_cannot_move_money(world):
    world.agent.greet(world.customer_id, "Sam")
    assert world.agent.wait_for(lambda s: s.get("greeting") == "Sam")
    for action, fields in (("withdraw", {"amount_minor": 2000}),
                           ("transfer", {"to_account_id": world.savings_id,
                                         "amount_minor": 100})):
        record = world.act(action, **fields)
        assert record.status == "refused" and "PIN" in record.outcome["error"]
    assert world.balance(world.account_id) == 300_000
    assert world.agent.devices.cash_dispenser.status().stacker_items == 0


def test_a_greeting_ends_with_the_visit_and_is_not_the_next_persons(world):
    world.agent.greet(world.customer_id, "Sam")
    world.sign_in()
    world.act("finish")
    world.agent.devices.card_reader.take_card()
    idle = world.agent.wait_for(lambda s: s["screen"] == "idle")
    assert "greeting" not in idle
    # Whoever stands there next and asks for a person is nobody the kiosk knows.
    world.act("talk")
    assert world.tickets()[-1].customer_id is None


def test_a_printer_power_loss_loses_only_the_paper(world):
    world.sign_in()
    world.agent.devices.faults["receipt_printer"].inject("print_receipt", Fault.POWER_LOSS)
    record = world.agent.submit({"action": "balance", "idempotency_key": "balance-power-1",
                                 "receipt": True})
    assert record.done.wait(5)
    assert record.status == "done" and record.outcome["receipt"].startswith("not printed")
    assert world.agent.snapshot()["screen"] == "menu"


def test_an_agent_recovers_only_its_own_kiosk_at_start(world, fresh_database, kiosk_settings):
    from shared.money.cash import withdrawal
    from tests.kiosk.conftest import build_world

    other = build_world(fresh_database, kiosk_settings)
    try:
        ids = []
        for w in (world, other):
            with fresh_database.session() as s:
                auth = withdrawal.authorise(s, account_id=w.account_id, device_id=w.kiosk_id,
                                            amount_minor=2000, idempotency_key=f"rec-{w.pan}")
            with fresh_database.session() as s:
                withdrawal.begin_dispense(s, auth.cash_session_id)
            ids.append(auth.cash_session_id)
        world.agent.recover()  # what start() runs, for this kiosk only
        with fresh_database.session() as s:
            states = [s.get(CashSession, i).state for i in ids]
        assert states == [CashSessionState.SUSPECT, CashSessionState.DISPENSING]
        world.agent.wait_for(lambda s: s["screen"] == "out_of_service")
        assert other.agent.refresh_service_state()
    finally:
        other.agents.stop_all()


@pytest.mark.parametrize("retain_losses", [1, 2])
def test_a_card_left_in_the_throat_is_kept_and_the_slot_freed(world, retain_losses):
    """Power losses while returning the card leave it in the throat after each reset: the
    visit keeps offering and keeping it, and the idle kiosk clears one still stuck there."""
    reader = world.agent.devices.card_reader
    world.sign_in()
    reader_faults = world.agent.devices.faults["card_reader"]
    reader_faults.inject("eject", Fault.POWER_LOSS, "eject")
    for _ in range(retain_losses):
        reader_faults.inject("retain", Fault.POWER_LOSS, "retain")
    world.act("finish")
    state = world.agent.wait_for(lambda s: len(reader.retained_cards) == 1, timeout=8)
    assert "kept" in state["message"] or state["screen"] == "take_card"
    assert reader.card_location() == "none"
    world.agent.wait_for(lambda s: s["screen"] in ("idle", "ticket"))
    assert reader.insert_card(world.card())  # the slot is free for the next card
    world.agent.wait_for(lambda s: s["screen"] not in ("idle", "ticket"))
