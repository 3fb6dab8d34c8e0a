"""Who a simulated bank customer (PSU) is: accounts, employer, landlord, bills, habits.

Everything is drawn from a generator seeded by the bank's seed and the PSU id, so the same
PSU always has the same accounts and life, whichever day the bank is asked.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

CURRENT_ACCOUNT = "CurrentAccount"
CREDIT_CARD = "CreditCard"

EMPLOYERS = ("ACME LTD", "NORTHGATE LOGISTICS LTD", "BRIGHTWELL NHS TRUST",
             "KESTREL SOFTWARE LTD", "HARBOUR CITY COUNCIL", "ORCHARD RETAIL PLC")
RENT_REFERENCES = ("RENT FLAT 2", "RENT 14B ELM RD", "LANDLORD RENT", "RENT FLAT 7 ASH CT")
ENERGY = (("BRITISH GAS", 8_400), ("OCTOPUS ENERGY", 7_900), ("EDF ENERGY", 9_100),
          ("OVO ENERGY", 8_200))
WATER = (("THAMES WATER", 3_850), ("SEVERN TRENT WATER", 3_420), ("UNITED UTILITIES", 3_610))
COUNCILS = (("LB HACKNEY CTAX", 14_700), ("BRISTOL CITY COUNCIL", 16_200),
            ("MANCHESTER CC CTAX", 13_900))
MOBILE = (("EE LIMITED", 2_400), ("VODAFONE LTD", 2_200), ("O2 UK", 1_800),
          ("GIFFGAFF", 1_000))
GROCERS = (("TESCO STORES 3297", "5411"), ("SAINSBURYS S/MKT", "5411"),
           ("LIDL GB LONDON", "5411"), ("ALDI 74 STORES", "5411"),
           ("M&S SIMPLY FOOD", "5411"))
COFFEE = (("PRET A MANGER", "5814"), ("COSTA COFFEE 43012", "5814"),
          ("CAFFE NERO 0215", "5814"), ("STARBUCKS 12931", "5814"))
FRIENDS = ("J PATEL", "S OKAFOR", "M JONES", "A NOWAK", "L CHEN")
TRIPS = (  # where the PSU goes twice a year: currency, EUR/USD per GBP, merchants
    ("EUR", (("CARREFOUR CITY PARIS FRA", "5411"), ("SNCF INTERNET PARIS FRA", "4112"),
             ("UBER *TRIP HELP.UBER.COM NLD", "4121"), ("LE PETIT CLER PARIS FRA", "5812"))),
    ("EUR", (("MERCADONA BARCELONA ESP", "5411"), ("RENFE VIAJEROS MADRID ESP", "4112"),
             ("BOLT.EU/O/2403 TALLINN EST", "4121"), ("CERVECERIA CATALANA ESP", "5812"))),
    ("USD", (("WHOLEFDS MKT NEW YORK USA", "5411"), ("MTA*NYCT PAYGO NEW YORK USA", "4111"),
             ("LYFT *RIDE SAN FRANCISCO USA", "4121"), ("SHAKE SHACK NEW YORK USA", "5812"))),
)


@dataclass(frozen=True)
class SimAccount:
    """An account as the simulated bank holds it."""

    account_id: str
    subtype: str  # CURRENT_ACCOUNT or CREDIT_CARD
    nickname: str
    scheme: str  # UK.OBIE.SortCodeAccountNumber or UK.OBIE.PAN
    identification: str  # the sort code and number, or the masked card number
    currency: str = "GBP"
    credit_limit_minor: int = 0


@dataclass(frozen=True)
class Psu:
    """One simulated customer of the other bank and the shape of their months."""

    psu_id: str
    key: str  # the seed of everything that happens to them
    current: SimAccount
    card: SimAccount
    opening_balance_minor: int
    employer: str
    salary_minor: int
    rent_reference: str
    rent_minor: int
    energy: tuple[str, int]
    water: tuple[str, int]
    council: tuple[str, int]
    mobile: tuple[str, int]
    gym: bool
    grocers: tuple[tuple[str, str], ...]
    coffee: tuple[str, str]
    coffee_rate: float
    commute_rate: float
    fare_minor: int
    trip: int  # index into TRIPS
    trip_phase: int  # the trip falls in months whose index is this modulo 6
    rise_month: int  # the month of the year one subscription's price goes up


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def make_psu(seed: int, psu_id: str) -> Psu:
    """Return the PSU `psu_id` of the bank seeded with `seed` (the same one every time)."""
    key = _digest("psu", seed, psu_id)
    rng = random.Random(key)
    sort_code = f"{rng.randrange(20, 99)}{rng.randrange(0, 99):02d}{rng.randrange(0, 99):02d}"
    number = f"{rng.randrange(10_000_000, 99_999_999)}"
    card_last4 = f"{rng.randrange(0, 9999):04d}"
    current = SimAccount(
        account_id="CA" + _digest("current", key)[:14].upper(), subtype=CURRENT_ACCOUNT,
        nickname="Everyday Current Account", scheme="UK.OBIE.SortCodeAccountNumber",
        identification=sort_code + number)
    card = SimAccount(
        account_id="CC" + _digest("card", key)[:14].upper(), subtype=CREDIT_CARD,
        nickname="Rewards Credit Card", scheme="UK.OBIE.PAN",
        identification="************" + card_last4,
        credit_limit_minor=rng.choice((1_500_00, 3_000_00, 5_000_00)))
    salary = rng.randrange(2_300_00, 3_500_00)
    return Psu(
        psu_id=psu_id, key=key, current=current, card=card,
        opening_balance_minor=rng.randrange(400_00, 1_800_00),
        employer=rng.choice(EMPLOYERS), salary_minor=salary,
        rent_reference=rng.choice(RENT_REFERENCES),
        rent_minor=rng.randrange(750, 1_250, 25) * 100,
        energy=rng.choice(ENERGY), water=rng.choice(WATER), council=rng.choice(COUNCILS),
        mobile=rng.choice(MOBILE), gym=rng.random() < 0.6,
        grocers=tuple(rng.sample(GROCERS, 2)), coffee=rng.choice(COFFEE),
        coffee_rate=rng.uniform(0.25, 0.7), commute_rate=rng.uniform(0.6, 0.9),
        fare_minor=rng.choice((560, 680, 810)), trip=rng.randrange(len(TRIPS)),
        trip_phase=rng.randrange(6), rise_month=rng.randrange(12))
