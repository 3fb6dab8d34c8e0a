"""Demo debit cards: one per customer's current account, with public demo PANs and PINs.

Demo PAN: 4929 + the customer number's six digits + 00000 + a Luhn check digit
(SB000001 -> 4929000001000009). Demo PIN: the customer number's last four digits,
reversed (SB000042 -> 2400). Demo values only: never use them for anything real.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shared.models import Account, Card, CardStatus, Customer
from shared.models.enums import AccountKind
from shared.money.card_keys import CardKeys
from shared.money.cards import expiry_date
from shared.money.pin_block import pan_hash, pin_verification_value

DEMO_IIN = "4929"
DEMO_EXPIRY = "3012"  # YYMM: December 2030


@dataclass(frozen=True)
class DemoCard:
    customer_number: str
    pan: str
    pin: str
    expiry: str


def luhn_check_digit(digits: str) -> str:
    """Return the Luhn digit that makes `digits` + it a valid card number."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these sit in odd positions once the check digit is added
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def demo_card_for(customer_number: str) -> DemoCard:
    """Return the demo card of a demo customer number such as SB000042."""
    digits = customer_number.removeprefix("SB")
    if not (customer_number.startswith("SB") and digits.isdigit() and len(digits) == 6):
        raise ValueError(f"not a demo customer number: {customer_number!r}")
    body = DEMO_IIN + digits + "00000"
    return DemoCard(customer_number, body + luhn_check_digit(body), digits[-4:][::-1],
                    DEMO_EXPIRY)


def load_demo_cards(session: Session, keys: CardKeys) -> int:
    """Issue the demo card of every demo customer's current account that has none yet."""
    have_card = select(Card.account_id)
    rows = session.execute(
        select(Customer.customer_number, Account.id, Account.customer_id)
        .join(Account, Account.customer_id == Customer.id)
        .where(Account.kind == AccountKind.CURRENT, Account.id.not_in(have_card))
        .order_by(Customer.id)
    ).all()
    cards = []
    for number, account_id, customer_id in rows:
        try:
            card = demo_card_for(number)
        except ValueError:
            continue  # a customer added outside the demo
        cards.append({
            "pan_hash": pan_hash(card.pan, keys.pan_key),
            "pan_last4": card.pan[-4:],
            "expires_on": expiry_date(card.expiry),
            "customer_id": customer_id,
            "account_id": account_id,
            "status": CardStatus.ACTIVE,
            "failed_pin_count": 0,
            "pin_verification_value": pin_verification_value(
                card.pan, card.pin, keys.pin_verification_key),
        })
    if cards:
        session.execute(insert(Card.__table__), cards)
    return len(cards)
