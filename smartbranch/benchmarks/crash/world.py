"""The database side of crash trials: per trial a kiosk with its cash account, a funded
customer with a card, all at one branch with one teller; seeded in one unit of work."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from shared.db import Database
from shared.db.locks import begin_write
from shared.models import Account, Branch, Customer, Device, Staff
from shared.models.enums import AccountKind, DeviceKind, PrivacyMode, Role
from shared.money import cards, ledger
from shared.money.card_keys import CardKeys
from shared.money.chart import kiosk_cash_account_number

PIN = "2468"
EXPIRY = "3012"
FUNDED_MINOR = 200_000


@dataclass(frozen=True)
class TrialWorld:
    """One trial's kiosk and customer; `float_minor` is what its cassettes hold at the start."""

    kiosk_id: int
    kiosk_code: str
    branch_id: int
    account_id: int
    cash_account_id: int
    teller_id: int
    pan: str
    float_minor: int
    funded_minor: int = FUNDED_MINOR
    pin: str = PIN


def _luhn(body: str) -> str:
    total = 0
    for i, digit in enumerate(reversed(body)):
        d = int(digit) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def _pan(n: int) -> str:
    body = f"492977{n:09d}"
    return body + _luhn(body)


def seed_worlds(database: Database, settings, count: int, tag: str) -> list[TrialWorld]:
    """Create `count` (< 10,000) trial worlds, kiosk codes CR-<tag>-<n>; `tag`: 6 characters."""
    keys = CardKeys.from_settings(settings)
    currency = settings.kiosk.currency
    float_minor = sum(c.denomination_minor * c.count for c in settings.kiosk.cassettes)
    limits = ledger.Limits.from_settings(settings)
    worlds = []
    with database.session() as s:
        begin_write(s)
        branch = Branch(code=f"CR-{tag}", name=f"Crash lab {tag}",
                        privacy_mode=PrivacyMode.OPT_IN)
        s.add(branch)
        s.flush()
        teller = Staff(branch_id=branch.id, username=f"crash-teller-{tag}",
                       full_name="Crash lab teller", role=Role.TELLER, password_hash="!")
        opening = Account(number=f"CRO-{tag}"[:20], kind=AccountKind.INTERNAL,
                          name="opening", allow_negative=True, currency=currency)
        s.add_all([teller, opening])
        s.flush()
        for n in range(count):
            code = f"CR-{tag}-{n}"
            kiosk = Device(branch_id=branch.id, code=code, kind=DeviceKind.KIOSK,
                           name=f"Crash kiosk {n}")
            customer = Customer(customer_number=f"CR{tag}{n:06d}"[:20], given_name="Crash",
                                family_name=f"Trial{n}", home_branch_id=branch.id)
            s.add_all([kiosk, customer])
            s.flush()
            cash = Account(number=kiosk_cash_account_number(code), kind=AccountKind.INTERNAL,
                           name="kiosk cash", allow_negative=True, branch_id=branch.id,
                           currency=currency)
            account = Account(number=f"CRA-{tag}-{n}"[:20], customer_id=customer.id,
                              kind=AccountKind.CURRENT, name="Current", currency=currency)
            s.add_all([cash, account])
            s.flush()
            pan = _pan(zlib.crc32(tag.encode()) % 10**5 * 10**4 + n)
            cards.issue_card(s, keys, account=account, pan=pan, pin=PIN, expiry=EXPIRY)
            ledger.post(s, [ledger.Leg(cash.id, -float_minor),
                            ledger.Leg(account.id, FUNDED_MINOR),
                            ledger.Leg(opening.id, float_minor - FUNDED_MINOR)],
                        idempotency_key=f"crash-open-{tag}-{n}", request={"trial": n},
                        kind="opening_balance", currency=currency, limits=limits)
            worlds.append(TrialWorld(kiosk.id, code, branch.id, account.id, cash.id, teller.id, pan,
                                     float_minor))
    return worlds
