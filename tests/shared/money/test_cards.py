"""Cards: lookup by PAN, PIN verification, wrong-PIN limit and retention."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hardware.pin_pad import PinBlockRequest, PinEntryRequest, PinPadSimulator
from shared import audit
from shared.models import Account, AuditEntry, Card, CardStatus
from shared.models.enums import AccountKind, ActorType
from shared.money.card_keys import CardKeys
from shared.money.cards import (
    CardNotFound,
    CardNotUsable,
    PinOutcome,
    issue_card,
    present_card,
    set_card_status,
    verify_pin,
)
from shared.money.pin_block import encipher_pin_block
from tests.factories import make_branch, make_customer, make_kiosk

PAN = "4929000077000003"
OTHER_PAN = "4929000078000001"
PIN = "4739"


@pytest.fixture
def keys(settings) -> CardKeys:
    return CardKeys.from_settings(settings)


@pytest.fixture
def issued(db_session, keys):
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    account = Account(number=f"ACC-{customer.id}", customer_id=customer.id, branch_id=branch.id,
                      kind=AccountKind.CURRENT, name="Current")
    db_session.add(account)
    db_session.flush()
    card = issue_card(db_session, keys, account=account, pan=PAN, pin=PIN, expiry="3012")
    other = issue_card(db_session, keys, account=account, pan=OTHER_PAN, pin="1111",
                       expiry="3012")
    return card, other, make_kiosk(db_session, branch)


def _block(pin: str, pan: str, keys: CardKeys) -> bytes:
    """The block the simulated pad hands over for `pin` typed on it."""
    pad = PinPadSimulator(keys.pin_key)
    pad.type_pin(pin)
    assert pad.pin_entry(PinEntryRequest()).ok
    return pad.get_pin_block(PinBlockRequest(pan=pan)).pin_block


def test_the_database_holds_no_pan_and_no_pin(db_session, issued, keys):
    card = issued[0]
    table = Card.__table__
    row = db_session.execute(select(table).where(Card.id == card.id)).one()
    # Every text column (timestamps aside: their digits are whatever the clock says).
    stored = " ".join(str(row._mapping[c.name]) for c in table.columns
                      if c.name not in {"issued_at", "status_changed_at", "expires_on"})
    assert PAN not in stored and PIN not in stored
    assert card.pan_last4 == "0003" and card.expires_on == date(2030, 12, 31)


def test_lookup_by_pan(db_session, issued, keys):
    presented = present_card(db_session, PAN, keys)
    assert presented.card_id == issued[0].id
    assert PAN not in repr(presented)
    with pytest.raises(CardNotFound):
        present_card(db_session, "4929000099000009", keys)
    with pytest.raises(CardNotFound):
        present_card(db_session, "not a pan", keys)
    with pytest.raises(CardNotUsable, match="expired"):
        present_card(db_session, PAN, keys, today=date(2031, 1, 1))


def test_the_right_pin_verifies_and_clears_earlier_failures(db_session, issued, keys):
    presented = present_card(db_session, PAN, keys)
    wrong = verify_pin(db_session, presented, _block("0000", PAN, keys), keys, max_attempts=3)
    assert wrong.outcome is PinOutcome.WRONG and wrong.attempts_left == 2
    ok = verify_pin(db_session, presented, _block(PIN, PAN, keys), keys, max_attempts=3)
    assert ok.ok and issued[0].failed_pin_count == 0


def test_wrong_pins_are_limited_and_the_card_retained(db_session, issued, keys, settings):
    card, _, kiosk = issued
    limit = settings.kiosk.max_pin_attempts
    presented = present_card(db_session, PAN, keys)
    outcomes = [
        verify_pin(db_session, presented, _block("1234", PAN, keys), keys,
                   max_attempts=limit, device_id=kiosk.id).outcome
        for _ in range(limit)
    ]
    assert outcomes == [PinOutcome.WRONG] * (limit - 1) + [PinOutcome.RETAINED]
    assert card.status is CardStatus.RETAINED and card.retained_by_device_id == kiosk.id
    # Retained: even the right PIN is not checked any more, and the card cannot be used.
    after = verify_pin(db_session, presented, _block(PIN, PAN, keys), keys, max_attempts=limit)
    assert after.outcome is PinOutcome.NOT_USABLE
    with pytest.raises(CardNotUsable, match="retained"):
        present_card(db_session, PAN, keys)
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "card.retained"))
    assert entry is not None and entry.subject_id == card.id


def test_the_pin_verifies_only_with_the_right_key(db_session, issued, keys):
    presented = present_card(db_session, PAN, keys)
    other_keys = CardKeys(bytes(16), keys.pin_verification_key, keys.pan_key)
    block = _block(PIN, PAN, other_keys)
    assert verify_pin(db_session, presented, block, keys, max_attempts=3).outcome is (
        PinOutcome.WRONG)
    wrong_pvk = CardKeys(keys.pin_key, b"x" * 40, keys.pan_key)
    assert verify_pin(db_session, presented, _block(PIN, PAN, keys), wrong_pvk,
                      max_attempts=3).outcome is PinOutcome.WRONG


def test_a_block_replayed_for_another_pan_fails(db_session, issued, keys):
    # The other card's PIN is 1111; a block made for 1111 on this PAN must not open it.
    other = present_card(db_session, OTHER_PAN, keys)
    replay = encipher_pin_block("1111", PAN, keys.pin_key)
    assert verify_pin(db_session, other, replay, keys, max_attempts=3).outcome is (
        PinOutcome.WRONG)
    assert verify_pin(db_session, other, _block("1111", OTHER_PAN, keys), keys,
                      max_attempts=3).ok
    garbage = verify_pin(db_session, other, b"\x00" * 7, keys, max_attempts=3)
    assert garbage.outcome is PinOutcome.WRONG


def test_staff_can_reactivate_a_retained_card(db_session, issued, keys):
    card = issued[0]
    presented = present_card(db_session, PAN, keys)
    for _ in range(2):
        verify_pin(db_session, presented, _block("1234", PAN, keys), keys, max_attempts=2)
    assert card.status is CardStatus.RETAINED
    set_card_status(db_session, card.id, CardStatus.ACTIVE, audit.Actor(ActorType.STAFF, None),
                    "customer identified at the counter")
    assert card.failed_pin_count == 0
    assert verify_pin(db_session, present_card(db_session, PAN, keys),
                      _block(PIN, PAN, keys), keys, max_attempts=2).ok


def test_parallel_wrong_pins_all_count(fresh_database, settings):
    """Eight kiosks failing at once: none of the failures is lost (SQL increment, row lock)."""
    from concurrent.futures import ThreadPoolExecutor


    keys = CardKeys.from_settings(settings)
    engine = fresh_database.engine.execution_options(sqlite_begin="IMMEDIATE")
    pan = "4929000123000001"
    with fresh_database.session_factory(bind=engine) as session, session.begin():
        branch = make_branch(session)
        customer = make_customer(session, branch)
        account = Account(number=f"PAR-{customer.id}", customer_id=customer.id,
                          branch_id=branch.id, kind=AccountKind.CURRENT, name="Current")
        session.add(account)
        session.flush()
        card_id = issue_card(session, keys, account=account, pan=pan, pin=PIN,
                             expiry="3012").id
        presented = present_card(session, pan, keys)  # all eight cards read before any PIN
    blocks = [_block("0000", pan, keys) for _ in range(8)]

    def attempt(block):
        with fresh_database.session_factory(bind=engine) as session, session.begin():
            return verify_pin(session, presented, block, keys, max_attempts=5).outcome

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, blocks))
    with fresh_database.session_factory(bind=engine) as session:
        card = session.get(Card, card_id)
        assert card.status is CardStatus.RETAINED and card.failed_pin_count == 5
    assert outcomes.count(PinOutcome.RETAINED) == 1
    assert outcomes.count(PinOutcome.WRONG) == 4
    assert outcomes.count(PinOutcome.NOT_USABLE) == 3
