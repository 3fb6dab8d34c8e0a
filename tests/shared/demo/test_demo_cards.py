"""Demo cards: documented PANs and PINs that verify through the card service."""

from __future__ import annotations

import pytest

from shared.demo import demo_card_for, load_demo_cards
from shared.demo.cards import luhn_check_digit
from shared.models import Account
from shared.models.enums import AccountKind
from shared.money.card_keys import CardKeys
from shared.money.cards import PinOutcome, present_card, verify_pin
from shared.money.pin_block import encipher_pin_block
from tests.factories import make_branch, make_customer


def _luhn_valid(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_demo_cards_follow_the_documented_rule():
    card = demo_card_for("SB000042")
    assert card.pan == "4929000042000000" and card.pin == "2400" and card.expiry == "3012"
    assert demo_card_for("SB000001").pan == "4929000001000009"
    assert all(_luhn_valid(demo_card_for(f"SB{n:06d}").pan) for n in range(1, 400))
    assert luhn_check_digit("411111111111111") == "1"
    with pytest.raises(ValueError):
        demo_card_for("C00000001")


def test_each_demo_current_account_gets_one_working_card(db_session, settings):
    keys = CardKeys.from_settings(settings)
    branch = make_branch(db_session)
    for n in (1, 2):
        customer = make_customer(db_session, branch, customer_number=f"SB{n:06d}")
        for kind in (AccountKind.CURRENT, AccountKind.SAVINGS):
            db_session.add(Account(number=f"DEMO-{n}-{kind}", customer_id=customer.id,
                                   branch_id=branch.id, kind=kind, name=str(kind)))
    outsider = make_customer(db_session, branch)
    db_session.add(Account(number="OUT-1", customer_id=outsider.id, branch_id=branch.id,
                           kind=AccountKind.CURRENT, name="current"))
    db_session.flush()
    assert load_demo_cards(db_session, keys) == 2
    assert load_demo_cards(db_session, keys) == 0, "a second run issues nothing new"
    demo = demo_card_for("SB000002")
    presented = present_card(db_session, demo.pan, keys)
    block = encipher_pin_block(demo.pin, demo.pan, keys.pin_key)
    assert verify_pin(db_session, presented, block, keys, max_attempts=3).outcome is (
        PinOutcome.OK)
    account = db_session.get(Account, presented.account_id)
    assert account.kind is AccountKind.CURRENT


def test_the_demo_load_issues_cards_when_given_the_keys(db_session, settings):
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from shared.demo import load_demo_data
    from shared.models import Card, Customer
    from shared.settings import DemoSettings

    keys = CardKeys.from_settings(settings)
    demo = DemoSettings(customers=4, months=1, branches=1)
    load_demo_data(db_session, demo, now=datetime(2026, 11, 1, tzinfo=UTC), card_keys=keys)
    customers = db_session.scalar(select(func.count()).select_from(Customer))
    assert db_session.scalar(select(func.count()).select_from(Card)) == customers == 4
    first = demo_card_for("SB000001")
    assert present_card(db_session, first.pan, keys).customer_id is not None
