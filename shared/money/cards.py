"""Cards: issue, look up by PAN, and verify a PIN block with a limit on wrong PINs.

The PAN reaches the core only in memory (from the card reader); the database holds its
keyed hash and last four digits. Nothing here logs a PAN, a PIN or a PIN block.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from shared import audit
from shared.db.base import utcnow
from shared.models import Account, Card, CardStatus, FraudSignal, SignalKind
from shared.models.enums import ActorType
from shared.money.card_keys import CardKeys
from shared.money.pin_block import PinBlockError, pan_hash, pin_verification_value, verify_pin_block

RENEWAL_DAYS = 62  # a card issued when the last one runs out within this is a renewal


class CardError(Exception):
    """A card cannot be used; the message never holds the PAN."""


class CardNotFound(CardError):
    """No card with this PAN."""


class CardNotUsable(CardError):
    """The card is retained, blocked or expired."""

    def __init__(self, card_id: int, reason: str):
        super().__init__(f"card {card_id} cannot be used: {reason}")
        self.card_id = card_id
        self.reason = reason


@dataclass(frozen=True, repr=False)
class PresentedCard:
    """A card read at a kiosk: its row id and, in memory only, its PAN."""

    card_id: int
    customer_id: int
    account_id: int
    pan: str
    last4: str

    def __repr__(self) -> str:
        return f"PresentedCard(card_id={self.card_id}, pan=****{self.last4})"

    __str__ = __repr__


class PinOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    RETAINED = "retained"  # the limit is reached now: the kiosk must retain the card
    NOT_USABLE = "not_usable"  # already retained or blocked: the PIN was not checked


@dataclass(frozen=True)
class PinCheck:
    outcome: PinOutcome
    failed_count: int
    attempts_left: int

    @property
    def ok(self) -> bool:
        return self.outcome is PinOutcome.OK


def expiry_date(yymm: str) -> date:
    """Return the last day of the month a YYMM expiry names."""
    if not (len(yymm) == 4 and yymm.isdigit() and 1 <= int(yymm[2:]) <= 12):
        raise ValueError("expiry must be YYMM")
    year, month = 2000 + int(yymm[:2]), int(yymm[2:])
    return date(year, month, calendar.monthrange(year, month)[1])


def issue_card(
    session: Session,
    keys: CardKeys,
    *,
    account: Account,
    pan: str,
    pin: str,
    expiry: str,
) -> Card:
    """Create an active card for `account` (a customer's) with its PIN's verification value.

    The fraud rules remember why: a first card, a renewal (the last one expires within
    `RENEWAL_DAYS`) or a replacement (one still valid, so lost, stolen or reissued).
    """
    if account.customer_id is None:
        raise ValueError("cards are issued on customer accounts only")
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("a PIN has 4 to 12 digits")
    reason = _issue_reason(session, account.id)
    card = Card(
        pan_hash=pan_hash(pan, keys.pan_key),
        pan_last4=pan[-4:],
        expires_on=expiry_date(expiry),
        customer_id=account.customer_id,
        account_id=account.id,
        status=CardStatus.ACTIVE,
        failed_pin_count=0,
        pin_verification_value=pin_verification_value(pan, pin, keys.pin_verification_key),
    )
    session.add(card)
    session.flush()
    # Remembered for the fraud rules (shared/fraud), below which this layer sits.
    session.add(FraudSignal(kind=SignalKind.CARD_ISSUED, at=utcnow(),
                            customer_id=card.customer_id, card_id=card.id,
                            counterparty=reason))
    session.flush()
    return card


def _issue_reason(session: Session, account_id: int) -> str:
    latest = session.scalar(select(func.max(Card.expires_on)).where(
        Card.account_id == account_id))
    if latest is None:
        return "first"
    return "renewal" if latest <= utcnow().date() + timedelta(days=RENEWAL_DAYS) \
        else "replacement"


def find_card(session: Session, pan: str, keys: CardKeys) -> Card | None:
    """Return the card with this PAN, or None (also for a malformed PAN)."""
    try:
        digest = pan_hash(pan, keys.pan_key)
    except PinBlockError:
        return None
    return session.scalar(select(Card).where(Card.pan_hash == digest))


def present_card(
    session: Session, pan: str, keys: CardKeys, today: date | None = None
) -> PresentedCard:
    """Look a read card up; raise CardNotFound or CardNotUsable (retained, blocked, expired)."""
    card = find_card(session, pan, keys)
    if card is None:
        raise CardNotFound("no such card")
    if card.status is not CardStatus.ACTIVE:
        raise CardNotUsable(card.id, str(card.status))
    if card.expires_on < (today or utcnow().date()):
        raise CardNotUsable(card.id, "expired")
    return PresentedCard(card.id, card.customer_id, card.account_id, pan, card.pan_last4)


def verify_pin(
    session: Session,
    card_ref: PresentedCard,
    pin_block: bytes,
    keys: CardKeys,
    *,
    max_attempts: int,
    device_id: int | None = None,
) -> PinCheck:
    """Check an ISO 9564 format 4 PIN block; count wrong PINs; retain at `max_attempts`.

    The card row is locked for the check (FOR UPDATE on PostgreSQL; on SQLite the write
    lock serialises) and the count is incremented in SQL, so parallel tries all count.
    A block that does not decode for this card's PAN
    (another card's block, another key, garbage) counts as a wrong PIN.
    """
    card = session.scalar(select(Card).where(Card.id == card_ref.card_id).with_for_update())
    if card is None:
        raise CardNotFound("no such card")
    if card.status is not CardStatus.ACTIVE:
        return PinCheck(PinOutcome.NOT_USABLE, card.failed_pin_count, 0)
    try:
        good = verify_pin_block(pin_block, card_ref.pan, keys.pin_key,
                                keys.pin_verification_key, card.pin_verification_value)
    except PinBlockError:
        good = False
    if good:
        card.failed_pin_count = 0
        session.flush()
        return PinCheck(PinOutcome.OK, 0, max_attempts)
    # Incremented in SQL, not in Python: two kiosks failing at once both count.
    failed = session.execute(
        update(Card)
        .where(Card.id == card.id)
        .values(failed_pin_count=Card.failed_pin_count + 1)
        .returning(Card.failed_pin_count)
    ).scalar_one()
    if failed < max_attempts:
        return PinCheck(PinOutcome.WRONG, failed, max_attempts - failed)
    card.status = CardStatus.RETAINED
    card.status_changed_at = utcnow()
    card.retained_by_device_id = device_id
    session.flush()
    actor = audit.Actor(ActorType.DEVICE, device_id) if device_id else audit.SYSTEM
    audit.record(session, actor, "card.retained", subject_type="card", subject_id=card.id,
                 reason="too many wrong PINs",
                 detail={"failed_pin_count": card.failed_pin_count})
    return PinCheck(PinOutcome.RETAINED, card.failed_pin_count, 0)


def set_card_status(
    session: Session, card_id: int, status: CardStatus, actor: audit.Actor, reason: str
) -> Card:
    """Block, unblock or mark a card retained (staff); reactivating clears the wrong-PIN count."""
    card = session.get(Card, card_id)
    if card is None:
        raise CardNotFound(f"no card {card_id}")
    card.status = status
    card.status_changed_at = utcnow()
    if status is CardStatus.ACTIVE:
        card.failed_pin_count = 0
        card.retained_by_device_id = None
    session.flush()
    audit.record(session, actor, f"card.{status}", subject_type="card", subject_id=card.id,
                 reason=reason)
    return card

