"""A risk hit at the kiosk sends the customer to the counter with the case, moving nothing."""

from __future__ import annotations

from sqlalchemy import select

from shared.models import (
    Account,
    FraudCase,
    FraudSignal,
    SignalKind,
    WalletToken,
)
from shared.money import cards
from shared.money.card_keys import CardKeys


def test_a_second_withdrawal_just_under_the_limit_is_stepped_up_to_the_counter(world):
    limit = world.agent.settings.kiosk.max_withdrawal_minor
    near = limit - limit % 2000  # whole £20 notes, at or just under the limit
    world.sign_in()
    first = world.agent.submit({"action": "withdraw", "amount_minor": near,
                                "idempotency_key": "near-limit-1"})
    world.agent.wait_for(lambda s: s["screen"] == "take_cash")
    world.agent.devices.cash_dispenser.take_cash()
    assert first.done.wait(5) and first.status == "done"
    second = world.act("withdraw", amount_minor=near)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert second.status != "done" or second.outcome.get("kind") != "withdrawal"
    assert ticket.reason == "step_up" and ticket.service == "cash"
    assert ticket.context["fraud_rules"] == ["just_under_limit"]
    with world.agent.database.session() as s:
        case = s.get(FraudCase, ticket.context["fraud_case_ids"][0])
        assert case.customer_id == world.customer_id and case.step_up
        assert s.get(Account, world.account_id).balance_minor == 300_000 - near
        kinds = s.scalars(select(FraudSignal.kind).where(
            FraudSignal.customer_id == world.customer_id).order_by(FraudSignal.id)).all()
    assert kinds == [SignalKind.CARD_ISSUED, SignalKind.PIN_OK, SignalKind.WITHDRAWAL,
                     SignalKind.WITHDRAWAL]


def _transfer_signals(world):
    with world.agent.database.session() as s:
        return s.scalars(select(FraudSignal).where(
            FraudSignal.kind == SignalKind.TRANSFER,
            FraudSignal.customer_id == world.customer_id)).all()


def test_an_own_account_transfer_is_not_shown_to_the_rules(world):
    world.sign_in()
    assert world.act("transfer", amount_minor=250_000,
                     to_account_id=world.savings_id).status == "done"
    assert _transfer_signals(world) == []


def test_a_large_first_payment_to_a_new_payee_goes_to_the_counter(world):
    world.sign_in()
    world.act("transfer", amount_minor=200_000, to_account_number=world.other_number)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert ticket.reason == "step_up" and ticket.service == "accounts"
    assert ticket.context["fraud_rules"] == ["unusual_amount"]
    (signal,) = _transfer_signals(world)
    assert signal.stepped_up and signal.counterparty == world.other_number
    with world.agent.database.session() as s:
        assert s.get(Account, world.account_id).balance_minor == 300_000


def test_a_wallet_right_after_a_replacement_card_goes_to_the_counter(world):
    from tests.kiosk.conftest import new_pan

    with world.agent.database.session() as s:
        account = s.get(Account, world.account_id)
        # The first card (3012) is still valid: this one replaces it, say after a theft.
        cards.issue_card(s, CardKeys.from_settings(world.agent.settings), account=account,
                         pan=new_pan(777), pin="2468", expiry="3106")
        s.commit()
    world.sign_in()
    world.act("wallet", provider="apple_pay", consent=True)
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket"))
    ticket = world.tickets()[-1]
    assert ticket.reason == "step_up" and ticket.service == "cards"
    assert ticket.context["fraud_rules"] == ["new_wallet_after_reissue"]
    with world.agent.database.session() as s:
        assert s.scalars(select(WalletToken).where(
            WalletToken.customer_id == world.customer_id)).all() == []
