"""Plan demo customers: identity, tier, accounts, preferences and visits (no database)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shared.demo import names
from shared.demo.catalog import DemoBranch
from shared.demo.spending import CashPoint, CustomerAccounts, SpendingProfile
from shared.insights.offers.features import MARKETING_PREFERENCE
from shared.models.enums import Tier, VisitSource

TIER_WEIGHTS = ((Tier.STANDARD, 80), (Tier.PREMIER, 16), (Tier.PRIVATE, 4))
SALARY_DAYS = (25, 25, 25, 28, 28, 27, 15, 20, 1, 10)
OVERDRAFTS = {
    Tier.STANDARD: (0, 0, 25_000, 50_000, 100_000),
    Tier.PREMIER: (150_000, 250_000),
    Tier.PRIVATE: (500_000,),
}
CREDIT_LIMITS = {
    Tier.STANDARD: (100_000, 500_000),
    Tier.PREMIER: (500_000, 1_500_000),
    Tier.PRIVATE: (2_000_000, 5_000_000),
}
MORTGAGES = {  # principal range, pence
    Tier.STANDARD: (9_000_000, 26_000_000),
    Tier.PREMIER: (25_000_000, 70_000_000),
    Tier.PRIVATE: (60_000_000, 200_000_000),
}
PRODUCT_ODDS = {  # savings, credit card, mortgage
    Tier.STANDARD: (0.55, 0.35, 0.2),
    Tier.PREMIER: (0.85, 0.6, 0.45),
    Tier.PRIVATE: (0.95, 0.7, 0.5),
}
ACCOUNT_SLOTS = ("current", "savings", "credit_card", "mortgage")


@dataclass(frozen=True)
class VisitPlan:
    branch_code: str
    source: VisitSource
    arrived_at: datetime
    left_at: datetime
    purpose: str
    claimed_by: str | None  # staff username
    note: str | None


@dataclass(frozen=True)
class CustomerPlan:
    customer_number: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date
    email: str
    phone: str
    language: str
    tier: Tier
    accessibility_needs: str
    branch_code: str
    created_at: datetime
    preferences: tuple[tuple[str, str], ...]
    profile: SpendingProfile
    visits: tuple[VisitPlan, ...]


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def account_number(sort_code: str, customer_index: int, slot: str) -> str:
    """Return a unique, stable, random-looking sort code and account number."""
    k = customer_index * len(ACCOUNT_SLOTS) + ACCOUNT_SLOTS.index(slot)
    # 7919 is prime and coprime with 9e7, so distinct k give distinct numbers.
    return f"{sort_code} {10_000_000 + (k * 7919) % 90_000_000:08d}"


def council_of(branch: DemoBranch) -> str:
    city = branch.name.split(", ")[-1]
    return "Westminster City Council" if city == "London" else f"{city} City Council"


def plan_customer_identity(
    rng: random.Random,
    index: int,
    branch: DemoBranch,
    kiosks: tuple[CashPoint, ...],
    now: datetime,
    window_start: datetime,
) -> CustomerPlan:
    """Draw one customer's profile, products and preferences (visits come separately)."""
    group = rng.choices(names.NAME_GROUPS, weights=[g.weight for g in names.NAME_GROUPS])[0]
    given = rng.choice(group.given)
    family = rng.choice(group.family)
    language = _weighted(rng, group.languages)
    preferred = names.NICKNAMES[given] if given in names.NICKNAMES and rng.random() < 0.5 else ""
    tier = _weighted(rng, TIER_WEIGHTS)
    age = rng.randint(35, 82) if tier == Tier.PRIVATE else rng.randint(19, 88)
    birthday = date(now.year - age, rng.randint(1, 12), rng.randint(1, 28))
    domain = rng.choice(names.EMAIL_DOMAINS)
    email = f"{_ascii(given)}.{_ascii(family)}{rng.randint(1, 99)}@{domain}"
    phone = f"07700 900{(index * 389 + 17) % 1000:03d}"  # Ofcom's range for drama
    accessibility = rng.choice(names.ACCESSIBILITY_NEEDS) if rng.random() < 0.07 else ""
    created_at = window_start - timedelta(days=rng.randint(30, 9000), minutes=rng.randint(0, 600))

    savings_odds, card_odds, mortgage_odds = PRODUCT_ODDS[tier]
    has_savings = rng.random() < savings_odds
    has_card = rng.random() < card_odds
    has_mortgage = age >= 25 and rng.random() < mortgage_odds

    def number(slot: str, held: bool) -> str | None:
        return account_number(branch.sort_code, index, slot) if held else None

    accounts = CustomerAccounts(
        current=account_number(branch.sort_code, index, "current"),
        savings=number("savings", has_savings),
        credit_card=number("credit_card", has_card),
        mortgage=number("mortgage", has_mortgage),
    )
    salary_day = rng.choice(SALARY_DAYS)
    profile = SpendingProfile(
        tier=tier,
        salary_day=salary_day,
        council=council_of(branch),
        accounts=accounts,
        overdraft_limit_minor=rng.choice(OVERDRAFTS[tier]),
        credit_limit_minor=rng.randrange(*CREDIT_LIMITS[tier], 50_000) if has_card else 0,
        mortgage_principal_minor=(
            rng.randrange(*MORTGAGES[tier], 100_000) if has_mortgage else 0
        ),
        kiosks=kiosks,
        retired=age >= 67,
    )
    interests = rng.sample(names.INTERESTS, rng.choice((0, 1, 1, 2, 2, 3)))
    preferences = [
        ("drink", _weighted(rng, names.DRINKS)),
        ("contact_channel", _weighted(rng, names.CONTACT_CHANNELS)),
        (MARKETING_PREFERENCE, _weighted(rng, names.MARKETING_CONSENT)),
        ("salary_day", str(salary_day)),
    ]
    if interests:
        preferences.append(("interests", ", ".join(interests)))
    return CustomerPlan(
        customer_number=f"SB{index + 1:06d}",
        given_name=given,
        family_name=family,
        preferred_name=preferred,
        date_of_birth=birthday,
        email=email,
        phone=phone,
        language=language,
        tier=tier,
        accessibility_needs=accessibility,
        branch_code=branch.code,
        created_at=created_at,
        preferences=tuple(sorted(preferences)),
        profile=profile,
        visits=(),
    )


def plan_visits(
    rng: random.Random,
    customer: CustomerPlan,
    branch_codes: tuple[str, ...],
    rms_by_branch: dict[str, tuple[str, ...]],
    window_start: datetime,
    now: datetime,
) -> tuple[VisitPlan, ...]:
    """Draw a few past visits in branch hours, some claimed by an RM and noted."""
    prefs = dict(customer.preferences)
    first_day = window_start.date() + timedelta(days=1)
    span = (now.date() - first_day).days  # visits end before today
    if span <= 0:
        return ()
    visits = []
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        day = first_day + timedelta(days=rng.randrange(span))
        while day.weekday() == 6:  # closed on Sundays
            day -= timedelta(days=1)
        if day < first_day:
            continue
        branch_code = customer.branch_code
        if len(branch_codes) > 1 and rng.random() < 0.1:
            branch_code = rng.choice(branch_codes)
        arrived = datetime.combine(
            day, time(rng.randint(9, 15), rng.randint(0, 59)), tzinfo=UTC
        )
        left = arrived + timedelta(minutes=rng.randint(6, 55))
        purpose = rng.choice(names.VISIT_PURPOSES)
        source = _weighted(rng, ((VisitSource.COUNTER, 5), (VisitSource.APPOINTMENT, 3),
                                 (VisitSource.KIOSK, 2)))
        claimed_by = rng.choice(rms_by_branch[branch_code]) if rng.random() < 0.7 else None
        note = None
        if claimed_by and rng.random() < 0.6:
            templates = names.NOTE_TEMPLATES.get(purpose, names.GENERAL_NOTES)
            note = rng.choice(templates).format(
                drink=prefs["drink"],
                channel=prefs["contact_channel"],
                interest=prefs.get("interests", "saving").split(", ")[0],
            )
        visits.append(VisitPlan(branch_code, source, arrived, left, purpose, claimed_by, note))
    return tuple(sorted(visits, key=lambda v: v.arrived_at))
